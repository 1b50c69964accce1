package dev.camelcoding.component.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.CodingEndpoint;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.state.DurableFileStateRepository;
import dev.camelcoding.component.state.JdbcStateRepository;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.IssueSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status of a table, read back through the state store its endpoint wrote to, the file one and the JDBC one
 * alike, checked against what the simulated CODING holds (its newest UpdatedAt, its issue and iteration counts) and
 * against the failure it was made to answer.
 */
class CodingStatusReaderTest {

    @TempDir
    Path dir;

    private CodingSimulator sim;
    private CamelContext camel;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(30).iterations(4).start();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        sim.close();
    }

    @Test
    void theFileStoreAnswersPhaseCursorAndPolls() throws Exception {
        DurableFileStateRepository store = new DurableFileStateRepository(dir.resolve("coding-state.dat"));
        ServiceHelper.startService(store);
        syncAndCheck(store);
        ServiceHelper.stopService(store);
        // read again from the file alone, as status does while no sync runs
        DurableFileStateRepository reopened = new DurableFileStateRepository(dir.resolve("coding-state.dat"));
        ServiceHelper.startService(reopened);
        assertThat(new CodingStatusReader(reopened)
                        .read(CodingTable.ISSUES, prefix(CodingTable.ISSUES))
                        .phase())
                .isEqualTo(SyncPhase.INCREMENTAL);
    }

    @Test
    void theJdbcStoreAnswersTheSame() throws Exception {
        JdbcStateRepository store = jdbcStore();
        syncAndCheck(store);
    }

    @Test
    void aRefusedTokenIsAPermanentFailure() throws Exception {
        DurableFileStateRepository store = new DurableFileStateRepository(dir.resolve("coding-state.dat"));
        ServiceHelper.startService(store);
        run(store, "not-a-valid-token");
        CodingStatusReader reader = new CodingStatusReader(store);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> reader.read(CodingTable.ISSUES, prefix(CodingTable.ISSUES))
                        .lastFailure()
                        .isPresent());
        TableStatus issues = reader.read(CodingTable.ISSUES, prefix(CodingTable.ISSUES));
        assertThat(issues.lastFailure().orElseThrow().problem()).isEqualTo(PollProblem.AUTHENTICATION);
        assertThat(issues.permanentFailure()).isTrue();
        assertThat(issues.lastSuccess()).isEmpty();
        // the snapshot was started (and saved) before its first call was refused: it resumes at page 1
        assertThat(issues.phase()).isEqualTo(SyncPhase.SNAPSHOT);
        assertThat(issues.passPage()).hasValue(1);
    }

    /**
     * State the previous version (untyped documents, commit 064ce3f) wrote, read from the JDBC store: a snapshot stopped
     * at page 2, a listed table, a poll status after a refused token (the documents were recorded from that version:
     * see {@code PreviousVersionStateTest}).
     */
    @Test
    void stateWrittenByThePreviousVersionReadsFromTheJdbcStore() throws Exception {
        JdbcStateRepository store = jdbcStore();
        store.setState(prefix(CodingTable.ISSUES) + ":issues", previous("issues-mid-snapshot.json"));
        store.setState(prefix(CodingTable.ISSUES) + ":status", previous("status-refused.json"));
        store.setState(prefix(CodingTable.ITERATIONS) + ":hashes", previous("iterations-hashes.json"));
        store.setState(prefix(CodingTable.ITERATIONS) + ":status", previous("status-succeeded.json"));
        CodingStatusReader reader = new CodingStatusReader(store);

        TableStatus issues = reader.read(CodingTable.ISSUES, prefix(CodingTable.ISSUES));
        assertThat(issues.phase()).isEqualTo(SyncPhase.SNAPSHOT);
        assertThat(issues.passPage()).hasValue(2);
        assertThat(issues.cursor()).isEmpty();
        assertThat(issues.lastFailure().orElseThrow().problem()).isEqualTo(PollProblem.AUTHENTICATION);
        assertThat(issues.lastFailure().orElseThrow().message()).contains("personal access token was refused");
        assertThat(issues.lastPoll()).contains(Instant.ofEpochMilli(1_796_188_907_587L));
        assertThat(issues.lastSuccess()).isEmpty();

        TableStatus iterations = reader.read(CodingTable.ITERATIONS, prefix(CodingTable.ITERATIONS));
        assertThat(iterations.phase()).isEqualTo(SyncPhase.LISTING);
        assertThat(iterations.rowsKnown()).hasValue(3);
        assertThat(iterations.lastSuccess()).contains(Instant.ofEpochMilli(1_796_188_907_572L));
        assertThat(iterations.totalEvents()).isEqualTo(3);
        assertThat(iterations.lastFailure()).isEmpty();
    }

    /** A started JDBC state store in a fresh in-memory H2 database. */
    private static JdbcStateRepository jdbcStore() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:status-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcStateRepository store = new JdbcStateRepository(h2);
        ServiceHelper.startService(store);
        return store;
    }

    private static String previous(String name) throws java.io.IOException {
        try (var in = CodingStatusReaderTest.class.getResourceAsStream("/state/previous-version/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
    }

    @Test
    void aTableNeverPolledIsNotStarted() {
        TableStatus none = new CodingStatusReader(new org.apache.camel.support.processor.state.MemoryStateRepository())
                .read(CodingTable.ISSUES, prefix(CodingTable.ISSUES));
        assertThat(none.phase()).isEqualTo(SyncPhase.NOT_STARTED);
        assertThat(none.cursor()).isEmpty();
        assertThat(none.lastPoll()).isEmpty();
        assertThat(none.lag(Instant.now())).isEmpty();
    }

    private void syncAndCheck(StateRepository<String, String> store) throws Exception {
        AtomicInteger issues = new AtomicInteger();
        run(store, sim.personalToken(), issues);
        int count = sim.data().issueCount();
        CodingStatusReader reader = new CodingStatusReader(store);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> issues.get() >= count
                        && reader.read(CodingTable.ISSUES, prefix(CodingTable.ISSUES))
                                        .phase()
                                == SyncPhase.INCREMENTAL
                        && reader.read(CodingTable.ITERATIONS, prefix(CodingTable.ITERATIONS))
                                .rowsKnown()
                                .isPresent());
        camel.stop(); // polls end: the state is final

        TableStatus status = reader.read(CodingTable.ISSUES, prefix(CodingTable.ISSUES));
        long newest = sim.data().issues().stream()
                .mapToLong(IssueSnapshot::updatedAt)
                .max()
                .orElseThrow();
        assertThat(status.cursor()).contains(Instant.ofEpochMilli(newest));
        assertThat(status.totalEvents()).isEqualTo(count);
        assertThat(status.lastPoll()).isPresent();
        assertThat(status.lastFailure()).isEmpty();
        assertThat(status.permanentFailure()).isFalse();
        assertThat(status.lag(Instant.ofEpochMilli(newest + 60_000))).contains(Duration.ofMinutes(1));
        assertThat(status.lastCensus()).isPresent();

        TableStatus iterations = reader.read(CodingTable.ITERATIONS, prefix(CodingTable.ITERATIONS));
        assertThat(iterations.phase()).isEqualTo(SyncPhase.LISTING);
        assertThat(iterations.rowsKnown()).hasValue(sim.data().iterations().size());
        assertThat(iterations.cursor()).isEmpty();
    }

    private void run(StateRepository<String, String> store, String token) throws Exception {
        run(store, token, new AtomicInteger());
    }

    private void run(StateRepository<String, String> store, String token, AtomicInteger issues) throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("state", store);
        String options = "teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl=" + sim.baseUrl()
                + "&token=" + token + "&rateLimit=1000&initialDelay=0&delay=50&cursorRepository=#state";
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?" + options).routeId("issues").process(e -> issues.incrementAndGet());
                from("coding:iterations?iterationStrategy=diff&" + options)
                        .routeId("iterations")
                        .to("log:ignored?level=OFF");
            }
        });
        camel.start();
    }

    private String prefix(CodingTable table) {
        return CodingEndpoint.stateKeyPrefix(table, sim.team(), sim.projectName(), "ALL", null);
    }
}
