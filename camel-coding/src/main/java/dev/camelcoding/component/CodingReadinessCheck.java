package dev.camelcoding.component;

import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of one {@code coding:} endpoint: up, or down with the reason its last poll failed (authentication,
 * permission, not-found, throttled, unreachable). Not a liveness check: CODING being unreachable makes this process
 * not ready, not broken.
 */
final class CodingReadinessCheck implements HealthCheck {

    private final String id;
    private final CodingHealth health;
    private final String table;
    private final String project;
    private volatile boolean enabled = true;

    CodingReadinessCheck(String id, CodingHealth health, String table, String project) {
        this.id = id;
        this.health = health;
        this.table = table;
        this.project = project;
    }

    /**
     * Registers the readiness check of {@code endpoint} (id {@code coding-<state key prefix>}), replacing one a
     * previous start left (a stop on a permanent failure keeps its check, DOWN with the reason); null when the
     * CamelContext has no health check registry.
     */
    static CodingReadinessCheck register(CodingEndpoint endpoint) {
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
        registry.register(check);
        return check;
    }

    /** Unregisters {@code check} (null: nothing registered). */
    static void unregister(CodingEndpoint endpoint, CodingReadinessCheck check) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(endpoint.getCamelContext());
        if (registry != null && check != null) {
            registry.unregister(check);
        }
    }

    /** Camel reports one result per group, so each endpoint's check is a group of its own. */
    @Override
    public String getGroup() {
        return id;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        builder.detail("table", table);
        if (project != null) {
            builder.detail("project", project);
        }
        builder.detail("lastSuccessAt", health.lastSuccessAt());
        String problem = health.problem();
        if (problem == null) {
            return builder.up().build();
        }
        return builder.detail("reason", problem)
                .message(problem + ": " + health.message())
                .down()
                .build();
    }
}
