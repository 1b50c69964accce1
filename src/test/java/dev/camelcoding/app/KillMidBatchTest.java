package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.app.it.TestPostgres;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.IssueSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of {@code coding-sync run} (a child JVM, the shipped routes with coding.batch-size=500) in the middle of a
 * backfill into PostgreSQL: after a restart the sink holds every issue CODING (the simulator) lists, each with the
 * UpdatedAt CODING has, so nothing acknowledged was lost and what was repeated was absorbed.
 */
class KillMidBatchTest {

    @TempDir
    Path data;

    private CodingSimulator sim;
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process child : children) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (sim != null) {
            sim.close();
        }
    }

    private Process run(String jdbc) throws Exception {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classPath(),
                CodingSync.class.getName(),
                "run"));
        for (Map.Entry<Object, Object> setting :
                SyncHarness.settings(sim, jdbc, data).entrySet()) {
            line.add("--set");
            line.add(setting.getKey() + "=" + setting.getValue());
        }
        line.addAll(List.of(
                "--set",
                "coding.tables=issues",
                "--set",
                "coding.reconcile-interval=0",
                // the throttle counts exchanges: 4 batches of 500 a second (2,000 rows/s), so the kill at 1,500 rows
                // lands mid-backfill however fast the machine is
                "--set",
                "coding.sink.throttle.rate=4"));
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(data.resolve("run.log").toFile()));
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
    void aKilledBackfillLosesNothingAfterARestart() throws Exception {
        sim = CodingSimulator.builder().issues(8_000).start();
        String jdbc = TestPostgres.jdbcUrl();
        SyncHarness.execute(jdbc, "DROP TABLE IF EXISTS coding_issues CASCADE");

        Process first = run(jdbc);
        await().atMost(Duration.ofSeconds(120)).until(() -> SyncHarness.count(jdbc, "issues") >= 1_500);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, wherever the batch was
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long atKill = SyncHarness.count(jdbc, "issues");
        assertThat(atKill).as("killed mid-backfill").isLessThan(sim.data().issueCount());

        run(jdbc);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> SyncHarness.count(jdbc, "issues") == sim.data().issueCount());

        Map<String, JsonNode> rows = SyncHarness.rows(jdbc, "issues");
        Map<Long, Long> expected = new HashMap<>();
        for (IssueSnapshot issue : sim.data().issues()) {
            expected.put((long) issue.code(), issue.updatedAt());
        }
        Map<Long, Long> stored = new HashMap<>();
        rows.values()
                .forEach(row -> stored.put(
                        row.path("code").asLong(), row.path("updated_at").asLong()));
        assertThat(stored).isEqualTo(expected);
    }
}
