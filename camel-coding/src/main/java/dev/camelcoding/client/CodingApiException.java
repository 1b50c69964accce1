package dev.camelcoding.client;

/**
 * A failed call to CODING's Open API. Subclasses say what kind of failure it was, so callers can handle each
 * differently (stop and tell the user, skip a table, wait, retry). Every instance names the Action and, when
 * CODING sent one, the RequestId to quote to CODING's support. Messages never contain credentials.
 */
public abstract class CodingApiException extends RuntimeException {

    private final String action;
    private final String requestId;
    private final String errorCode;
    private final int httpStatus;
    private volatile int attempts = 1;
    private volatile String retrySummary;

    protected CodingApiException(ApiFailure failure, String advice, Throwable cause) {
        super(compose(failure, advice), cause);
        this.action = failure.action();
        this.requestId = failure.requestId();
        this.errorCode = failure.errorCode();
        this.httpStatus = failure.httpStatus();
    }

    /** The Open API Action that failed, e.g. {@code DescribeIssueListWithPage}. */
    public String action() {
        return action;
    }

    /** CODING's RequestId of the failed call, or null when the failure happened before CODING answered. */
    public String requestId() {
        return requestId;
    }

    /** CODING's error code ({@code AuthFailure}, {@code InternalError}...), or null for HTTP and network failures. */
    public String errorCode() {
        return errorCode;
    }

    /** The HTTP status of the answer, or 0 when there was none (timeout, connection reset). */
    public int httpStatus() {
        return httpStatus;
    }

    /** How many times the call was tried before this failure was given up on. */
    public int attempts() {
        return attempts;
    }

    /** Records that the call was retried and then given up on, so the message tells the user how long we tried. */
    void giveUpAfter(int attempts, java.time.Duration waited, String why) {
        this.attempts = attempts;
        this.retrySummary = "Gave up after " + attempts + " attempts over " + waited.toMillis() + " ms (" + why + ").";
    }

    @Override
    public String getMessage() {
        String summary = retrySummary;
        return summary == null ? super.getMessage() : super.getMessage() + " " + summary;
    }

    /** Whether trying the same call again later may succeed. */
    public abstract boolean isRetryable();

    private static String compose(ApiFailure failure, String advice) {
        StringBuilder text = new StringBuilder(failure.action()).append(": ").append(failure.describe());
        if (advice != null && !advice.isEmpty()) {
            text.append(". ").append(advice);
        }
        if (failure.requestId() != null) {
            text.append(" [RequestId ").append(failure.requestId()).append(']');
        }
        return text.toString();
    }
}
