package dev.camelcoding.component.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.StateKeyPrefix;
import dev.camelcoding.component.changelog.ChangeLogPostgres;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.OwnedStore;
import dev.camelcoding.component.store.StoreStateRepository;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status of a table, read back through the store its endpoint wrote to, the embedded H2 file and PostgreSQL
 * alike, checked against what the simulated CODING holds (its newest UpdatedAt, its issue and iteration counts) and
 * against the failure it was made to answer.
 */
class CodingStatusReaderTest {

    @TempDir
    Path dir;

    private CodingSimulator sim;
    private CamelContext camel;
    private final java.util.List<OwnedStore> readers = new java.util.ArrayList<>();

    @BeforeEach
    void start() {
        // a team of its own: the PostgreSQL store is shared by every test
        sim = CodingSimulator.builder()
                .team("status-" + UUID.randomUUID().toString().substring(0, 8))
                .issues(30)
                .iterations(4)
                .start();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        readers.forEach(OwnedStore::close);
        sim.close();
    }

    @Test
    void theEmbeddedStoreAnswersPhaseCursorAndPolls() throws Exception {
        // no cursorRepository: the component keeps the state in the embedded store of the data directory
        syncAndCheck(null);
        // read again from the store's file alone, as status does while no sync runs
        try (OwnedStore reopened = OwnedStore.embedded(dir)) {
            assertThat(new CodingStatusReader(reopened.state())
                            .read(CodingTable.ISSUES, prefix(CodingTable.ISSUES))
                            .phase())
                    .isEqualTo(SyncPhase.INCREMENTAL);
        }
        assertThat(dir.resolve("coding-store.mv.db")).exists();
        assertThat(dir.resolve("coding-state.dat")).doesNotExist();
    }

    @Test
    void thePostgresStoreAnswersTheSame() throws Exception {
        syncAndCheck(postgresStore());
    }

    @Test
    void aRefusedTokenIsAPermanentFailure() throws Exception {
        run(null, "not-a-valid-token");
        CodingStatusReader reader = new CodingStatusReader(stateOf(dir));
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
     * State the previous version (untyped documents, commit 064ce3f) wrote, read from the PostgreSQL store: a snapshot stopped
     * at page 2, a listed table, a poll status after a refused token (the documents were recorded from that version:
     * see {@code PreviousVersionStateTest}).
     */
    @Test
    void stateWrittenByThePreviousVersionReadsFromThePostgresStore() throws Exception {
        StoreStateRepository store = postgresStore();
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

    /** The readers' state in the shared PostgreSQL store. */
    private static StoreStateRepository postgresStore() {
        CodingStore store = CodingStore.open("postgres", ChangeLogPostgres.node());
        store.define(StoreStateRepository.PART);
        return new StoreStateRepository(store);
    }

    /** The readers' state of the embedded store in {@code directory}, as another reader of it (status) opens it. */
    private StoreStateRepository stateOf(Path directory) {
        OwnedStore opened = OwnedStore.embedded(directory);
        readers.add(opened);
        return opened.state();
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
        CodingStatusReader reader = new CodingStatusReader(store != null ? store : stateOf(dir));
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
        if (store != null) {
            camel.getRegistry().bind("state", store);
        }
        String options = "teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl=" + sim.baseUrl()
                + "&token=" + token + "&rateLimit=1000&initialDelay=0&delay=50&dataDirectory=" + dir
                + (store != null ? "&cursorRepository=#state" : "");
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
        return StateKeyPrefix.of(table, sim.team(), sim.projectName(), "ALL", null);
    }
}
