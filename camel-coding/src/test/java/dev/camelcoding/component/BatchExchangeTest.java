package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.simulator.CodingSimulator;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * batchSize &gt; 1: the polling consumer hands the route one exchange per batch whose body is a List of one-event
 * exchanges (camel-kafka's batching convention), each carrying one event exactly as with batchSize 1. Checked against
 * the simulator's data (its issue codes, its iteration list), not against the component's own output.
 */
class BatchExchangeTest extends CamelTestSupport {

    private static CodingSimulator sim;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Exchange> issueBatches = new CopyOnWriteArrayList<>();
    private final List<Exchange> iterationBatches = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSimulator() {
        sim = CodingSimulator.builder().issues(230).iterations(7).start();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    private String uri(String table, String extra) {
        return "coding:" + table + "?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000&initialDelay=0"
                + "&cursorRepository=#state-" + table + "&reconcileInterval=0" + extra;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        context.getRegistry().bind("state-issues", new MemoryStateRepository());
        context.getRegistry().bind("state-iterations", new MemoryStateRepository());
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("issues", "&pageSize=100&batchSize=40&delay=3600000"))
                        .process(e -> issueBatches.add(e.copy()));
                from(uri("iterations", "&iterationStrategy=overwrite&batchSize=3&delay=3600000"))
                        .process(e -> iterationBatches.add(e.copy()));
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Exchange> events(Exchange batch) {
        return (List<Exchange>) batch.getMessage().getBody(List.class);
    }

    @Test
    void aBackfillArrivesInBatchesOfAtMostBatchSizeWithinAPageEachEventAsWithBatchSizeOne() throws Exception {
        int issues = sim.data().issueCount();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        issueBatches.stream().mapToInt(b -> events(b).size()).sum() >= issues);

        // pages of 100 in batches of 40: 40, 40, 20 per page, never across a page boundary
        assertThat(issueBatches).extracting(b -> events(b).size()).startsWith(40, 40, 20, 40, 40, 20);
        Set<Long> codes = new HashSet<>();
        for (Exchange batch : issueBatches) {
            assertThat(batch.getMessage().getHeader(CodingConstants.BATCH_SIZE, Integer.class))
                    .isEqualTo(events(batch).size());
            assertThat(batch.getMessage().getHeader(CodingConstants.TABLE)).isEqualTo("issues");
            assertThat(batch.getMessage().getHeader(CodingConstants.PROJECT)).isEqualTo(sim.projectName());
            for (Exchange event : events(batch)) {
                JsonNode body = mapper.readTree(event.getMessage().getBody(String.class));
                assertThat(event.getMessage().getHeader(CodingConstants.TABLE)).isEqualTo("issues");
                assertThat(event.getMessage().getHeader(CodingConstants.OP)).isEqualTo("r");
                assertThat(event.getMessage().getHeader(CodingConstants.KEY))
                        .isEqualTo(body.path("key").toString());
                assertThat(event.getMessage().getHeader(CodingConstants.PROJECT))
                        .isEqualTo(sim.projectName());
                assertThat(event.getMessage().getHeader(CodingConstants.SOURCE_MODE))
                        .isEqualTo("snapshot");
                assertThat(event.getMessage().getHeader(CodingConstants.VERSION, Long.class))
                        .isEqualTo(body.path("after").path("updated_at").asLong());
                assertThat(event.getMessage().getHeader(CodingConstants.TS_MS, Long.class))
                        .isEqualTo(body.path("ts_ms").asLong());
                assertThat(event.getMessage().getHeader(CodingConstants.DEDUP_KEY, String.class))
                        .isNotBlank();
                assertThat(event.getMessage().getBody())
                        .as("the body is the typed change, its row the event's after")
                        .isInstanceOfSatisfying(
                                CodingChange.class,
                                change -> assertThat(change.rowJson())
                                        .isEqualTo(body.path("after").toString()));
                codes.add(body.path("key").path("code").asLong());
            }
        }
        Set<Long> simulatorCodes = new HashSet<>();
        for (int code : sim.data().issueCodes()) {
            simulatorCodes.add((long) code);
        }
        assertThat(codes).isEqualTo(simulatorCodes);
    }

    @Test
    void anOverwritePassInBatchesKeepsThePassIdAndEachEventsPlaceInTheWholePass() throws Exception {
        int size = sim.data().iterations().size();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> iterationBatches.stream()
                                .mapToInt(b -> events(b).size())
                                .sum()
                        >= size);

        assertThat(iterationBatches).extracting(b -> events(b).size()).containsExactly(3, 3, 1);
        Set<String> passIds = new HashSet<>();
        int index = 0;
        for (Exchange batch : iterationBatches) {
            for (Exchange event : events(batch)) {
                JsonNode pass = mapper.readTree(event.getMessage().getBody(String.class))
                        .path("source")
                        .path("pass");
                String passId = event.getMessage().getHeader(CodingConstants.PASS_ID, String.class);
                passIds.add(passId);
                assertThat(pass.path("id").asText()).isEqualTo(passId);
                assertThat(pass.path("index").asInt()).isEqualTo(index);
                assertThat(event.getProperty(Exchange.BATCH_INDEX, Integer.class))
                        .isEqualTo(index);
                assertThat(event.getProperty(Exchange.BATCH_SIZE, Integer.class))
                        .isEqualTo(size);
                assertThat(event.getProperty(Exchange.BATCH_COMPLETE, Boolean.class))
                        .isEqualTo(index == size - 1);
                index++;
            }
        }
        assertThat(passIds).hasSize(1);
    }
}
