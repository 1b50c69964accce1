package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.IssueSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./coding-sync run} with the store and the JDBC sink in ONE database ({@code coding.store.url} set to
 * {@code coding.sink.jdbc.url}), killed with SIGKILL at random points of the snapshot, three times, then run to the
 * end. After every kill the sink holds exactly the rows of the log entries up to the consumer's committed offset: not
 * one more (a batch written whose offset did not move would be handed again after the restart) and not one less (an
 * offset past rows that are not there would lose them). That holds at any kill point only when the rows and the
 * offset commit in one transaction. At the end the sink holds what CODING (the simulator) has.
 */
class OneDatabaseKillTest {

    private static final int ISSUES = 3_000;
    /** The shipped routes' consumer of the issues table: its offset's name is the route id. */
    private static final String CONSUMER = "coding-issues";

    @TempDir
    Path data;

    private CodingSimulator sim;
    private final List<Process> children = new ArrayList<>();
    /**
     * Holds the database open in this JVM for the whole test, so this JVM is the H2 server of the AUTO_SERVER database
     * and the children connect to it over TCP, as to a database server that outlives them (see ChangeLogKillTest).
     */
    private Connection server;

    @BeforeEach
    void start() throws Exception {
        sim = CodingSimulator.builder().issues(ISSUES).start();
        server = SyncHarness.connect(url());
    }

    @AfterEach
    void stop() throws Exception {
        for (Process child : children) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        sim.close();
    }

    private String url() {
        return "jdbc:h2:file:" + data.resolve("one").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    @Test
    void killedAtRandomPointsTheSinkAlwaysHoldsExactlyTheEntriesUpToTheOffset() throws Exception {
        Random random = new Random(18);
        for (int kill = 1; kill <= 3; kill++) {
            long before = SyncHarness.count(url(), "issues");
            // somewhere in the next fifth of the snapshot
            long at = before + 1 + random.nextInt(ISSUES / 5);
            Process child = run("run" + kill);
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> SyncHarness.count(url(), "issues") >= at);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, wherever the batch was
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            long offset = committedOffset();
            long rows = SyncHarness.count(url(), "issues");
            System.out.println("kill " + kill + ": " + rows + " rows in the sink, offset " + offset + ", "
                    + keysUpTo(offset) + " keys in the log up to it");
            assertThat(rows).as("killed mid-snapshot").isLessThan(ISSUES);
            assertThat(rows)
                    .as("kill %d: the sink's rows are the keys of the log entries up to the consumer's offset", kill)
                    .isEqualTo(keysUpTo(offset));
        }
        assertThat(Files.readString(data.resolve("run1.out")))
                .as("the one line that says which way the sink runs")
                .contains("JDBC sink: its database is the store's");

        run("last");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> SyncHarness.count(url(), "issues") >= ISSUES);
        Map<Long, Long> inSink = new HashMap<>();
        SyncHarness.rows(url(), "issues")
                .values()
                .forEach(row -> inSink.put(
                        row.path("code").asLong(), row.path("updated_at").asLong()));
        Map<Long, Long> inCoding = new HashMap<>();
        for (IssueSnapshot issue : sim.data().issues()) {
            inCoding.put((long) issue.code(), issue.updatedAt());
        }
        assertThat(inSink).isEqualTo(inCoding);
    }

    private long committedOffset() throws Exception {
        try (Connection connection = SyncHarness.connect(url());
                PreparedStatement select = connection.prepareStatement("SELECT COMMITTED_SEQ FROM CODING_LOG_OFFSET"
                        + " WHERE CONSUMER = ? AND TEAM = ? AND TBL = 'issues'")) {
            select.setString(1, CONSUMER);
            select.setString(2, sim.team());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** How many different rows the log's entries of the issues table up to {@code offset} touch. */
    private long keysUpTo(long offset) throws Exception {
        try (Connection connection = SyncHarness.connect(url());
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(DISTINCT KEY_JSON) FROM"
                        + " CODING_LOG_ENTRY WHERE TEAM = ? AND TBL = 'issues' AND SEQ <= ?")) {
            select.setString(1, sim.team());
            select.setLong(2, offset);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private Process run(String name) throws Exception {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classPath(),
                CodingSync.class.getName(),
                "run"));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.rate-limit=1000",
                "coding.tables=issues",
                "coding.page-size=100",
                "coding.poll.delay=200",
                "coding.reconcile-interval=0",
                // 20 batches of 20 a second (400 rows/s): each kill lands mid-snapshot however fast the machine is
                "coding.sink.throttle.rate=20",
                "coding.batch-size=20",
                "coding.data-dir=" + data.resolve("state"),
                // one database for the store and the sink
                "coding.store.url=" + url(),
                "coding.sink.jdbc.url=" + url())) {
            line.add("--set");
            line.add(pair);
        }
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve(name + ".out").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CODING_"));
        Process child = builder.start();
        children.add(child);
        return child;
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
