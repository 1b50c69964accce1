package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop (Ctrl-C, SIGTERM) of {@code run} on the embedded defaults (the H2 change log in the data directory, an H2
 * file sink) releases the readers' leases before the databases close: no warning, and no advice to change a setting
 * the user must not change.
 */
class CleanStopTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(300).iterations(3).members(3).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aStopOnTheEmbeddedDefaultsLogsNoWarning() throws Exception {
        try (ChildRun run = ChildRun.start(
                data.resolve("run"),
                List.of("run", "--progress-seconds", "1"),
                List.of(
                        "coding.team=" + sim.team(),
                        "coding.project=" + sim.projectName(),
                        "coding.token=" + sim.personalToken(),
                        "coding.api-url=" + sim.baseUrl(),
                        "coding.rate-limit=50",
                        "coding.poll.delay=200",
                        "coding.data-dir=" + data.resolve("state"),
                        // the default sink URL's shape, in the test's directory
                        "coding.sink.jdbc.url=jdbc:h2:file:" + data.resolve("coding")
                                + ";AUTO_SERVER=TRUE;WRITE_DELAY=0"))) {
            // every table's reader leads (holds its lease) once each table has been polled
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> sim.counters().snapshot().containsKey("DescribeIssueCommentList")
                            && sim.counters().snapshot().containsKey("DescribeProjectMembers")
                            && sim.counters().snapshot().containsKey("DescribeIterationList"));
            run.stop();
            assertThat(run.err())
                    .doesNotContain("Could not release the lease")
                    .doesNotContain("Database is already closed")
                    .doesNotContain("DB_CLOSE_ON_EXIT")
                    .doesNotContain(" WARN ")
                    .doesNotContain(" ERROR ");
        }
    }
}
