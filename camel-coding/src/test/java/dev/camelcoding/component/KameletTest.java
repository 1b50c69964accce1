package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coding-source Kamelet shipped in the jar (kamelets/coding-source.kamelet.yaml) streams change events. */
class KameletTest extends CamelTestSupport {

    private static CodingSimulator sim;

    @TempDir
    static Path data;

    @BeforeAll
    static void startSimulator() {
        sim = CodingSimulator.builder().issues(40).start();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        context.getComponent("coding", CodingComponent.class).getConfiguration().setDataDirectory(data.toString());
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:coding-source?table=issues&teamName=" + sim.team() + "&projectName=" + sim.projectName()
                                + "&token=" + sim.personalToken() + "&apiUrl=" + sim.baseUrl()
                                + "&rateLimit=1000&delay=500")
                        .to("mock:events");
            }
        };
    }

    @Test
    void theKameletEmitsJsonChangeEvents() throws Exception {
        MockEndpoint events = getMockEndpoint("mock:events");
        events.expectedMessageCount(sim.data().issueCount());
        events.assertIsSatisfied(20_000);
        var event = new ObjectMapper()
                .readTree(events.getExchanges().get(0).getMessage().getBody(String.class));
        assertThat(event.path("op").asText()).isEqualTo("r");
        assertThat(event.path("table").asText()).isEqualTo("issues");
    }
}
