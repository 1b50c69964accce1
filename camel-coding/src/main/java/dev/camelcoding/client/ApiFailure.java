package dev.camelcoding.client;

/**
 * What is known about one failed call before it is classified: the Action, CODING's error code and message if it
 * answered with an error envelope, the HTTP status, and a description of network-level trouble otherwise.
 */
public record ApiFailure(
        String action, String requestId, String errorCode, String errorMessage, int httpStatus, String networkProblem) {

    static ApiFailure envelope(String action, String requestId, String code, String message, int httpStatus) {
        return new ApiFailure(action, requestId, code, message, httpStatus, null);
    }

    static ApiFailure http(String action, String requestId, int httpStatus, String problem) {
        return new ApiFailure(action, requestId, null, null, httpStatus, problem);
    }

    static ApiFailure network(String action, String problem) {
        return new ApiFailure(action, null, null, null, 0, problem);
    }

    /** One line describing what went wrong, without advice. */
    String describe() {
        StringBuilder text = new StringBuilder();
        if (errorCode != null) {
            text.append("CODING answered ").append(errorCode);
            if (errorMessage != null && !errorMessage.isBlank()) {
                text.append(" (").append(errorMessage.strip()).append(')');
            }
            if (httpStatus != 200 && httpStatus != 0) {
                text.append(" with HTTP ").append(httpStatus);
            }
        } else if (httpStatus != 0) {
            text.append("CODING answered HTTP ").append(httpStatus);
            if (networkProblem != null) {
                text.append(" (").append(networkProblem).append(')');
            }
        } else {
            text.append(networkProblem == null ? "no answer from CODING" : networkProblem);
        }
        return text.toString();
    }
}
