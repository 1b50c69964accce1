package dev.camelcoding.component.metrics;

import dev.camelcoding.client.ApiCallObserver;
import io.micrometer.core.instrument.MeterRegistry;
import dev.camelcoding.component.changelog.ChangeLogStatus;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Puts the component's metrics in the CamelContext's Micrometer registry: the one camel-micrometer's endpoints, route
 * policies and Camel Main's {@code camel.metrics.*} use (bound as {@value MicrometerConstants#METRICS_REGISTRY_NAME},
 * or the only MeterRegistry in the registry). The only class the component calls that names Micrometer types, and it
 * calls it only after checking that camel-micrometer is on the class path, so the component runs without it.
 */
public final class CodingMicrometer {

    private CodingMicrometer() {
    }

    /** What {@link #bind} registered: the API call observer for the endpoints' clients, and the event counter. */
    public record Binding(ApiCallObserver apiCalls, EventNotifier events) {
    }

    /**
     * Counts the events of every {@code coding:} consumer of {@code camel} and answers the observer that counts the
     * API calls, when the context has a MeterRegistry; empty (nothing registered) when it has none. The caller
     * removes {@link Binding#events()} from the context's management strategy when it stops.
     */
    public static Optional<Binding> bind(CamelContext camel) throws Exception {
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(camel.getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME);
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
     * Adds the gauges of the change log in {@code logDatabase} ({@link ChangeLogMetrics}) to the context's
     * MeterRegistry; false when the context has none.
     */
    public static boolean bindChangeLog(CamelContext camel, DataSource logDatabase) {
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(camel.getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME);
        if (registry == null) {
            return false;
        }
        new ChangeLogMetrics(new ChangeLogStatus(logDatabase)).bindTo(registry);
        return true;
    }
}
