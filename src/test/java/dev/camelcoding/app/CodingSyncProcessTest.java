package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./coding-sync run} and {@code test} as a user starts them (a child JVM running the application's main class), against the
 * simulator with a credential or project CODING refuses: it exits with code 3 and one line saying what to fix,
 * within a bounded number of log lines, instead of polling forever with a stack trace per poll.
 */
class CodingSyncProcessTest {

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

    private record Outcome(int exit, List<String> out, List<String> err) {}

    private Outcome run(String token, String project) throws Exception {
        return waitFor(start(
                "run",
                Map.of(),
                "coding.team=" + sim.team(),
                "coding.project=" + project,
                "coding.token=" + token,
                "coding.api-url=" + sim.baseUrl()));
    }

    /** coding-sync in a child JVM, in this module's directory (routes/ as a user's clone has it). */
    private Process start(String command, Map<String, String> environment, String... sets) throws Exception {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classPath(),
                CodingSync.class.getName(),
                command));
        List<String> pairs = new ArrayList<>(List.of(
                "coding.poll.delay=100",
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=jdbc:h2:mem:run;DB_CLOSE_DELAY=-1"));
        pairs.addAll(List.of(sets));
        for (String pair : pairs) {
            line.add("--set");
            line.add(pair);
        }
        ProcessBuilder builder =
                new ProcessBuilder(line).redirectOutput(out().toFile()).redirectError(err().toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CODING_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private Path out() {
        return data.resolve("out.txt");
    }

    private Path err() {
        return data.resolve("err.txt");
    }

    private Outcome waitFor(Process process) throws Exception {
        Path out = out();
        Path err = err();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        Outcome outcome = new Outcome(
                exited ? process.exitValue() : -1,
                Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
        System.out.println("stdout:\n" + String.join("\n", outcome.out()) + "\nstderr:\n"
                + String.join("\n", outcome.err()) + "\nexit " + outcome.exit());
        assertThat(exited).as("run exited by itself").isTrue();
        return outcome;
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static void assertOneLineAndBoundedLog(Outcome outcome, String problem, String advice) {
        assertThat(outcome.exit()).isEqualTo(3);
        List<String> ours = outcome.err().stream()
                .filter(l -> l.startsWith("coding-sync run:"))
                .toList();
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0)).contains(problem).contains(advice);
        assertThat(outcome.err()).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception:"));
        // the consumers' own lines: one per table at most, plus Camel's few start/stop lines
        assertThat(outcome.out().size() + outcome.err().size()).isLessThan(25);
    }

    @Test
    void aRefusedTokenExitsWithCode3() throws Exception {
        assertOneLineAndBoundedLog(run("not-a-token", sim.projectName()), "authentication", "was refused");
    }

    @Test
    void aTokenWithoutPermissionExitsWithCode3() throws Exception {
        sim.restrictToken(sim.personalToken(), Set.of("DescribeCodingCurrentUser"));
        assertOneLineAndBoundedLog(run(sim.personalToken(), sim.projectName()), "permission", "grant it");
    }

    @Test
    void anUnknownProjectExitsWithCode3() throws Exception {
        assertOneLineAndBoundedLog(run(sim.personalToken(), "no-such-project"), "not-found", "projectName");
    }

    @Test
    void aTransientFailureIsOneLineWhenItStartsAndOneWhenItEnds() throws Exception {
        sim.faults().failureRate(1.0, dev.camelcoding.simulator.FailureKind.HTTP_503);
        Process run = start(
                "run",
                Map.of(),
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.tables=issues",
                "camel.component.coding.max-attempts=1",
                // every poll at the 100 ms delay, the quiet ones too: the simulator's issues last changed days ago, so
                // the idle schedule would otherwise step the polls after the recovery up to minutes apart
                "coding.poll.max-idle-delay=100ms");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> read(err()).contains("issues: CODING unreachable"));
            long failedSoFar = sim.counters().totalErrors();
            // many more failed polls (every 100 ms) that must not log again
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.counters().totalErrors() >= failedSoFar + 10);
            sim.faults().reset();
            await().atMost(Duration.ofSeconds(30)).until(() -> read(err()).contains("issues: recovered"));
            long callsSoFar = sim.counters().total();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.counters().total() >= callsSoFar + 10);
        } finally {
            run.destroy();
            run.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> log = Files.readAllLines(err(), StandardCharsets.UTF_8);
        System.out.println(String.join("\n", log));
        assertThat(log.stream().filter(l -> l.contains("issues: CODING unreachable")))
                .hasSize(1);
        assertThat(log.stream().filter(l -> l.contains("issues: recovered"))).hasSize(1);
        assertThat(log).noneMatch(l -> l.startsWith("\tat "));
    }

    @Test
    void environmentVariablesAreReadTheWayCamelReadsThem() throws Exception {
        // CODING_API_URL (a key with a dash) and CODING_TOKEN from the environment, as README says
        Outcome ready = waitFor(start(
                "test",
                Map.of(
                        "CODING_API_URL",
                        sim.baseUrl(),
                        "CODING_TOKEN",
                        sim.personalToken(),
                        "CODING_TEAM",
                        sim.team(),
                        "CODING_PROJECT",
                        sim.projectName())));
        assertThat(ready.exit()).isZero();
        assertThat(ready.out()).anyMatch(l -> l.startsWith("Ready"));
        Outcome wrong = waitFor(start(
                "test",
                Map.of(
                        "CODING_API_URL",
                        sim.baseUrl(),
                        "CODING_TOKEN",
                        sim.personalToken(),
                        "CODING_TEAM",
                        sim.team(),
                        "CODING_PROJECT",
                        sim.projectName(),
                        "CODING_MODE",
                        "push")));
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err())
                .containsExactly(
                        "coding-sync test: coding.mode=push is not allowed: use one of" + " polling, webhook, hybrid");
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
