package dev.camelcoding.component.metrics;

import dev.camelcoding.client.ApiCallObserver;
import dev.camelcoding.client.ApiCallResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * The component's counters in a Micrometer registry: the change events handed to routes, per table, op and outcome;
 * the calls made to CODING's Open API, per Action and result; and the calls CODING's rate limit refused. Counters are
 * looked up per increment (Micrometer keeps one per name and tags), so nothing here grows with the traffic.
 */
public final class CodingMetrics {

    /** Change events handed to a route; tags {@code table}, {@code op} (c, u, d, r), {@code outcome}. */
    public static final String EVENTS = "coding.events";
    /** HTTP calls to CODING's Open API, every retry included; tags {@code action}, {@code result}. */
    public static final String API_CALLS = "coding.api.calls";
    /** Calls CODING's rate limit refused (429 or its throttling error code); tag {@code action}. */
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

    /** Counts one event of {@code table} with {@code op} that ended with {@code outcome}. */
    public void event(String table, String op, String outcome) {
        Counter.builder(EVENTS)
                .description("CODING change events handed to a route")
                .tags("table", table, "op", op, "outcome", outcome)
                .register(registry)
                .increment();
    }

    /** The observer that counts a client's calls. */
    public ApiCallObserver apiCalls() {
        return this::apiCall;
    }

    private void apiCall(String action, ApiCallResult result) {
        Counter.builder(API_CALLS)
                .description("HTTP calls to CODING's Open API, retries included")
                .tags("action", action, "result", result.tag())
                .register(registry)
                .increment();
        // registered with the first call of each action, at 0, not at the first refusal: an alert rule on its rate
        // (docs/alerts) then has a series to read before CODING ever throttles, and scrapes show the action's 0
        Counter throttled = Counter.builder(API_THROTTLED)
                .description("Open API calls refused by CODING's rate limit")
                .tags("action", action)
                .register(registry);
        if (result == ApiCallResult.THROTTLED) {
            throttled.increment();
        }
    }
}
