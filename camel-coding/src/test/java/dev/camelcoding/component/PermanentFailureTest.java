package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.client.CodingApiException;
import dev.camelcoding.client.CodingAuthenticationException;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.client.CodingPermissionException;
import dev.camelcoding.simulator.CodingSimulator;
import java.time.Duration;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failure no retry can cure stops the polling route, once, and is visible on the endpoint; before, the route kept
 * polling (and failing) every {@code delay} forever.
 */
class PermanentFailureTest {

    private CodingSimulator sim;
    private CamelContext camel;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(20).start();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        sim.close();
    }

    private CodingEndpoint poll(String project, String token) throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("state", new MemoryStateRepository());
        String uri = "coding:issues?teamName=" + sim.team() + "&projectName=" + project + "&apiUrl=" + sim.baseUrl()
                + "&token=" + token + "&rateLimit=1000&initialDelay=0&delay=50&cursorRepository=#state"
                + "&reconcileInterval=0";
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("issues").to("log:ignored?level=OFF");
            }
        });
        camel.start();
        return camel.getEndpoints().stream()
                .filter(CodingEndpoint.class::isInstance)
                .map(CodingEndpoint.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private void assertStoppedBy(CodingEndpoint endpoint, Class<? extends CodingApiException> kind) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> camel.getRouteController().getRouteStatus("issues") == ServiceStatus.Stopped);
        assertThat(endpoint.health().permanentFailure()).isInstanceOf(kind);
        // the readiness check outlives the stopped route: DOWN, with the reason
        var readiness = org.apache.camel.health.HealthCheckHelper.invokeReadiness(camel).stream()
                .filter(r -> r.getCheck().getId().startsWith("coding-"))
                .findFirst()
                .orElseThrow();
        assertThat(readiness.getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.DOWN);
        assertThat(readiness.getDetails())
                .containsEntry("reason", CodingHealth.classify(endpoint.health().permanentFailure()));
        // once stopped, CODING is not called again: the count stays where it is while polls would have run (delay 50)
        long calls = sim.counters().total();
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> sim.counters().total() == calls);
    }

    @Test
    void aRefusedTokenStopsTheRoute() throws Exception {
        assertStoppedBy(poll(sim.projectName(), "not-a-valid-token"), CodingAuthenticationException.class);
    }

    @Test
    void aTokenWithoutPermissionStopsTheRoute() throws Exception {
        sim.restrictToken(sim.personalToken(), Set.of("DescribeCodingCurrentUser"));
        assertStoppedBy(poll(sim.projectName(), sim.personalToken()), CodingPermissionException.class);
    }

    @Test
    void anUnknownProjectStopsTheRoute() throws Exception {
        assertStoppedBy(poll("no-such-project", sim.personalToken()), CodingNotFoundException.class);
    }

    @Test
    void aTransientFailureKeepsPollingAndRecovers() throws Exception {
        sim.faults().failNext(3, dev.camelcoding.simulator.FailureKind.HTTP_503);
        CodingEndpoint endpoint = poll(sim.projectName(), sim.personalToken());
        await().atMost(Duration.ofSeconds(20)).until(() -> endpoint.health().lastSuccessAt() > 0);
        assertThat(endpoint.health().permanentFailure()).isNull();
        assertThat(camel.getRouteController().getRouteStatus("issues")).isEqualTo(ServiceStatus.Started);
    }
}
