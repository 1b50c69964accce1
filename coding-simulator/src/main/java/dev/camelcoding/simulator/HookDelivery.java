package dev.camelcoding.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One Service Hook delivery as sent and answered: the exact request headers and body bytes, and the receiver's status
 * ({@code -1} when no HTTP answer came, then {@code error} says why).
 *
 * @param redelivery true for a resend ({@link CodingSimulator#redeliver(String)}): same bytes, same X-Coding-Delivery
 * @param projectId the project of the hook it was sent for
 * @param logId the id of this attempt in DescribeServiceHookLogs (a resend is a new attempt, a new log entry)
 */
public record HookDelivery(
        String deliveryId,
        String hookId,
        String event,
        String url,
        Map<String, String> headers,
        byte[] body,
        int responseStatus,
        String responseBody,
        String error,
        long sentAtMillis,
        long durationMillis,
        boolean redelivery,
        long projectId,
        String logId) {

    /** The receiver answered 2xx. */
    public boolean succeeded() {
        return error == null && responseStatus >= 200 && responseStatus < 300;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A request header by name, case-insensitively; null when absent. */
    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "HookDelivery[" + event + " " + deliveryId + " -> " + url + ": "
                + (error != null ? error : Integer.toString(responseStatus)) + (redelivery ? " (resent)" : "") + "]";
    }
}
