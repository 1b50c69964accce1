package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema (coding:schema) and the reference tables (issueTypes, issueFields, issueStatuses) of one project ask
 * CODING the same questions: one reading serves both. Counted at the simulator: the contract's five issue types make
 * 1 + 2 x 5 calls for everything, where each reader calling on its own made 11 (schema) + 1 + 5 + 5 (tables) = 22.
 */
class SharedReferenceAnswersRouteTest {

    /** The issue types the simulator lists for a project (the contract's five system types). */
    private static final int TYPES = 5;

    @TempDir
    Path data;

    @Test
    void theSchemaAndTheReferenceTablesOfAProjectReadCodingsAnswersOnce() throws Exception {
        Map<String, AtomicInteger> events = new ConcurrentHashMap<>();
        try (CodingSimulator sim = CodingSimulator.builder().issues(5).start();
                DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("state", new MemoryStateRepository());
            String source = "teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl=" + sim.baseUrl()
                    + "&token=" + sim.personalToken() + "&rateLimit=1000&dataDirectory=" + data;
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("coding:schema?" + source + "&schemaRefresh=false")
                            .routeId("schema")
                            .process(exchange -> count(events, "schema"));
                    for (String table : List.of("issueTypes", "issueFields", "issueStatuses")) {
                        // the shipped reference delay (coding.reference.poll-delay): one poll in this test
                        from("coding:" + table + "?" + source + "&initialDelay=0&delay=600000&cursorRepository=#state")
                                .routeId(table)
                                .process(exchange -> count(events, table));
                    }
                }
            });
            context.start();
            CodingSchemaConsumer schema =
                    (CodingSchemaConsumer) context.getRoute("schema").getConsumer();
            // a listed table emits once its listing (all its calls) is done
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> schema.latest() != null
                            && events.containsKey("issueTypes")
                            && events.containsKey("issueFields")
                            && events.containsKey("issueStatuses"));

            assertThat(events.get("issueTypes").get()).isEqualTo(TYPES);
            assertThat(sim.counters().count("DescribeProjectIssueTypeList"))
                    .as("the issue types: read once for the schema and the three tables")
                    .isEqualTo(1);
            assertThat(sim.counters().count("DescribeProjectIssueFieldList"))
                    .as("the fields of each issue type: read once for the schema and the issueFields table")
                    .isEqualTo(TYPES);
            assertThat(sim.counters().count("DescribeProjectIssueStatusList"))
                    .as("the statuses of each issue type: read once for the schema and the issueStatuses table")
                    .isEqualTo(TYPES);
            assertThat(schema.latest().issueTypes()).hasSize(TYPES);
        }
    }

    private static void count(Map<String, AtomicInteger> events, String table) {
        events.computeIfAbsent(table, t -> new AtomicInteger()).incrementAndGet();
    }
}
