package dev.camelcoding.client;

import java.time.Duration;
import java.util.Optional;

/**
 * CODING refused the call because of its rate limits (RequestLimitExceeded, LimitExceeded, HTTP 429). The same call
 * succeeds once the window has passed; {@link #retryAfter()} carries CODING's hint when it sent one.
 */
public class CodingThrottledException extends CodingApiException {

    private final Duration retryAfter;

    public CodingThrottledException(ApiFailure failure, String advice, Duration retryAfter, Throwable cause) {
        super(failure, advice, cause);
        this.retryAfter = retryAfter;
    }

    /** How long CODING asked us to wait (the Retry-After header), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
