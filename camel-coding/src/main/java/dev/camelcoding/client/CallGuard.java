package dev.camelcoding.client;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each Open API call inside the credential's shared limiter (at the call's {@link CallPriority}) and retries throttled and transient failures
 * with exponential backoff and jitter (resilience4j). A Retry-After from CODING is honoured: the wait before the next
 * attempt is at least that long. The total time one call may spend waiting is bounded by
 * {@link CodingClientOptions#maxTotalWait()}; past it, or after {@code maxAttempts}, the last failure is thrown with
 * a note of how long we tried. Authentication, permission, not-found and invalid-request failures are never retried.
 */
final class CallGuard {

    private static final Logger LOG = LoggerFactory.getLogger(CallGuard.class);

    /** How long a call may queue for a permit before it fails as throttled on our side. */
    static final Duration MAX_PERMIT_WAIT = Duration.ofMinutes(5);

    private final CredentialLimiter.Lease lease;
    private final Retry retry;
    private final IntervalFunction backoff;
    private final Duration maxTotalWait;
    private final int maxAttempts;

    CallGuard(CredentialLimiter.Lease lease, CodingClientOptions options) {
        this.lease = lease;
        this.maxAttempts = options.maxAttempts();
        this.maxTotalWait = options.maxTotalWait();
        this.backoff =
                IntervalFunction.ofExponentialRandomBackoff(options.initialBackoff(), 2.0, 0.5, options.maxBackoff());
        this.retry = Retry.of(
                "coding-api",
                RetryConfig.custom()
                        .maxAttempts(options.maxAttempts())
                        .retryOnException(CallGuard::isRetryable)
                        .intervalBiFunction((IntervalBiFunction<Object>)
                                (attempt, outcome) -> waitBefore(attempt, outcome.isLeft() ? outcome.getLeft() : null))
                        .build());
    }

    <T> T call(String action, CallPriority priority, Supplier<T> attempt) {
        long started = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        Supplier<T> guarded = () -> {
            int number = attempts.incrementAndGet();
            acquirePermit(action, priority);
            try {
                return attempt.get();
            } catch (CodingApiException failure) {
                if (failure.isRetryable()) {
                    Duration waited = Duration.ofNanos(System.nanoTime() - started);
                    Duration next = Duration.ofMillis(waitBefore(number, failure));
                    if (number < maxAttempts && waited.plus(next).compareTo(maxTotalWait) > 0) {
                        failure.giveUpAfter(
                                number,
                                waited,
                                "the next wait of " + next.toMillis() + " ms would pass maxTotalWait "
                                        + maxTotalWait.toMillis() + " ms");
                        throw new GiveUp(failure);
                    }
                    if (number < maxAttempts) {
                        LOG.debug(
                                "{} failed on attempt {} ({}); retrying in about {} ms",
                                action,
                                number,
                                failure.errorCode() != null ? failure.errorCode() : "HTTP " + failure.httpStatus(),
                                next.toMillis());
                    }
                }
                throw failure;
            }
        };
        try {
            return Retry.decorateSupplier(retry, guarded).get();
        } catch (GiveUp giveUp) {
            throw giveUp.failure;
        } catch (CodingApiException failure) {
            if (failure.isRetryable() && attempts.get() > 1) {
                failure.giveUpAfter(
                        attempts.get(),
                        Duration.ofNanos(System.nanoTime() - started),
                        "maxAttempts " + maxAttempts + " reached");
            }
            throw failure;
        }
    }

    private void acquirePermit(String action, CallPriority priority) {
        boolean permitted;
        try {
            permitted = lease.acquire(priority, MAX_PERMIT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CodingTransientException(
                    ApiFailure.network(action, "interrupted while waiting for a permit"),
                    "The call was interrupted (the route is stopping)",
                    e);
        }
        if (!permitted) {
            ApiFailure failure = ApiFailure.network(
                    action,
                    "no permit from the local rate limiter within " + MAX_PERMIT_WAIT.toMinutes()
                            + " minutes: too many calls queue on this credential");
            throw new CodingThrottledException(
                    failure,
                    "Raise 'rateLimit', or give the sources that share this credential credentials of their own",
                    null,
                    null);
        }
    }

    private long waitBefore(int attempt, Throwable failure) {
        long millis = backoff.apply(attempt);
        if (failure instanceof CodingThrottledException throttled
                && throttled.retryAfter().isPresent()) {
            millis = Math.max(millis, throttled.retryAfter().get().toMillis());
        }
        return millis;
    }

    private static boolean isRetryable(Throwable failure) {
        return failure instanceof CodingApiException api && api.isRetryable();
    }

    /** Carries a failure out of the retry loop once the wait budget is spent (resilience4j does not retry it). */
    private static final class GiveUp extends RuntimeException {
        private final CodingApiException failure;

        GiveUp(CodingApiException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }
}
