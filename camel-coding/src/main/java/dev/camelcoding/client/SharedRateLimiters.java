package dev.camelcoding.client;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rate limiter per CODING credential and host, shared by every client in the JVM: CODING counts calls per
 * credential, so two endpoints using the same token must share one budget or together they exceed it.
 *
 * <p>Limiters are keyed by the credential's one-way {@link CodingCredentials#fingerprint() fingerprint}; this class
 * never holds a secret. When clients ask for different rates for the same credential, the lowest rate wins.
 * Permits are spread evenly (one every {@code 1/rate} seconds) rather than granted in bursts, to stay gentle.
 */
public final class SharedRateLimiters {

    /** How long a call may queue for a permit before it fails as throttled on our side. */
    static final Duration MAX_PERMIT_WAIT = Duration.ofMinutes(5);

    private static final RateLimiterRegistry REGISTRY = RateLimiterRegistry.ofDefaults();
    private static final Map<String, Double> RATES = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, Integer>> USERS = new ConcurrentHashMap<>();

    private SharedRateLimiters() {
    }

    /** The limiter for this credential at this host, created at {@code requestsPerSecond} or lowered to it. */
    static RateLimiter forCredential(CodingCredentials credentials, String host, double requestsPerSecond) {
        String key = key(credentials, host);
        double rate = RATES.merge(key, requestsPerSecond, Math::min);
        RateLimiter limiter = REGISTRY.rateLimiter(key, configFor(rate));
        Duration period = periodFor(rate);
        if (!limiter.getRateLimiterConfig().getLimitRefreshPeriod().equals(period)) {
            // A rate limiter's period is fixed at creation: replace it with one at the lower rate.
            REGISTRY.replace(key, RateLimiter.of(key, configFor(rate)));
            limiter = REGISTRY.rateLimiter(key);
        }
        return limiter;
    }

    /**
     * Records that a source (a team and project) uses a credential and returns how many distinct sources use it now,
     * so callers can warn when one credential feeds several sources (CODING's quota is per credential).
     */
    public static int registerUser(CodingCredentials credentials, String host, String sourceId) {
        Map<String, Integer> sources = USERS.computeIfAbsent(key(credentials, host), k -> new ConcurrentHashMap<>());
        sources.merge(sourceId, 1, Integer::sum);
        return sources.size();
    }

    /** The reverse of {@link #registerUser}. */
    public static void unregisterUser(CodingCredentials credentials, String host, String sourceId) {
        Map<String, Integer> sources = USERS.get(key(credentials, host));
        if (sources != null) {
            sources.computeIfPresent(sourceId, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** The rate now in force for a credential, or 0 when no client uses it yet. */
    public static double rateFor(CodingCredentials credentials, String host) {
        return RATES.getOrDefault(key(credentials, host), 0d);
    }

    private static String key(CodingCredentials credentials, String host) {
        return "coding-" + credentials.fingerprint() + "@" + host;
    }

    private static RateLimiterConfig configFor(double requestsPerSecond) {
        return RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(periodFor(requestsPerSecond))
                .timeoutDuration(MAX_PERMIT_WAIT)
                .build();
    }

    private static Duration periodFor(double requestsPerSecond) {
        return Duration.ofNanos(Math.max(1_000L, Math.round(1_000_000_000d / requestsPerSecond)));
    }
}
