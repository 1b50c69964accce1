package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./coding-sync run} as a user starts it (a child JVM running the application's main class), against the
 * simulator with a credential or project CODING refuses: it exits with code 3 and one line saying what to fix,
 * within a bounded number of log lines, instead of polling forever with a stack trace per poll.
 */
class RunExitsOnPermanentErrorTest {

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

    private record Outcome(int exit, List<String> out, List<String> err) {
    }

    private Outcome run(String token, String project) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", classPath(), CodingSync.class.getName(), "run"));
        for (String pair : List.of("coding.team=" + sim.team(), "coding.project=" + project, "coding.token=" + token,
                "coding.api-url=" + sim.baseUrl(), "coding.poll.delay=100", "coding.data-dir=" + data.resolve("state"),
                "coding.dead-letter.dir=" + data.resolve("dead"),
                "coding.sink.jdbc.url=jdbc:h2:mem:run;DB_CLOSE_DELAY=-1")) {
            command.add("--set");
            command.add(pair);
        }
        Path out = data.resolve("out.txt");
        Path err = data.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        Outcome outcome = new Outcome(exited ? process.exitValue() : -1, Files.readAllLines(out, StandardCharsets.UTF_8),
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
        List<String> ours = outcome.err().stream().filter(l -> l.startsWith("coding-sync run:")).toList();
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
}
