package dev.camelcoding.client;

/** How one HTTP call to CODING's Open API ended, as an {@link ApiCallObserver} is told (one retry is one more call). */
public enum ApiCallResult {
    /** CODING answered with a Response. */
    OK("ok"),
    /** CODING's rate limit refused the call (retried after its Retry-After). */
    THROTTLED("throttled"),
    /** No answer, a dropped connection, a 5xx or an unreadable answer (retried). */
    UNREACHABLE("unreachable"),
    /** The credential was refused. */
    AUTHENTICATION("authentication"),
    /** The credential lacks a permission. */
    PERMISSION("permission"),
    /** The project, or the row asked for, does not exist. */
    NOT_FOUND("not-found"),
    /** CODING refused the request itself (a parameter). */
    INVALID_REQUEST("invalid-request");

    private final String tag;

    ApiCallResult(String tag) {
        this.tag = tag;
    }

    /** The value of the {@code result} tag of the API call metrics. */
    public String tag() {
        return tag;
    }

    /** The result a classified failure stands for. */
    public static ApiCallResult of(CodingApiException failure) {
        if (failure instanceof CodingThrottledException) {
            return THROTTLED;
        }
        if (failure instanceof CodingTransientException) {
            return UNREACHABLE;
        }
        if (failure instanceof CodingAuthenticationException) {
            return AUTHENTICATION;
        }
        if (failure instanceof CodingPermissionException) {
            return PERMISSION;
        }
        if (failure instanceof CodingNotFoundException) {
            return NOT_FOUND;
        }
        return INVALID_REQUEST;
    }
}
