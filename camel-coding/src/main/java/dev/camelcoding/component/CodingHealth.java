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
    private volatile CodingApiException permanentFailure;

    void success(long now) {
        permanentFailure = null;
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

    /**
     * Records a failure that no retry can cure (a refused credential, a missing permission, an unknown project, an
     * invalid option): the endpoint has stopped polling, and an application watching it can stop and tell the user.
     */
    void permanentFailure(CodingApiException error, long now) {
        failure(error, now);
        permanentFailure = error;
    }

    /** The failure that stopped this endpoint, or null while it is polling (or retrying a transient failure). */
    public CodingApiException permanentFailure() {
        return permanentFailure;
    }

    /** Whether trying again later cannot help: a non-retryable CODING error (authentication, permission, ...). */
    public static boolean isPermanent(Throwable error) {
        return error instanceof CodingApiException api && !api.isRetryable();
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
