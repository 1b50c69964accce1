package dev.camelcoding.component.metrics;

import dev.camelcoding.client.ApiCallObserver;
import dev.camelcoding.component.changelog.ChangeLogStatus;
import dev.camelcoding.component.polling.CommentFreshness;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Puts the component's metrics in the CamelContext's Micrometer registry: the one camel-micrometer's endpoints, route
 * policies and Camel Main's {@code camel.metrics.*} use (bound as {@value MicrometerConstants#METRICS_REGISTRY_NAME},
 * or the only MeterRegistry in the registry). The only class the component calls that names Micrometer types, and it
 * calls it only after checking that camel-micrometer is on the class path, so the component runs without it.
 */
public final class CodingMicrometer {

    private CodingMicrometer() {}

    /** What {@link #bind} registered: the API call observer for the endpoints' clients, and the event counter. */
    public record Binding(ApiCallObserver apiCalls, EventNotifier events) {}

    /**
     * Counts the events of every {@code coding:} consumer of {@code camel} and answers the observer that counts the
     * API calls, when the context has a MeterRegistry; empty (nothing registered) when it has none. The caller
     * removes {@link Binding#events()} from the context's management strategy when it stops.
     */
    public static Optional<Binding> bind(CamelContext camel) throws Exception {
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(
                camel.getRegistry(), MicrometerConstants.METRICS_REGISTRY_NAME);
        if (registry == null) {
            return Optional.empty();
        }
        CodingMetrics metrics = new CodingMetrics(registry);
        CodingEventCounter counter = new CodingEventCounter(metrics);
        ServiceHelper.startService(counter);
        camel.getManagementStrategy().addEventNotifier(counter);
        // Camel fires exchange events only when a notifier was there as it started; this one may come later
        camel.getCamelContextExtension().setEventNotificationApplicable(true);
        return Optional.of(new Binding(metrics.apiCalls(), counter));
    }

    /**
     * Gauges of the comments table's freshness ({@link CommentFreshness}, as the poller last saved it), tagged with
     * the project: {@code coding.comments.read.share} (tag {@code within}: 1h, 1d, 7d), {@code
     * coding.comments.oldest.read.age} (seconds), {@code coding.comments.backfill.remaining} (issues) and {@code
     * coding.comments.backfill.eta} (seconds), {@code coding.comments.rescan.demand} and {@code
     * coding.comments.rescan.allowance} (calls a minute: the schedule's need against the budget). Returns the meters to remove when the consumer stops (none without a
     * registry).
     */
    public static java.util.List<io.micrometer.core.instrument.Meter> bindCommentFreshness(
            CamelContext camel, String project, java.util.function.Supplier<Optional<CommentFreshness>> freshness) {
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(
                camel.getRegistry(), MicrometerConstants.METRICS_REGISTRY_NAME);
        if (registry == null) {
            return java.util.List.of();
        }
        java.util.List<io.micrometer.core.instrument.Meter> meters = new java.util.ArrayList<>();
        java.util.Map<String, java.util.function.ToLongFunction<CommentFreshness>> windows = java.util.Map.of(
                "1h",
                CommentFreshness::readLastHour,
                "1d",
                CommentFreshness::readLastDay,
                "7d",
                CommentFreshness::readLastWeek);
        windows.forEach((window, count) -> meters.add(io.micrometer.core.instrument.Gauge.builder(
                        "coding.comments.read.share",
                        freshness,
                        f -> f.get().map(c -> c.share(count.applyAsLong(c))).orElse(Double.NaN))
                .description("Share of the issues whose comments were read within the window")
                .tags("project", project, "within", window)
                .register(registry)));
        meters.add(io.micrometer.core.instrument.Gauge.builder(
                        "coding.comments.oldest.read.age",
                        freshness,
                        f -> f.get()
                                .filter(c -> c.oldestReadAt() > 0)
                                .map(c -> (System.currentTimeMillis() - c.oldestReadAt()) / 1000d)
                                .orElse(Double.NaN))
                .description("Seconds since the least recently read issue's comments were read")
                .baseUnit("seconds")
                .tags("project", project)
                .register(registry));
        meters.add(io.micrometer.core.instrument.Gauge.builder(
                        "coding.comments.backfill.remaining",
                        freshness,
                        f -> f.get().map(c -> (double) c.unread()).orElse(Double.NaN))
                .description("Issues whose comments the backfill has still to read")
                .tags("project", project)
                .register(registry));
        meters.add(io.micrometer.core.instrument.Gauge.builder(
                        "coding.comments.backfill.eta",
                        freshness,
                        f -> f.get().map(c -> (double) c.backfillEtaSeconds()).orElse(Double.NaN))
                .description("Estimated seconds until the backfill is done at the current budget")
                .baseUnit("seconds")
                .tags("project", project)
                .register(registry));
        meters.add(io.micrometer.core.instrument.Gauge.builder(
                        "coding.comments.rescan.demand",
                        freshness,
                        f -> f.get()
                                .map(CommentFreshness::rescanDemandPerMinute)
                                .orElse(Double.NaN))
                .description("Rescan calls a minute the comment schedule needs to keep every issue's interval")
                .tags("project", project)
                .register(registry));
        meters.add(io.micrometer.core.instrument.Gauge.builder(
                        "coding.comments.rescan.allowance",
                        freshness,
                        f -> f.get()
                                .map(CommentFreshness::rescanAllowancePerMinute)
                                .orElse(Double.NaN))
                .description("Rescan calls a minute the budget allows (commentRescanShare x rateLimit)")
                .tags("project", project)
                .register(registry));
        return meters;
    }

    /** Removes meters {@link #bindCommentFreshness} added. */
    public static void remove(CamelContext camel, java.util.List<io.micrometer.core.instrument.Meter> meters) {
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(
                camel.getRegistry(), MicrometerConstants.METRICS_REGISTRY_NAME);
        if (registry != null) {
            meters.forEach(registry::remove);
        }
    }

    /**
     * Adds the gauges of the change log in {@code logDatabase} ({@link ChangeLogMetrics}) to the context's
     * MeterRegistry; false when the context has none.
     */
    public static boolean bindChangeLog(CamelContext camel, DataSource logDatabase) {
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(
                camel.getRegistry(), MicrometerConstants.METRICS_REGISTRY_NAME);
        if (registry == null) {
            return false;
        }
        new ChangeLogMetrics(new ChangeLogStatus(logDatabase)).bindTo(registry);
        return true;
    }
}
