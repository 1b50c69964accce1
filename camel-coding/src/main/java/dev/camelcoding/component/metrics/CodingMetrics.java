package dev.camelcoding.component.metrics;

import dev.camelcoding.client.ApiCallObserver;
import dev.camelcoding.client.ApiCallResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * The component's counters in a Micrometer registry: the change events handed to routes, per project, table, op and
 * outcome; the calls made to CODING's Open API, per project, table, Action and result; and the calls CODING's rate
 * limit refused. Every counter carries the tags {@code project} and {@code table}, so one registry (one process syncing
 * several projects, or a Prometheus scraping several processes) tells the projects apart. Counters are looked up per
 * increment (Micrometer keeps one per name and tags), so nothing here grows with the traffic.
 */
public final class CodingMetrics {

    /**
     * Change events handed to a route; tags {@code project}, {@code table}, {@code op} (c, u, d, r), {@code outcome}.
     */
    public static final String EVENTS = "coding.events";
    /**
     * HTTP calls to CODING's Open API, every retry included; tags {@code project} and {@code table} (the endpoint
     * that called), {@code action}, {@code result}.
     */
    public static final String API_CALLS = "coding.api.calls";
    /** Calls CODING's rate limit refused (429 or its throttling error code); tags {@code project}, {@code table}, {@code action}. */
    public static final String API_THROTTLED = "coding.api.throttled";

    /** The route completed the event: it is delivered (or kept as a dead letter by the route's own handler). */
    public static final String DELIVERED = "delivered";
    /** The route failed on the event: it is read (polling) or answered as failed (webhook) again. */
    public static final String FAILED = "failed";

    private final MeterRegistry registry;

    public CodingMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts one event of {@code project}'s {@code table} with {@code op} that ended with {@code outcome}. */
    public void event(String project, String table, String op, String outcome) {
        Counter.builder(EVENTS)
                .description("CODING change events handed to a route")
                .tags("project", tag(project), "table", table, "op", op, "outcome", outcome)
                .register(registry)
                .increment();
    }

    /** The observer that counts the calls of the client of {@code project}'s {@code table} (its endpoint's). */
    public ApiCallObserver apiCalls(String project, String table) {
        String projectTag = tag(project);
        return (action, result) -> apiCall(projectTag, table, action, result);
    }

    /** A tag's value: Micrometer refuses null, and a team-wide table has no project. */
    private static String tag(String value) {
        return value == null ? "" : value;
    }

    private void apiCall(String project, String table, String action, ApiCallResult result) {
        Counter.builder(API_CALLS)
                .description("HTTP calls to CODING's Open API, retries included")
                .tags("project", project, "table", table, "action", action, "result", result.tag())
                .register(registry)
                .increment();
        // registered with the first call of each action, at 0, not at the first refusal: an alert rule on its rate
        // (docs/alerts) then has a series to read before CODING ever throttles, and scrapes show the action's 0
        Counter throttled = Counter.builder(API_THROTTLED)
                .description("Open API calls refused by CODING's rate limit")
                .tags("project", project, "table", table, "action", action)
                .register(registry);
        if (result == ApiCallResult.THROTTLED) {
            throttled.increment();
        }
    }
}
