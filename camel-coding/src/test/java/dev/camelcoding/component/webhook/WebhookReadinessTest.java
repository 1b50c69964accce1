package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.FailureKind;
import dev.camelcoding.simulator.HookDelivery;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook-only mode has a readiness check of its own: up while the listener serves and the Open API refetches work,
 * down with the reason while CODING cannot be reached for them. It used to register none at all, so a probe saw a
 * webhook-only sync as ready whatever happened.
 */
class WebhookReadinessTest extends CamelTestSupport {

    private static final String SECRET = "readiness-secret";
    private final int port = AvailablePortFinder.getNextAvailable();
    private final String path = "/coding/hooks/" + UUID.randomUUID();
    private final CodingSimulator sim = CodingSimulator.builder().issues(5).start();

    @TempDir
    Path data;

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?mode=webhook&teamName=" + sim.team() + "&projectName=" + sim.projectName()
                                + "&apiUrl=" + sim.baseUrl() + "&token=" + sim.personalToken()
                                + "&rateLimit=1000&webhookPort=" + port + "&webhookHost=127.0.0.1&webhookPath=" + path
                                + "&webhookSecret=" + SECRET + "&dataDirectory=" + data)
                        .to("mock:issues");
            }
        };
    }

    private HealthCheck.Result readiness() {
        HealthCheckRegistry.get(context).setExposureLevel("full");
        List<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().startsWith("coding-"))
                .toList();
        assertThat(results).as("one readiness check for the webhook endpoint").hasSize(1);
        return results.get(0);
    }

    private HookDelivery last() {
        List<HookDelivery> deliveries = sim.deliveries();
        return deliveries.get(deliveries.size() - 1);
    }

    @Test
    void readinessFollowsTheRefetchesOfAWebhookOnlyEndpoint() {
        sim.registerHook("http://127.0.0.1:" + port + path, SECRET, List.of());
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);

        sim.faults().failureRate(1.0, FailureKind.HTTP_503); // the Open API fails; deliveries still arrive
        sim.updateIssue(sim.data().issueCodes()[0], e -> e.name("while CODING's API is down"));
        assertThat(last().responseStatus())
                .as("CODING is asked to deliver again")
                .isEqualTo(500);
        HealthCheck.Result down = readiness();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getDetails()).containsEntry("reason", "unreachable");

        sim.faults().reset();
        sim.updateIssue(sim.data().issueCodes()[1], e -> e.name("CODING's API is back"));
        assertThat(last().responseStatus()).isEqualTo(200);
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
    }
}
