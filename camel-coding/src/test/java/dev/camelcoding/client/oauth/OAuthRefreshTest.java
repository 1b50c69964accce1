package dev.camelcoding.client.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingAuthenticationException;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.client.CodingOAuthGrantException;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.OAuthGrants;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refresh against the simulated CODING, whose refresh (as CODING documents) invalidates the old access token and
 * the old refresh token: before expiry, after a refusal, a revoked grant, the order of save and use, a crash after
 * the save, and concurrent refreshers of one store.
 */
class OAuthRefreshTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));
    private CodingSimulator sim;
    private Path file;
    private OAuthGrant first;

    @BeforeEach
    void authorize() throws Exception {
        sim = CodingSimulator.builder().issues(5).clock(clock::millis).start();
        file = dir.resolve("coding-oauth.json");
        first = Grants.authorize(sim, file, clock);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void anAccessTokenAboutToExpireIsRefreshedBeforeTheCallAndTheRotatedPairIsKept() {
        OAuthSession session = session(new FileCredentialStore(file));
        CodingCredentials credentials = CodingCredentials.oauthGrant(session);
        String fingerprint = credentials.fingerprint();
        try (CodingApiClient client = client(session)) {
            client.currentUser();
            clock.advance(Duration.ofHours(2).minusMinutes(1)); // inside the 5-minute margin of the 7200 s token
            client.currentUser();
        }
        assertThat(credentials.fingerprint())
                .as("one rate budget across refreshes")
                .isEqualTo(fingerprint);
        assertThat(credentials.toString()).doesNotContain(session.grant().accessToken());
        assertThat(sim.oauth().refreshes()).isEqualTo(1);
        assertThat(sim.counters().errors("DescribeCodingCurrentUser"))
                .as("no call was refused")
                .isZero();
        OAuthGrant onDisk = new FileCredentialStore(file).load().orElseThrow();
        assertThat(onDisk.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(onDisk.refreshToken())
                .as("the rotated refresh token is kept")
                .isNotEqualTo(first.refreshToken());
        assertThat(sim.oauth().calls())
                .extracting(OAuthGrants.BearerCall::accessToken)
                .containsExactly(first.accessToken(), onDisk.accessToken());
        assertThat(onDisk.expiresAt()).isEqualTo(clock.instant().plusSeconds(7200));
    }

    @Test
    void aRefusedAccessTokenIsRefreshedOnceAndTheCallRepeated() {
        try (CodingApiClient client = client(session(new FileCredentialStore(file)))) {
            client.currentUser();
            sim.oauth().dropAccessToken(1); // CODING lets the token go before its expiry
            assertThat(client.currentUser().get("Id").asLong()).isPositive();
        }
        assertThat(sim.oauth().refreshes()).isEqualTo(1);
        assertThat(sim.counters().errors("DescribeCodingCurrentUser")).isEqualTo(1);
    }

    @Test
    void aRefreshedTokenRefusedAgainIsFinalNotALoop() {
        RecordingStore store = new RecordingStore(new FileCredentialStore(file));
        store.afterSave(saved -> sim.oauth().dropAccessToken(1)); // the new token is dead on arrival
        try (CodingApiClient client = client(session(store))) {
            sim.oauth().dropAccessToken(1);
            assertThatThrownBy(client::currentUser)
                    .isInstanceOf(CodingAuthenticationException.class)
                    .hasMessageContaining("AuthFailure");
        }
        assertThat(sim.oauth().refreshes()).isEqualTo(1);
        assertThat(sim.counters().errors("DescribeCodingCurrentUser")).isEqualTo(2);
    }

    @Test
    void aRevokedGrantIsOneClearErrorNamingTheCommandToAuthorizeAgain() {
        sim.oauth().revoke(1);
        try (CodingApiClient client = client(session(new FileCredentialStore(file)))) {
            assertThatThrownBy(client::currentUser).isInstanceOfSatisfying(CodingOAuthGrantException.class, e -> {
                assertThat(e.kind()).isEqualTo(OAuthException.Kind.GRANT_REFUSED);
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage())
                        .contains("expired or revoked")
                        .contains("run coding-sync authorize --credentials " + file + " again")
                        .contains("invalid_grant")
                        .doesNotContain("\n")
                        .doesNotContain(first.accessToken())
                        .doesNotContain(first.refreshToken())
                        .doesNotContain(sim.oauthClientSecret());
            });
            clock.advance(Duration.ofHours(3)); // and the same on expiry, before any call is made
            assertThatThrownBy(client::currentUser)
                    .isInstanceOf(CodingOAuthGrantException.class)
                    .hasMessageContaining("coding-sync authorize");
        }
        assertThat(sim.oauth().refreshes()).isZero();
    }

    @Test
    void aRefreshTokenOlderThanNinetyDaysIsAnExpiredGrant() {
        clock.advance(Duration.ofDays(90).plusMinutes(1)); // CODING: refresh tokens are valid 90 days
        try (CodingApiClient client = client(session(new FileCredentialStore(file)))) {
            assertThatThrownBy(client::currentUser)
                    .isInstanceOf(CodingOAuthGrantException.class)
                    .hasMessageContaining("expired or revoked")
                    .hasMessageContaining("valid 90 days")
                    .hasMessageContaining("run coding-sync authorize --credentials " + file + " again");
        }
        assertThat(sim.oauth().refreshes()).isZero();
    }

    @Test
    void noGrantYetSaysToAuthorize() {
        try (CodingApiClient client = client(session(new FileCredentialStore(dir.resolve("none.json"))))) {
            assertThatThrownBy(client::currentUser)
                    .isInstanceOfSatisfying(
                            CodingOAuthGrantException.class,
                            e -> assertThat(e.kind()).isEqualTo(OAuthException.Kind.NO_GRANT))
                    .hasMessageContaining("No OAuth grant in")
                    .hasMessageContaining("run coding-sync authorize");
        }
    }

    @Test
    void theRotatedPairIsOnDiskBeforeTheNewTokenIsUsedOrTheOldOneForgotten() {
        RecordingStore store = new RecordingStore(new FileCredentialStore(file));
        OAuthSession session = session(store);
        AtomicReference<String> atSave = new AtomicReference<>();
        store.afterSave(saved -> {
            // Re-read from disk by a new store, as a restarted process would.
            OAuthGrant onDisk = new FileCredentialStore(file).load().orElseThrow();
            long usedYet = sim.oauth().calls().stream()
                    .filter(c -> c.accessToken().equals(saved.accessToken()))
                    .count();
            atSave.set("refreshes=" + sim.oauth().refreshes() + " onDisk="
                    + onDisk.accessToken().equals(saved.accessToken())
                    + "/" + onDisk.refreshToken().equals(saved.refreshToken()) + " newUsed=" + usedYet
                    + " sessionStillHoldsOld=" + session.grant().accessToken().equals(first.accessToken()));
        });
        try (CodingApiClient client = client(session)) {
            client.currentUser();
            sim.oauth().dropAccessToken(1);
            client.currentUser();
        }
        assertThat(atSave.get()).isEqualTo("refreshes=1 onDisk=true/true newUsed=0 sessionStillHoldsOld=true");
        assertThat(store.events).containsSubsequence("lock", "load", "save", "saved", "unlock");
        OAuthGrant onDisk = new FileCredentialStore(file).load().orElseThrow();
        assertThat(sim.oauth().calls())
                .extracting(OAuthGrants.BearerCall::accessToken)
                .last()
                .isEqualTo(onDisk.accessToken());
    }

    @Test
    void aCrashRightAfterTheSaveNeedsNoNewAuthorization() {
        RecordingStore store = new RecordingStore(new FileCredentialStore(file));
        store.afterSave(saved -> {
            throw new SimulatedCrash();
        });
        try (CodingApiClient client = client(session(store))) {
            sim.oauth().dropAccessToken(1);
            assertThatThrownBy(client::currentUser).isInstanceOf(SimulatedCrash.class);
        }
        assertThat(sim.oauth().refreshes()).isEqualTo(1);
        // The process restarts: a new store and session over the same file.
        try (CodingApiClient restarted = client(session(new FileCredentialStore(file)))) {
            assertThat(restarted.currentUser().get("Id").asLong()).isPositive();
        }
        assertThat(sim.oauth().refreshes()).as("the saved pair works as it is").isEqualTo(1);
        assertThat(sim.oauth().exchanges()).as("no new authorization").isEqualTo(1);
        assertThat(sim.oauth().refusals()).isZero();
    }

    @Test
    void concurrentRefreshersOfOneFileInOneJvmSpendTheRefreshTokenOnce() throws Exception {
        clock.advance(Duration.ofHours(3));
        // Two store instances over one file (as two endpoints, or two Camel contexts, would have), four threads each.
        List<OAuthSession> sessions =
                List.of(session(new FileCredentialStore(file)), session(new FileCredentialStore(file)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                OAuthSession session = sessions.get(i % 2);
                tokens.add(pool.submit(() -> {
                    go.await();
                    return session.accessToken();
                }));
            }
            go.countDown();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            for (Future<String> token : tokens) {
                seen.add(token.get(20, TimeUnit.SECONDS));
            }
            assertThat(seen).hasSize(1).doesNotContain(first.accessToken());
        } finally {
            pool.shutdownNow();
        }
        assertThat(sim.oauth().refreshes()).isEqualTo(1);
        assertThat(sim.oauth().refusals()).isZero();
    }

    private OAuthSession session(CredentialStore store) {
        return new OAuthSession(store, new TokenEndpoint(Duration.ofSeconds(5)), clock);
    }

    private CodingApiClient client(OAuthSession session) {
        return new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(sim.baseUrl())
                .credentials(CodingCredentials.oauthGrant(session))
                .maxAttempts(1)
                .build());
    }

    /** The process dies here. */
    static final class SimulatedCrash extends RuntimeException {}
}
