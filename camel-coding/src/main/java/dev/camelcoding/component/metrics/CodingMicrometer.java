package dev.camelcoding.component.metrics;

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

    /**
     * What {@link #bind} registered: the counters (whose {@link CodingMetrics#apiCalls} observes an endpoint's
     * client), and the event counter.
     */
    public record Binding(CodingMetrics metrics, EventNotifier events) {}

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
        return Optional.of(new Binding(metrics, counter));
    }

    /**
     * Gauges of the comments table's freshness ({@link CommentFreshness}, as the poller last saved it), tagged with
     * the project: {@code coding.comments.read.share} (tag {@code within}: 1h, 1d, 7d), {@code
     * coding.comments.oldest.read.age} (seconds), {@code coding.comments.backfill.remaining} (issues) and {@code
     * coding.comments.backfill.eta} (seconds), {@code coding.comments.rescan.demand} and {@code
     * coding.comments.rescan.allowance} (calls a minute: the schedule's need against the budget). Returns the meters
     * to remove when the consumer stops (none without a registry).
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
        windows.forEach((window, count) -> meters.add(freshnessGauge(
                registry,
                freshness,
                "coding.comments.read.share",
                "Share of the issues whose comments were read within the window",
                null,
                c -> c.share(count.applyAsLong(c)),
                "project",
                project,
                "within",
                window)));
        meters.add(freshnessGauge(
                registry,
                freshness,
                "coding.comments.oldest.read.age",
                "Seconds since the least recently read issue's comments were read",
                "seconds",
                c -> c.oldestReadAt() > 0 ? (System.currentTimeMillis() - c.oldestReadAt()) / 1000d : Double.NaN,
                "project",
                project));
        meters.add(freshnessGauge(
                registry,
                freshness,
                "coding.comments.backfill.remaining",
                "Issues whose comments the backfill has still to read",
                null,
                c -> c.unread(),
                "project",
                project));
        meters.add(freshnessGauge(
                registry,
                freshness,
                "coding.comments.backfill.eta",
                "Estimated seconds until the backfill is done at the current budget",
                "seconds",
                c -> c.backfillEtaSeconds(),
                "project",
                project));
        meters.add(freshnessGauge(
                registry,
                freshness,
                "coding.comments.rescan.demand",
                "Rescan calls a minute the comment schedule needs to keep every issue's interval",
                null,
                CommentFreshness::rescanDemandPerMinute,
                "project",
                project));
        meters.add(freshnessGauge(
                registry,
                freshness,
                "coding.comments.rescan.allowance",
                "Rescan calls a minute the budget allows (commentRescanShare x rateLimit)",
                null,
                CommentFreshness::rescanAllowancePerMinute,
                "project",
                project));
        return meters;
    }

    /** One gauge of the freshness the poller last saved; NaN while it has saved none. */
    private static io.micrometer.core.instrument.Meter freshnessGauge(
            MeterRegistry registry,
            java.util.function.Supplier<Optional<CommentFreshness>> freshness,
            String name,
            String description,
            String baseUnit,
            java.util.function.ToDoubleFunction<CommentFreshness> value,
            String... tags) {
        return io.micrometer.core.instrument.Gauge.builder(
                        name, freshness, f -> f.get().map(value::applyAsDouble).orElse(Double.NaN))
                .description(description)
                .baseUnit(baseUnit)
                .tags(tags)
                // Micrometer holds a gauge's object weakly by default; nothing else holds this supplier, so the
                // gauges read NaN after the first full collection. remove() takes the meters away on stop.
                .strongReference(true)
                .register(registry);
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
