package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two application instances (two CamelContexts, each with its own DataSource and data directory) on one PostgreSQL
 * change log: one reads CODING; when it stops, the other takes over from the shared cursor, with no gap and no
 * duplicate in the sequence and without reading the table again.
 */
class ReaderFailoverPostgresTest {

    private static final int ISSUES = 60;

    @TempDir
    Path data;

    private CodingSimulator sim;
    private final List<CamelContext> contexts = new ArrayList<>();
    private final List<Long> sequencesOfB = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> sequencesOfA = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        // a team of its own: the PostgreSQL database is shared with the other change log tests
        sim = CodingSimulator.builder()
                .team("failover-" + UUID.randomUUID().toString().substring(0, 8))
                .issues(ISSUES)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        for (CamelContext context : contexts) {
            context.stop();
        }
        sim.close();
    }

    private CamelContext instance(String name, List<Long> sequences) throws Exception {
        DataSource node = ChangeLogPostgres.node();
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("pg", node);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                                + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000&initialDelay=0"
                                + "&delay=200&pageSize=25&reconcileInterval=0&dataDirectory=" + data.resolve(name)
                                + "&logCache=#pg&logReadInterval=50ms")
                        .routeId("sink-" + name)
                        .process(e -> sequences.add(e.getMessage().getHeader(CodingConstants.SEQUENCE, Long.class)));
            }
        });
        contexts.add(context);
        context.start();
        return context;
    }

    @Test
    void theOtherInstanceTakesOverWithNoGapAndNoDuplicateSequence() throws Exception {
        DataSource probe = ChangeLogPostgres.node();
        SourceId source = new SourceId(sim.team(), sim.projectName(), "issues");
        LeaseStore leases = new LeaseStore(probe, ChangeLogSchema.create(probe), Duration.ofSeconds(15));
        JdbcChangeLog log = new JdbcChangeLog(probe);

        CamelContext a = instance("a", sequencesOfA);
        await().atMost(Duration.ofSeconds(30)).until(() -> log.extent(source).head() == ISSUES);
        String readerA = leases.holder(source.readerNamespace()).orElseThrow();
        instance("b", sequencesOfB);
        await().atMost(Duration.ofSeconds(30)).until(() -> sequencesOfB.size() == ISSUES);
        assertThat(leases.holder(source.readerNamespace()))
                .as("b only follows while a reads")
                .contains(readerA);
        // a's own consumer reads the log at its own pace: the head reaching 60 says nothing about what a delivered
        // (under load a was stopped after delivering 54, and the last assertion failed)
        await().atMost(Duration.ofSeconds(30)).until(() -> sequencesOfA.size() == ISSUES);

        a.stop();
        sim.updateIssue(sim.data().issueCodes()[5], e -> e.name("after the failover"));
        int created = sim.createIssue("DEFECT", "created after the failover");
        await().atMost(Duration.ofSeconds(30)).until(() -> sequencesOfB.size() == ISSUES + 2);

        assertThat(leases.holder(source.readerNamespace()).orElseThrow()).isNotEqualTo(readerA);
        List<LoggedEntry> entries = log.read(source, 0, 1_000);
        assertThat(entries)
                .extracting(LoggedEntry::sequence)
                .as("contiguous, no gap, no duplicate")
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, ISSUES + 2).boxed().toList());
        assertThat(entries.get(ISSUES).change().toJson()).contains("after the failover");
        assertThat(entries.get(ISSUES + 1).keyJson()).contains("\"code\":" + created);
        assertThat(sequencesOfB)
                .as("b got every change once, in order")
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, ISSUES + 2).boxed().toList());
        assertThat(sequencesOfA)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, ISSUES).boxed().toList());
    }
}
