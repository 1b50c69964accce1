package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./coding-sync run} with its default change log (embedded H2) killed with SIGKILL in the middle of the
 * snapshot, then started again on the same data directory: every issue CODING has ends up in the sink. What was
 * appended to the log but not yet written is written after the restart; what was written twice is absorbed by the
 * sink's version guard.
 */
class ChangeLogKillTest {

    private static final int ISSUES = 4_000;

    @TempDir
    Path data;

    private CodingSimulator sim;
    private final List<Process> children = new ArrayList<>();
    /**
     * Holds the sink database open in this JVM for the whole test, so this JVM is the H2 server of the AUTO_SERVER
     * sink and the children always connect to it over TCP, as to a real database server. Without it the server
     * moved between processes: the killed child left its address in the lock file, and a child starting while this
     * JVM briefly opened the file to count rows failed with "Locked by another process" (seen under load).
     */
    private Connection sinkServer;

    @BeforeEach
    void start() throws Exception {
        sim = CodingSimulator.builder().issues(ISSUES).start();
        sinkServer = SyncHarness.connect(sinkUrl());
    }

    @AfterEach
    void stop() throws Exception {
        for (Process child : children) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (sinkServer != null) {
            sinkServer.close(); // after the children: the database closes with this JVM's last connection
        }
        sim.close();
    }

    private String sinkUrl() {
        // WRITE_DELAY=0: without it H2 writes a commit up to 500 ms late, and a killed sink loses rows it had committed
        return "jdbc:h2:file:" + data.resolve("sink").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
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
                // the throttle counts exchanges (batches): 20 batches of 50 a second is 1,000 rows/s, so the kill at
                // a quarter of the rows lands mid-snapshot however fast the machine is
                "coding.sink.throttle.rate=20",
                "coding.batch-size=50",
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=" + sinkUrl())) {
            line.add("--set");
            line.add(pair);
        }
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectOutput(data.resolve(name + ".out").toFile())
                .redirectError(data.resolve(name + ".err").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CODING_"));
        Process child = builder.start();
        children.add(child);
        return child;
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    @Test
    void aKilledRunLosesNothing() throws Exception {
        Process first = run("first");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> SyncHarness.count(sinkUrl(), "issues") >= ISSUES / 4);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no clean stop
        long atKill = SyncHarness.count(sinkUrl(), "issues");
        assertThat(atKill).as("killed mid-snapshot").isLessThan(ISSUES);

        run("second");
        try {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> SyncHarness.count(sinkUrl(), "issues") >= ISSUES);
        } finally {
            for (String file : List.of("first.err", "second.err")) {
                System.out.println(file + ":\n" + java.nio.file.Files.readString(data.resolve(file)));
            }
            System.out.println(
                    "sink rows: " + SyncHarness.count(sinkUrl(), "issues") + " (at the kill: " + atKill + ")");
        }

        Set<Long> inSink = SyncHarness.rows(sinkUrl(), "issues").values().stream()
                .map(row -> row.path("code").asLong())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Long> inCoding = Arrays.stream(sim.data().issueCodes())
                .asLongStream()
                .boxed()
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(inSink).isEqualTo(inCoding);
    }
}
