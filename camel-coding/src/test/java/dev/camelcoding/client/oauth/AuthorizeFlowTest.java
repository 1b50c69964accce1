package dev.camelcoding.client.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.simulator.CodingSimulator;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's "Authorize" step end to end against the simulated CODING, the browser's redirect included. */
class AuthorizeFlowTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));
    private CodingSimulator sim;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(5).clock(clock::millis).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void theAuthorizeUrlIsCodingsWithTheReadScopesAndAFreshState() {
        try (AuthorizeFlow flow = AuthorizeFlow.builder()
                .team("acme")
                .app(new OAuthApp("my-app", "my-secret"))
                .scopes(ScopeFormat.LEGACY.readScopes(List.of("issues", "projectMembers")))
                .store(new FileCredentialStore(dir.resolve("c.json")))
                .build()
                .start()) {
            URI url = flow.authorizeUrl();
            assertThat(url.getScheme() + "://" + url.getHost() + url.getPath())
                    .isEqualTo("https://acme.coding.net/oauth_authorize.html");
            Map<String, String> q = query(url.getRawQuery());
            assertThat(q)
                    .containsEntry("client_id", "my-app")
                    .containsEntry("response_type", "code")
                    .containsEntry("scope", "user,project,project:issue,project:members")
                    .containsEntry("redirect_uri", flow.redirectUri().toString());
            assertThat(flow.redirectUri().toString())
                    .startsWith("http://127.0.0.1:")
                    .endsWith("/callback");
            assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(32);
            assertThat(url.toString()).doesNotContain("my-secret");
            assertThat(flow.tokenUrl()).hasToString("https://acme.coding.net/api/oauth/access_token");
        }
    }

    @Test
    void theWholeFlowStoresTheGrantOwnerOnlyAndTheTokenWorks() throws Exception {
        Path file = dir.resolve("creds").resolve("coding-oauth.json");
        OAuthGrant grant;
        try (AuthorizeFlow flow = Grants.flow(sim, new FileCredentialStore(file), clock)) {
            URI callback = new Browser().approve(flow.authorizeUrl());
            assertThat(callback.toString()).startsWith(flow.redirectUri().toString());
            HttpResponse<String> page = new Browser().get(callback);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("authorized for team acme");
            grant = flow.await(Duration.ofSeconds(10));
        }
        assertThat(sim.oauth().exchanges()).isEqualTo(1);
        // What is on disk is what CODING issued: both tokens of grant 1, the team CODING named, expires_in "7200".
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(sim.oauth().grantHolding(json.get("access_token").asText())).contains(1);
        assertThat(sim.oauth().grantHolding(json.get("refresh_token").asText())).contains(1);
        assertThat(json.get("team").asText()).isEqualTo("acme");
        assertThat(json.get("token_url").asText()).isEqualTo(sim.siteUrl() + "/api/oauth/access_token");
        assertThat(Instant.parse(json.get("expires_at").asText()))
                .isEqualTo(clock.instant().plusSeconds(7200));
        assertThat(grant.toString())
                .doesNotContain(grant.accessToken())
                .doesNotContain(grant.refreshToken())
                .doesNotContain(sim.oauthClientSecret());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary file left behind")
                    .containsOnly("coding-oauth.json", "coding-oauth.json.lock");
        }

        CodingCredentials credentials = CodingCredentials.oauthGrant(
                new OAuthSession(new FileCredentialStore(file), new TokenEndpoint(Duration.ofSeconds(5)), clock));
        try (CodingApiClient client = new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(sim.baseUrl())
                .credentials(credentials)
                .build())) {
            assertThat(client.currentUser().get("Id").asLong()).isPositive();
        }
        assertThat(sim.oauth().calls()).extracting(c -> c.grantId()).containsOnly(1);
    }

    @Test
    void aWrongStateIsRejectedWithoutAnExchangeAndTheRightOneStillWorks() throws Exception {
        try (AuthorizeFlow flow = Grants.flow(sim, new FileCredentialStore(dir.resolve("c.json")), clock)) {
            URI callback = new Browser().approve(flow.authorizeUrl());
            URI forged = URI.create(callback.toString().replaceAll("state=[^&]+", "state=forged-by-someone"));
            HttpResponse<String> rejected = new Browser().get(forged);
            assertThat(rejected.statusCode()).isEqualTo(400);
            assertThat(rejected.body()).contains("wrong or missing state").contains("Nothing was exchanged");
            URI noState = URI.create(callback.toString().replaceAll("&?state=[^&]+", ""));
            assertThat(new Browser().get(noState).statusCode()).isEqualTo(400);
            assertThat(sim.oauth().exchanges() + sim.oauth().refusals()).isZero();
            assertThat(Files.exists(dir.resolve("c.json"))).isFalse();

            assertThat(new Browser().get(callback).statusCode()).isEqualTo(200);
            assertThat(flow.await(Duration.ofSeconds(10))).isNotNull();
            assertThat(sim.oauth().exchanges()).isEqualTo(1);
        }
    }

    @Test
    void aReplayedStateIsRejectedWithoutASecondExchange() throws Exception {
        try (AuthorizeFlow flow = Grants.flow(sim, new FileCredentialStore(dir.resolve("c.json")), clock)) {
            URI callback = new Browser().approve(flow.authorizeUrl());
            assertThat(new Browser().get(callback).statusCode()).isEqualTo(200);
            flow.await(Duration.ofSeconds(10));

            HttpResponse<String> replay = new Browser().get(callback);
            assertThat(replay.statusCode()).isEqualTo(400);
            assertThat(replay.body()).contains("already received once");
            // A replay with a new code from CODING is refused too: the state is spent.
            URI secondApproval = new Browser().approve(flow.authorizeUrl());
            assertThat(new Browser().get(secondApproval).statusCode()).isEqualTo(400);
            assertThat(sim.oauth().exchanges()).isEqualTo(1);
            assertThat(sim.oauth().refusals()).isZero();
        }
    }

    @Test
    void aCodeOlderThanFiveMinutesIsRefusedAndTheFlowSaysSo() throws Exception {
        try (AuthorizeFlow flow = Grants.flow(sim, new FileCredentialStore(dir.resolve("c.json")), clock)) {
            URI callback = new Browser().approve(flow.authorizeUrl());
            clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            assertThat(new Browser().get(callback).statusCode()).isEqualTo(502);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> flow.await(Duration.ofSeconds(10)))
                    .isInstanceOf(OAuthException.class)
                    .hasMessageContaining("refused the authorization code")
                    .hasMessageContaining("invalid_grant");
            assertThat(Files.exists(dir.resolve("c.json"))).isFalse();
        }
    }

    private static Map<String, String> query(String raw) {
        return Arrays.stream(raw.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(
                        p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }
}
