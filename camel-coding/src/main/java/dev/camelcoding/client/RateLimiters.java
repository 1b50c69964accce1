package dev.camelcoding.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credential limiters of one owner (a {@code coding:} component, so one CamelContext; or a standalone client):
 * CODING counts calls per credential, so every client of the owner that uses the same credential at the same host
 * shares one {@link CredentialLimiter}. Nothing here is static: two CamelContexts in one JVM (or two tests) have
 * budgets of their own, and a stopped context's limiters go with it.
 *
 * <p>Limiters are keyed by the credential's one-way {@link CodingCredentials#fingerprint() fingerprint}; this class
 * never holds a secret.
 */
public final class RateLimiters {

    private final Map<String, CredentialLimiter> limiters = new ConcurrentHashMap<>();
    private final java.util.function.Supplier<CredentialLimiter> newLimiter;

    /** Limiters on the system clock. */
    public RateLimiters() {
        this(CredentialLimiter::new);
    }

    /** Limiters made by {@code newLimiter} (a benchmark: {@link CredentialLimiter#onClock} on its simulated clock). */
    public RateLimiters(java.util.function.Supplier<CredentialLimiter> newLimiter) {
        this.newLimiter = newLimiter;
    }

    /** Takes a lease on the limiter of this credential at this host, asking for {@code requestsPerSecond}. */
    public CredentialLimiter.Lease lease(CodingCredentials credentials, String host, double requestsPerSecond) {
        return lease(credentials, host, requestsPerSecond, "");
    }

    /**
     * Takes a lease whose calls take their turns at the limiter as {@code source} (a team and project: sources waiting
     * at one priority are served in turn, see {@link CredentialLimiter}).
     */
    public CredentialLimiter.Lease lease(
            CodingCredentials credentials, String host, double requestsPerSecond, String source) {
        return limiters.computeIfAbsent(key(credentials, host), k -> newLimiter.get())
                .lease(requestsPerSecond, source);
    }

    /** The limiter of a credential, if a client ever leased it here. */
    public java.util.Optional<CredentialLimiter> limiter(CodingCredentials credentials, String host) {
        return java.util.Optional.ofNullable(limiters.get(key(credentials, host)));
    }

    /** The rate now in force for a credential, or 0 when no client holds a lease on it. */
    public double rateFor(CodingCredentials credentials, String host) {
        CredentialLimiter limiter = limiters.get(key(credentials, host));
        return limiter == null ? 0 : limiter.rate();
    }

    private static String key(CodingCredentials credentials, String host) {
        return credentials.fingerprint() + "@" + host;
    }
}
