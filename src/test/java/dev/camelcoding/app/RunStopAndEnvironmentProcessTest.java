package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * coding-sync in a child JVM with a real process environment: --set wins over a CODING_* variable (in {@code test}
 * and in the Camel Main of {@code run}), and a clean stop of {@code run} (SIGTERM, Ctrl-C's SIGINT) exits 0 with the
 * synced rows and the state on disk.
 */
class RunStopAndEnvironmentProcessTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(20).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** The environment a user left behind: another project, another team's API URL. */
    private Map<String, String> staleEnvironment() {
        return Map.of("CODING_PROJECT", "no-such-project", "CODING_TEAM", "other-team");
    }

    private Process start(String command, Map<String, String> environment) throws Exception {
        List<String> line = new ArrayList<>(defaultSigint());
        line.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classPath(),
                CodingSync.class.getName(),
                command));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.tables=issues",
                "coding.poll.delay=100",
                "coding.data-dir=" + data.resolve("state"))) {
            line.add("--set");
            line.add(pair);
        }
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectOutput(data.resolve("out.txt").toFile())
                .redirectError(data.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CODING_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private int exitOf(Process process) throws Exception {
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        System.out.println("stdout:\n" + read("out.txt") + "\nstderr:\n" + read("err.txt"));
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        assertThat(exited).as("exited").isTrue();
        return process.exitValue();
    }

    @Test
    void testChecksTheProjectOfSetNotTheOneOfTheEnvironment() throws Exception {
        int exit = exitOf(start("test", staleEnvironment()));
        assertThat(exit).isZero();
        assertThat(read("out.txt"))
                .contains("Testing " + sim.team() + "/" + sim.projectName() + " ")
                .contains("Ready: 0 failed");
    }

    @Test
    void runSyncsTheProjectOfSetAndSigtermIsACleanStopWithExitCode0() throws Exception {
        // an earlier build's state files: not read; the run starts afresh into the store and says so in one line
        Files.createDirectories(data.resolve("state"));
        Files.writeString(data.resolve("state").resolve("coding-state.dat"), "coding:x/y/issues[ALL]:issues={}\n");
        Files.writeString(data.resolve("state").resolve("changelog.mv.db"), "");
        Process run = start("run", staleEnvironment());
        awaitAllIssuesSynced(run);
        run.destroy(); // SIGTERM
        assertThat(exitOf(run)).isZero();
        assertCleanStop();
        String output = read("out.txt") + read("err.txt");
        assertThat(output.split("holds an earlier build's state", -1))
                .as("one line about the earlier build's files")
                .hasSize(2);
        assertThat(output).contains("coding-state.dat, changelog.mv.db").contains("starting a fresh backfill");
    }

    @Test
    void ctrlCIsACleanStopWithExitCode0() throws Exception {
        Process run = start("run", Map.of());
        awaitAllIssuesSynced(run);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start();
        assertThat(kill.waitFor()).isZero();
        assertThat(exitOf(run)).isZero();
        assertCleanStop();
    }

    /** The child's H2 sink holds the simulator's 20 issues (AUTO_SERVER lets this JVM read it while it runs). */
    private void awaitAllIssuesSynced(Process run) {
        try {
            awaitRows(run);
        } catch (Throwable e) { // Awaitility rethrows the SQLException of a failed look as it is
            run.destroyForcibly(); // no child left behind by a failed test
            throw e;
        }
    }

    private void awaitRows(Process run) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                // the sink creates its tables while this JVM looks: a table not there yet is read again
                .ignoreExceptionsInstanceOf(java.sql.SQLException.class)
                .until(() -> {
                    assertThat(run.isAlive())
                            .as("run is still running: " + read("err.txt"))
                            .isTrue();
                    return issueRows() == 20;
                });
    }

    private void assertCleanStop() throws Exception {
        // the cursors are in the store (coding.store.url empty: the embedded file of the data directory)
        assertThat(Files.size(data.resolve("state").resolve("coding-store.mv.db")))
                .isPositive();
        assertThat(read("err.txt")).doesNotContain("Exception");
        assertThat(issueRows()).isEqualTo(20);
    }

    private long issueRows() throws Exception {
        Path db = data.resolve("state").resolve("coding.mv.db");
        if (!Files.exists(db)) {
            return 0;
        }
        String url = "jdbc:h2:file:" + data.resolve("state").resolve("coding") + ";AUTO_SERVER=TRUE";
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                ResultSet rows = c.createStatement()
                        .executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME ="
                                + " 'CODING_ISSUES'")) {
            rows.next();
            if (rows.getLong(1) == 0) {
                return 0;
            }
            try (ResultSet count = c.createStatement().executeQuery("SELECT COUNT(*) FROM coding_issues")) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    private String read(String name) throws java.io.IOException {
        Path file = data.resolve(name);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /**
     * A JVM started with SIGINT ignored (this test run as a background job of a shell) passes that on to its children,
     * whose JVM then ignores Ctrl-C: {@code env --default-signal=INT} (coreutils 8.31+) restores it for the child.
     */
    private static List<String> defaultSigint() {
        try {
            String ignored = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("SigIgn:"))
                    .findFirst()
                    .orElse("SigIgn: 0")
                    .substring("SigIgn:".length())
                    .trim();
            boolean sigintIgnored = (Long.parseUnsignedLong(ignored, 16) & (1L << (2 - 1))) != 0;
            return sigintIgnored ? List.of("env", "--default-signal=INT") : List.of();
        } catch (java.io.IOException | RuntimeException noProc) {
            return List.of();
        }
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
