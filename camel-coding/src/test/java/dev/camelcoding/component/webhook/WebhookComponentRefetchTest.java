package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code webhook:coding:...} behaves as the component's own listener: the delivered row is completed through the
 * Open API (refetch, on by default) with the webhook consumer's own short-budget client. The handler used to be built
 * before the endpoint had started, with no client at all: every refetching delivery failed with 500.
 */
class WebhookComponentRefetchTest extends CamelTestSupport {

    private static final String SECRET = "meta-refetch-secret";
    private final int port = AvailablePortFinder.getNextAvailable();
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
                restConfiguration().component("jetty").host("127.0.0.1").port(port);
                from("webhook:coding:issues?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                                + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000&webhookSecret="
                                + SECRET
                                + "&webhookAutoRegister=false&webhookPath=/meta-refetch&dataDirectory="
                                + data.toString().replace('\\', '/'))
                        .to("mock:issues");
            }
        };
    }

    @Test
    void aDeliveryIsCompletedThroughTheOpenApiAsOnTheComponentsOwnListener() throws Exception {
        sim.registerHook("http://127.0.0.1:" + port + "/meta-refetch", SECRET, List.of());
        long describes = sim.counters().count("DescribeIssue");
        sim.updateIssue(sim.data().issueCodes()[0], e -> e.name("refetched"));
        List<HookDelivery> deliveries = sim.deliveries();

        assertThat(deliveries.get(deliveries.size() - 1).responseStatus()).isEqualTo(200);
        assertThat(sim.counters().count("DescribeIssue"))
                .as("the row refetched from CODING")
                .isEqualTo(describes + 1);
        MockEndpoint issues = getMockEndpoint("mock:issues");
        assertThat(issues.getExchanges()).hasSize(1);
        var event = new ObjectMapper()
                .readTree(issues.getExchanges().get(0).getMessage().getBody(String.class));
        assertThat(event.path("after").path("name").asText()).isEqualTo("refetched");
        assertThat(event.path("after").path("custom_fields").isObject())
                .as("completed by DescribeIssue")
                .isTrue();
    }
}
