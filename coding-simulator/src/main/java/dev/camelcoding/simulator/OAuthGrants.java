package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The OAuth 2 side of the simulated CODING (coding-api.md section 3): registered apps, authorization codes (single
 * use, valid 5 minutes), grants with one live access token and one live refresh token each. A refresh issues a new
 * pair and invalidates both old tokens, as CODING documents. Every time comes from the simulator's clock, so tests
 * expire tokens by moving that clock. It also logs which grant each Open API call authenticated with, so a test can
 * show two connections never carried each other's tokens.
 */
public final class OAuthGrants {

    /** CODING: "code is single-use, valid 5 min". */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    /** CODING: "refresh_token valid 90 days". */
    static final Duration REFRESH_LIFETIME = Duration.ofDays(90);

    /** An authorization code waiting for its exchange. */
    private record PendingCode(String clientId, String scope, long issuedAt) {}

    /** One authorization: the tokens live now, the times they expire, and whether it was revoked. */
    private static final class Grant {
        final int id;
        final String clientId;
        final String scope;
        String accessToken;
        long accessExpiresAt;
        String refreshToken;
        long refreshExpiresAt;

        Grant(int id, String clientId, String scope) {
            this.id = id;
            this.clientId = clientId;
            this.scope = scope;
        }
    }

    /** One Open API call made with an OAuth access token: which grant, which token, which action. */
    public record BearerCall(int grantId, String accessToken, String action) {}

    /** A refused token request: the OAuth error code (RFC 6749 section 5.2) and HTTP status to answer with. */
    static final class Refusal extends RuntimeException {
        final int status;
        final String error;

        Refusal(int status, String error, String description) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    private final LongSupplier clock;
    private final String team;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> apps = new ConcurrentHashMap<>();
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final Map<Integer, Grant> grants = new ConcurrentHashMap<>();
    private final AtomicInteger nextGrant = new AtomicInteger(1);
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger exchanges = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private final List<BearerCall> calls = new ArrayList<>();
    private volatile Duration accessLifetime = Duration.ofHours(2);

    OAuthGrants(LongSupplier clock, String team) {
        this.clock = clock;
        this.team = team;
    }

    /** Registers an OAuth app (CODING: team settings, publish an app; the secret is shown once). */
    public void registerApp(String clientId, String clientSecret) {
        apps.put(clientId, clientSecret);
    }

    /** How long access tokens issued from now on live (CODING's 2025 sample: 7200 seconds). */
    public void accessTokenLifetime(Duration lifetime) {
        this.accessLifetime = lifetime;
    }

    String team() {
        return team;
    }

    /** Whether the app is registered (the authorize page refuses unknown apps). */
    boolean knows(String clientId) {
        return clientId != null && apps.containsKey(clientId);
    }

    /** What the authorize page does once the user approved: a fresh single-use code. */
    String approve(String clientId, String scope) {
        String code = token("code");
        codes.put(code, new PendingCode(clientId, scope == null ? "" : scope, clock.getAsLong()));
        return code;
    }

    /** grant_type=authorization_code. */
    synchronized ObjectNode exchange(String clientId, String clientSecret, String code) {
        checkClient(clientId, clientSecret);
        PendingCode pending = code == null ? null : codes.remove(code); // removed: single use, even when refused
        if (pending == null) {
            throw refused(400, "invalid_grant", "The authorization code is invalid or was already used.");
        }
        if (clock.getAsLong() - pending.issuedAt() > CODE_LIFETIME.toMillis()) {
            throw refused(400, "invalid_grant", "The authorization code has expired (codes are valid 5 minutes).");
        }
        if (!pending.clientId().equals(clientId)) {
            throw refused(400, "invalid_grant", "The authorization code was issued to another app.");
        }
        Grant grant = new Grant(nextGrant.getAndIncrement(), clientId, pending.scope());
        grants.put(grant.id, grant);
        exchanges.incrementAndGet();
        return issue(grant);
    }

    /** grant_type=refresh_token: a new pair; the old access token and the old refresh token stop working. */
    synchronized ObjectNode refresh(String clientId, String clientSecret, String refreshToken) {
        checkClient(clientId, clientSecret);
        Grant grant = refreshToken == null
                ? null
                : grants.values().stream()
                        .filter(g -> refreshToken.equals(g.refreshToken))
                        .findFirst()
                        .orElse(null);
        if (grant == null) {
            throw refused(400, "invalid_grant", "The refresh token is invalid, was already used, or was revoked.");
        }
        if (clock.getAsLong() >= grant.refreshExpiresAt) {
            throw refused(400, "invalid_grant", "The refresh token has expired (refresh tokens are valid 90 days).");
        }
        if (!grant.clientId.equals(clientId)) {
            throw refused(400, "invalid_grant", "The refresh token belongs to another app.");
        }
        refreshes.incrementAndGet();
        return issue(grant);
    }

    /** The grant an access token belongs to, if it is its live, unexpired token. */
    synchronized Optional<Integer> grantOf(String accessToken) {
        long now = clock.getAsLong();
        return grants.values().stream()
                .filter(g -> accessToken.equals(g.accessToken) && now < g.accessExpiresAt)
                .map(g -> g.id)
                .findFirst();
    }

    synchronized void recordCall(int grantId, String accessToken, String action) {
        calls.add(new BearerCall(grantId, accessToken, action));
    }

    /** The user revoked the app's authorization: both tokens of the grant stop working. */
    public synchronized void revoke(int grantId) {
        Grant grant = grants.get(grantId);
        if (grant != null) {
            grant.accessToken = null;
            grant.refreshToken = null;
        }
    }

    /** CODING drops the grant's access token before its expiry (the refresh token stays valid). */
    public synchronized void dropAccessToken(int grantId) {
        Grant grant = grants.get(grantId);
        if (grant != null) {
            grant.accessToken = null;
        }
    }

    /** The grant that issued this access or refresh token (current or not), for test assertions. */
    public synchronized Optional<Integer> grantHolding(String token) {
        return grants.values().stream()
                .filter(g -> token.equals(g.accessToken) || token.equals(g.refreshToken))
                .map(g -> g.id)
                .findFirst();
    }

    /** Successful code exchanges. */
    public int exchanges() {
        return exchanges.get();
    }

    /** Successful refreshes. */
    public int refreshes() {
        return refreshes.get();
    }

    /** Token requests refused (bad code, spent or revoked refresh token, bad client). */
    public int refusals() {
        return refusals.get();
    }

    /** Every Open API call authenticated by an OAuth grant, oldest first. */
    public synchronized List<BearerCall> calls() {
        return List.copyOf(calls);
    }

    private void checkClient(String clientId, String clientSecret) {
        String expected = clientId == null ? null : apps.get(clientId);
        if (expected == null || clientSecret == null || !Authenticator.same(expected, clientSecret)) {
            throw refused(401, "invalid_client", "Unknown client_id or wrong client_secret.");
        }
    }

    private Refusal refused(int status, String error, String description) {
        refusals.incrementAndGet();
        return new Refusal(status, error, description);
    }

    /**
     * Issues a new pair for the grant, in CODING's shape: {@code expires_in} as a string of seconds, and
     * {@code token_type} in the two spellings CODING's samples show ("Bearer" in 2025, "bearer" in 2022), alternating.
     */
    private ObjectNode issue(Grant grant) {
        long now = clock.getAsLong();
        grant.accessToken = token("at");
        grant.refreshToken = token("rt");
        grant.accessExpiresAt = now + accessLifetime.toMillis();
        grant.refreshExpiresAt = now + REFRESH_LIFETIME.toMillis();
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("access_token", grant.accessToken);
        answer.put("refresh_token", grant.refreshToken);
        answer.put("scope", grant.scope);
        answer.put("team", team);
        answer.put("token_type", issued.getAndIncrement() % 2 == 0 ? "Bearer" : "bearer");
        answer.put("expires_in", Long.toString(accessLifetime.toSeconds()));
        return answer;
    }

    private String token(String prefix) {
        byte[] raw = new byte[16];
        random.nextBytes(raw);
        return prefix + HexFormat.of().formatHex(raw);
    }
}
