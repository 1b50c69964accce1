package dev.camelcoding.client;

import java.time.Duration;
import java.util.Locale;

/**
 * Turns one failed call into the exception that says what kind of failure it was and what the user can do about it.
 *
 * <p>CODING uses Tencent Cloud's common error codes, sometimes with a dotted sub-code ({@code AuthFailure.TokenFailure}),
 * and usually answers HTTP 200 with the error in the envelope. Its gateway can also answer 401/403/429/5xx on its own.
 * Two quirks are known from a connector that ran against the real service: {@code InvalidParameterValue} with an
 * empty message on a read means the credential lacks the permission for that resource, and {@code ResourceNotFound}
 * with "User not found, authorization invalid" means the token has expired.
 */
final class ErrorClassifier {

    private final CodingCredentials credentials;
    private final String apiUrl;

    ErrorClassifier(CodingCredentials credentials, String apiUrl) {
        this.credentials = credentials;
        this.apiUrl = apiUrl;
    }

    CodingApiException classify(ApiFailure failure, Duration retryAfter, Throwable cause) {
        String code = failure.errorCode();
        if (code != null) {
            return fromErrorCode(failure, baseCode(code), retryAfter, cause);
        }
        int status = failure.httpStatus();
        if (status == 401) {
            return authentication(failure, cause);
        }
        if (status == 403) {
            return permission(failure, cause);
        }
        if (status == 404) {
            return new CodingNotFoundException(
                    failure,
                    "The API URL " + apiUrl
                            + " does not serve CODING's Open API: check 'apiUrl' (https://e.coding.net/open-api"
                            + " or https://<team>.coding.net/open-api)",
                    cause);
        }
        if (status == 429) {
            return throttled(failure, retryAfter, cause);
        }
        if (status == 0 || status == 408 || status >= 500) {
            return transient_(failure, cause);
        }
        return new CodingInvalidRequestException(
                failure,
                "CODING refused the HTTP request; check 'apiUrl' points at CODING's Open API (" + apiUrl + ")",
                cause);
    }

    private CodingApiException fromErrorCode(ApiFailure failure, String code, Duration retryAfter, Throwable cause) {
        String message =
                failure.errorMessage() == null ? "" : failure.errorMessage().toLowerCase(Locale.ROOT);
        switch (code) {
            case "AuthFailure":
                return authentication(failure, cause);
            case "UnauthorizedOperation":
            case "OperationDenied":
                return permission(failure, cause);
            case "InvalidParameterValue":
                if (isRead(failure.action())
                        && (message.isBlank()
                                || message.contains("permission")
                                || message.contains("权限")
                                || message.contains("authoriz"))) {
                    return permission(failure, cause);
                }
                return invalid(failure, cause);
            case "ResourceNotFound":
                if (message.contains("authorization invalid") || message.contains("user not found")) {
                    return authentication(failure, cause);
                }
                return new CodingNotFoundException(failure, notFoundAdvice(failure.action()), cause);
            case "RequestLimitExceeded":
            case "LimitExceeded":
                return throttled(failure, retryAfter, cause);
            case "InternalError":
            case "ResourceUnavailable":
            case "ResourceInsufficient":
                return transient_(failure, cause);
            default:
                return invalid(failure, cause);
        }
    }

    private CodingApiException authentication(ApiFailure failure, Throwable cause) {
        return new CodingAuthenticationException(
                failure,
                "The " + credentials.kind() + " was refused (missing, wrong, expired or revoked): "
                        + credentials.howToRenew(),
                cause);
    }

    private CodingApiException permission(ApiFailure failure, Throwable cause) {
        return new CodingPermissionException(
                failure,
                "The " + credentials.kind() + " is valid but may not call " + failure.action() + ": grant it "
                        + ScopeHints.forAction(failure.action(), credentials)
                        + ", or use the credential of a member who can see the project",
                cause);
    }

    private CodingApiException throttled(ApiFailure failure, Duration retryAfter, Throwable cause) {
        return new CodingThrottledException(
                failure,
                "CODING is throttling this credential: lower 'rateLimit', and use one credential per source"
                        + " (other jobs on the same credential share CODING's quota)",
                retryAfter,
                cause);
    }

    private CodingApiException transient_(ApiFailure failure, Throwable cause) {
        return new CodingTransientException(
                failure,
                "A temporary failure: the call is retried with backoff; if it persists, check the network path to "
                        + apiUrl + " and CODING's status",
                cause);
    }

    private CodingApiException invalid(ApiFailure failure, Throwable cause) {
        return new CodingInvalidRequestException(
                failure,
                "CODING refused the request as invalid: check the option values (project name, issue type,"
                        + " page size at most 500); if they are right, report it to camel-coding with this message",
                cause);
    }

    private static String notFoundAdvice(String action) {
        if (action.contains("Issue")
                && !action.contains("Type")
                && !action.contains("Field")
                && !action.contains("Status")
                && !action.contains("List")) {
            return "The issue does not exist (any more): it may have been deleted";
        }
        if (action.equals("DescribeIteration")) {
            return "The iteration does not exist (any more): it may have been deleted";
        }
        return "Check 'projectName': it is the project's URL name (https://<team>.coding.net/p/<projectName>), not its"
                + " display name, and the credential must belong to the team that owns it";
    }

    /** Tencent Cloud codes may carry a sub-code after a dot: {@code AuthFailure.TokenFailure}. */
    private static String baseCode(String code) {
        int dot = code.indexOf('.');
        return dot < 0 ? code : code.substring(0, dot);
    }

    private static boolean isRead(String action) {
        return action.startsWith("Describe");
    }
}
