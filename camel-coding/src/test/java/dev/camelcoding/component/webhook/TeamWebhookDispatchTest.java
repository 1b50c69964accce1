package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingWebhookConsumer;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import dev.camelcoding.simulator.SimulatedProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team on one listener: the issues endpoints of two projects share one host, port, path and secret, as the Service
 * Hooks the product installs in every project post to one URL. Each delivery reaches the route of the project its
 * payload names, and only it; a delivery of a project nobody syncs here is acknowledged (2xx) and counted.
 */
class TeamWebhookDispatchTest extends CamelTestSupport {

    private static final String SECRET = "team-dispatch-secret";
    private static final String PATH = "/team-hooks";
    private final int port = AvailablePortFinder.getNextAvailable();
    private final CodingSimulator sim = CodingSimulator.builder()
            .issues(3)
            .addProject("alpha", 4)
            .addProject("beta", 4)
            .addProject("gamma", 4)
            .start();
    private final ObjectMapper mapper = new ObjectMapper();
    /** Project of the route to the issue titles its events carried. */
    private final Map<String, List<String>> titles = new ConcurrentHashMap<>();

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
                for (String project : List.of("alpha", "beta")) {
                    titles.put(project, new CopyOnWriteArrayList<>());
                    from("coding:issues?mode=webhook&teamName=" + sim.team() + "&projectName=" + project + "&apiUrl="
                                    + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000"
                                    + "&webhookSecret=" + SECRET + "&webhookHost=127.0.0.1&webhookPort=" + port
                                    + "&webhookPath=" + PATH + "&dataDirectory="
                                    + data.toString().replace('\\', '/'))
                            .routeId("issues-" + project)
                            .process(exchange -> record(project, exchange));
                }
            }
        };
    }

    private void record(String project, Exchange exchange) throws Exception {
        JsonNode event = mapper.readTree(exchange.getMessage().getBody(String.class));
        titles.get(project).add(event.path("after").path("name").asText());
    }

    @Test
    void eachDeliveryReachesTheRouteOfItsProjectAndOnlyIt() {
        String url = "http://127.0.0.1:" + port + PATH;
        SimulatedProject alpha = sim.project("alpha");
        SimulatedProject beta = sim.project("beta");
        alpha.registerHook(url, SECRET, List.of());
        beta.registerHook(url, SECRET, List.of());

        alpha.createIssue("DEFECT", "only in alpha");
        beta.createIssue("REQUIREMENT", "only in beta");

        assertThat(alpha.deliveries()).isNotEmpty().allMatch(d -> d.responseStatus() == 200);
        assertThat(beta.deliveries()).isNotEmpty().allMatch(d -> d.responseStatus() == 200);
        // answered 200 only once the route processed the change: both routes have it already
        assertThat(titles.get("alpha")).containsExactly("only in alpha");
        assertThat(titles.get("beta")).containsExactly("only in beta");
    }

    @Test
    void aDeliveryOfAProjectNobodySyncsIsAcknowledgedAndCounted() {
        SimulatedProject gamma = sim.project("gamma");
        gamma.registerHook("http://127.0.0.1:" + port + PATH, SECRET, List.of());

        gamma.createIssue("DEFECT", "nobody syncs gamma");

        List<HookDelivery> deliveries = gamma.deliveries();
        assertThat(deliveries).isNotEmpty().allMatch(d -> d.responseStatus() == 202);
        // deliveries are answered once processed: had one reached a route, it would be recorded by now
        assertThat(titles.values()).allMatch(List::isEmpty);
        CodingWebhookConsumer consumer =
                (CodingWebhookConsumer) context.getRoute("issues-alpha").getConsumer();
        assertThat(consumer.handler().stats().get("unsynced-project")).isEqualTo(deliveries.size());
    }

    /**
     * A team sync starts its projects one after the other on one listener: a delivery for a selected project whose
     * endpoint has not started yet (or is being replaced) was answered 202 unsynced-project, acknowledged and lost.
     * Selected, it is answered 503 so that CODING delivers it again; a project outside the selection stays 202.
     */
    @Test
    void aDeliveryOfASelectedProjectNotStartedYetIsAnswered503ToBeDeliveredAgain() {
        dev.camelcoding.component.CodingComponent component =
                context.getComponent("coding", dev.camelcoding.component.CodingComponent.class);
        component.webhookListeners().select("Gamma"); // a selected project's name, written otherwise
        SimulatedProject gamma = sim.project("gamma");
        gamma.registerHook("http://127.0.0.1:" + port + PATH, SECRET, List.of());

        gamma.createIssue("DEFECT", "gamma is starting");

        assertThat(gamma.deliveries()).isNotEmpty().allMatch(d -> d.responseStatus() == 503);
        assertThat(titles.values()).allMatch(List::isEmpty);

        // no longer selected (stopped): acknowledged as a project not synced here
        component.webhookListeners().deselect("gamma");
        gamma.createIssue("DEFECT", "gamma stopped");
        assertThat(last(gamma.deliveries()).responseStatus()).isEqualTo(202);
    }

    private static HookDelivery last(List<HookDelivery> deliveries) {
        return deliveries.get(deliveries.size() - 1);
    }
}
