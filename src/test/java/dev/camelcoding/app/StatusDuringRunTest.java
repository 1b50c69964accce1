package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coding-sync status} in this JVM while {@code coding-sync run} (a child process) holds the embedded change
 * log: status reads the log through H2's automatic server instead of failing on the file lock, and shows the source's
 * head, the running process as its reader, and the consumer's lag.
 */
class StatusDuringRunTest {

    private static final int ISSUES = 150;

    @TempDir
    Path data;

    private CodingSimulator sim;
    private Process child;
    /**
     * The sink held open in this JVM for the whole test (as ChangeLogKillTest does), so this JVM serves the
     * AUTO_SERVER sink and the child always connects over TCP: counting rows must not open the file while the child
     * starts ("Lock file recently modified").
     */
    private Connection sinkServer;

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            child.destroy();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (sinkServer != null) {
            sinkServer.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private List<String> settings() {
        return List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.rate-limit=1000",
                "coding.tables=issues",
                "coding.poll.delay=500",
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=" + sinkUrl());
    }

    private String sinkUrl() {
        return "jdbc:h2:file:" + data.resolve("sink").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    @Test
    void statusReadsTheEmbeddedLogWhileARunHoldsIt() throws Exception {
        sim = CodingSimulator.builder().issues(ISSUES).start();
        sinkServer = SyncHarness.connect(sinkUrl());
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classPath(),
                CodingSync.class.getName(),
                "run"));
        for (String pair : settings()) {
            line.add("--set");
            line.add(pair);
        }
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectOutput(data.resolve("run.out").toFile())
                .redirectError(data.resolve("run.err").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CODING_"));
        child = builder.start();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(child.isAlive())
                            .as("coding-sync run is running; its stderr: %s", readQuietly("run.err"))
                            .isTrue();
                    return SyncHarness.count(sinkUrl(), "issues") >= ISSUES;
                });

        List<String> args = new ArrayList<>(List.of("status"));
        for (String pair : settings()) {
            args.add("--set");
            args.add(pair);
        }
        String source = sim.team() + "/" + sim.projectName() + "/issues";
        // the consumer commits right after the sink's commit: status may see it one batch behind for a moment
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Cli status = Cli.run(args.toArray(String[]::new));
            assertThat(status.out())
                    .doesNotContain("cannot be read now")
                    .contains(
                            source,
                            "head " + ISSUES + ", tail 1, " + ISSUES + " entries",
                            "consumer    coding-issues at " + ISSUES + ", lag 0")
                    .containsPattern("reader      \\S+ \\(epoch \\d+\\) since .*, lease until ");
        });
        assertThat(child.isAlive()).as("status did not disturb the run").isTrue();
    }

    private String readQuietly(String file) {
        try {
            return Files.readString(data.resolve(file));
        } catch (Exception e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
