package dev.camelcoding.component;

import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one {@code coding:} endpoint, on Camel's health-check base class: up, or down with the reason its
 * last poll failed (authentication, permission, not-found, throttled, unreachable) and CODING's own words. Not a
 * liveness check: CODING being unreachable makes this process not ready, not broken.
 *
 * <p>Reported twice, as camel-kafka reports its consumers: in the registry under its own id ({@code coding-<state key
 * prefix>}, which outlives a route stopped by a permanent failure), and as the consumer's health check, so Camel's
 * consumers repository ({@code consumer:<routeId>}) gives CODING's reason instead of only counting failed polls.
 */
final class CodingReadinessCheck extends AbstractHealthCheck {

    private final CodingHealth health;
    private final String table;
    private final String project;

    private CodingReadinessCheck(String id, CodingHealth health, String table, String project) {
        // Camel reports one result per group, so each endpoint's check is a group of its own
        super(id, id);
        this.health = health;
        this.table = table;
        this.project = project;
    }

    /**
     * Registers the readiness check of {@code consumer}'s endpoint (replacing one a previous start left: a stop on a
     * permanent failure keeps its check, DOWN with the reason) and makes it the consumer's Camel health check; null
     * when the CamelContext has no health check registry.
     */
    static CodingReadinessCheck register(CodingEndpoint endpoint, Consumer consumer) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(endpoint.getCamelContext());
        if (registry == null) {
            return null;
        }
        String id = "coding-" + endpoint.stateKeyPrefix();
        registry.getCheck(id).ifPresent(registry::unregister);
        CodingReadinessCheck check = new CodingReadinessCheck(
                id,
                endpoint.health(),
                endpoint.getTable().uriName(),
                endpoint.getConfiguration().getProjectName());
        check.setCamelContext(endpoint.getCamelContext());
        registry.register(check);
        if (consumer instanceof HealthCheckAware aware) {
            aware.setHealthCheck(check);
        }
        return check;
    }

    /** Unregisters {@code check} (null: nothing registered). */
    static void unregister(CodingEndpoint endpoint, CodingReadinessCheck check) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(endpoint.getCamelContext());
        if (registry != null && check != null) {
            registry.unregister(check);
        }
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("table", table);
        if (project != null) {
            builder.detail("project", project);
        }
        builder.detail("lastSuccessAt", health.lastSuccessAt());
        String problem = health.problem();
        if (problem == null) {
            builder.up();
            return;
        }
        builder.detail("reason", problem)
                .message(problem + ": " + health.message())
                .down();
    }
}
