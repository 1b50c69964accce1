package dev.camelcoding.component;

import dev.camelcoding.client.CodingApiException;
import dev.camelcoding.client.CodingAuthenticationException;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.client.CodingPermissionException;
import dev.camelcoding.client.CodingThrottledException;
import dev.camelcoding.client.CodingTransientException;

/**
 * What an endpoint last learned about CODING: whether its last poll worked and, when not, why, named the way a
 * readiness probe reports it (authentication, permission, not found, throttled, unreachable).
 */
public final class CodingHealth {

    private volatile String problem;
    private volatile String message;
    private volatile long lastSuccessAt;
    private volatile long lastAttemptAt;

    void success(long now) {
        problem = null;
        message = null;
        lastSuccessAt = now;
        lastAttemptAt = now;
    }

    void failure(Throwable error, long now) {
        lastAttemptAt = now;
        problem = classify(error);
        message = error.getMessage();
    }

    /** Null when the last poll worked (or none ran yet); otherwise a one-word reason. */
    public String problem() {
        return problem;
    }

    public String message() {
        return message;
    }

    public long lastSuccessAt() {
        return lastSuccessAt;
    }

    public long lastAttemptAt() {
        return lastAttemptAt;
    }

    static String classify(Throwable error) {
        if (error instanceof CodingAuthenticationException) {
            return "authentication";
        }
        if (error instanceof CodingPermissionException) {
            return "permission";
        }
        if (error instanceof CodingNotFoundException) {
            return "not-found";
        }
        if (error instanceof CodingThrottledException) {
            return "throttled";
        }
        if (error instanceof CodingTransientException) {
            return "unreachable";
        }
        if (error instanceof CodingApiException) {
            return "invalid-request";
        }
        return "delivery";
    }
}
