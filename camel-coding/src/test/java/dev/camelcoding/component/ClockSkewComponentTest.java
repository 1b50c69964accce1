package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The finding, end to end through a Camel route on this machine's real clock: a CODING whose clock runs an hour
 * behind (or ahead of) ours. After the snapshot, five updates are made on CODING; all five must reach the route
 * (before the cursor followed CODING's times, none did with CODING an hour behind).
 */
class ClockSkewComponentTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest(name = "CODING's clock {0} min off ours")
    @ValueSource(ints = {-60, 60})
    void everyUpdateAfterTheSnapshotReachesTheRoute(int offsetMinutes) throws Exception {
        Queue<JsonNode> events = new ConcurrentLinkedQueue<>();
        try (CodingSimulator sim = CodingSimulator.builder()
                        .issues(60)
                        .clockOffset(Duration.ofMinutes(offsetMinutes))
                        .start();
                DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("state", new MemoryStateRepository());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("coding:issues?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                                    + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000&initialDelay=0"
                                    + "&delay=100&reconcileInterval=0&cursorRepository=#state")
                            .process(exchange -> events.add(
                                    mapper.readTree(exchange.getMessage().getBody(String.class))));
                }
            });
            context.start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> events.size() == sim.data().issueCount());
            events.clear();

            List<Integer> updated = List.of(5, 15, 25, 35, 45);
            for (int code : updated) {
                sim.updateIssue(code, e -> e.name("Updated on CODING's clock"));
            }

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(events)
                            .filteredOn(e -> "u".equals(e.path("op").asText()))
                            .extracting(e -> e.path("key").path("code").asInt())
                            .containsExactlyInAnyOrderElementsOf(updated));
            assertThat(events)
                    .allMatch(e -> "Updated on CODING's clock"
                            .equals(e.path("after").path("name").asText()));
        }
    }
}
