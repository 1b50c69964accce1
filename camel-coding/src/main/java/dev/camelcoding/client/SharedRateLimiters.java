package dev.camelcoding.client;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rate limiter per CODING credential and host, shared by every client in the JVM: CODING counts calls per
 * credential, so two endpoints using the same token must share one budget or together they exceed it.
 *
 * <p>Limiters are keyed by the credential's one-way {@link CodingCredentials#fingerprint() fingerprint}; this class
 * never holds a secret. Each client takes a {@link Lease} at the rate it wants; the rate in force is the lowest rate
 * among the open leases, so it rises again when the client that asked for less closes. Permits are spread evenly
 * (one every {@code 1/rate} seconds) rather than granted in bursts, to stay gentle.
 */
public final class SharedRateLimiters {

    /** How long a call may queue for a permit before it fails as throttled on our side. */
    static final Duration MAX_PERMIT_WAIT = Duration.ofMinutes(5);

    private static final Map<String, Shared> LIMITERS = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, Integer>> USERS = new ConcurrentHashMap<>();

    private SharedRateLimiters() {
    }

    /** A client's share of its credential's limiter. */
    public static final class Lease implements AutoCloseable {
        private final Shared shared;
        private final double rate;
        private boolean closed;

        private Lease(Shared shared, double rate) {
            this.shared = shared;
            this.rate = rate;
        }

        /** The limiter in force now (it is replaced when the lowest rate among the leases changes). */
        RateLimiter limiter() {
            return shared.limiter;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                shared.release(rate);
            }
        }
    }

    /** Takes a lease on the limiter of this credential at this host, asking for {@code requestsPerSecond}. */
    static Lease lease(CodingCredentials credentials, String host, double requestsPerSecond) {
        Shared shared = LIMITERS.computeIfAbsent(key(credentials, host), Shared::new);
        shared.acquire(requestsPerSecond);
        return new Lease(shared, requestsPerSecond);
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

    /** The rate now in force for a credential, or 0 when no client holds a lease on it. */
    public static double rateFor(CodingCredentials credentials, String host) {
        Shared shared = LIMITERS.get(key(credentials, host));
        return shared == null ? 0 : shared.rate();
    }

    private static String key(CodingCredentials credentials, String host) {
        return "coding-" + credentials.fingerprint() + "@" + host;
    }

    /** The limiter of one credential and the rates its leases asked for. */
    private static final class Shared {
        private final String name;
        private final TreeMap<Double, Integer> requested = new TreeMap<>();
        private volatile RateLimiter limiter;
        private double rate;

        Shared(String name) {
            this.name = name;
        }

        synchronized void acquire(double requestsPerSecond) {
            requested.merge(requestsPerSecond, 1, Integer::sum);
            adjust();
        }

        synchronized void release(double requestsPerSecond) {
            requested.computeIfPresent(requestsPerSecond, (r, n) -> n <= 1 ? null : n - 1);
            adjust();
        }

        synchronized double rate() {
            return requested.isEmpty() ? 0 : rate;
        }

        /** A limiter's period is fixed at creation: a new lowest rate gets a new limiter. */
        private void adjust() {
            if (requested.isEmpty()) {
                return; // keep the last limiter for calls still in flight
            }
            double lowest = requested.firstKey();
            if (limiter == null || lowest != rate) {
                rate = lowest;
                limiter = RateLimiter.of(name, RateLimiterConfig.custom()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofNanos(Math.max(1_000L, Math.round(1_000_000_000d / lowest))))
                        .timeoutDuration(MAX_PERMIT_WAIT)
                        .build());
            }
        }
    }
}
