package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code projects}: the team's projects the credential sees, each with its issue count and whether it is synced;
 * checked against the simulator's data and the calls it counted, not against the command's own figures.
 */
class ProjectsCommandTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(37).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Cli projects(String token, String... options) {
        List<String> args = new ArrayList<>(List.of("projects"));
        args.addAll(List.of(options));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + token,
                "coding.api-url=" + sim.baseUrl(),
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=jdbc:h2:mem:projects-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")) {
            args.add("--set");
            args.add(pair);
        }
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void listsTheProjectsWithTheirIssueCountsAndWhichIsSynced() {
        long callsBefore = sim.counters().total();
        Cli cli = projects(sim.personalToken());
        long calls = sim.counters().total() - callsBefore;

        assertThat(cli.exit()).isZero();
        assertThat(cli.out())
                .containsPattern("(?m)^" + Pattern.quote(sim.projectName()) + "\\s+"
                        + sim.data().issueCount() + "\\s+yes\\s+");
        Matcher summary = Pattern.compile("(\\d+) projects? of team " + Pattern.quote(sim.team())
                        + " visible to this credential, (\\d+) synced by this configuration \\(coding.project\\);"
                        + " (\\d+) CODING calls? made")
                .matcher(cli.out());
        assertThat(summary.find()).as(cli.out()).isTrue();
        assertThat(Integer.parseInt(summary.group(2))).isEqualTo(1);
        // the calls it says it made are the calls CODING served
        assertThat(Long.parseLong(summary.group(3))).isEqualTo(calls);
    }

    @Test
    void withoutCountsItMakesOneCallPerPageOfProjects() {
        long callsBefore = sim.counters().total();
        Cli cli = projects(sim.personalToken(), "--no-counts");
        assertThat(cli.exit()).isZero();
        assertThat(sim.counters().total() - callsBefore).isEqualTo(1);
        assertThat(cli.out()).containsPattern("(?m)^" + Pattern.quote(sim.projectName()) + "\\s+-\\s+yes\\s+");
    }

    @Test
    void aRefusedCredentialIsOneLineAndExitCode3() {
        Cli cli = projects("not-the-token");
        assertThat(cli.exit()).isEqualTo(3);
        // one line of the command's own (the application's INFO log lines, such as the JDBC sink saying how it
        // commits offsets, go to the same stream)
        List<String> own = cli.err()
                .strip()
                .lines()
                .filter(line -> !line.matches("\\d\\d:\\d\\d:\\d\\d INFO .*"))
                .toList();
        assertThat(own).hasSize(1);
        assertThat(own.get(0)).startsWith("coding-sync projects: CODING refused the credential: ");
        assertThat(cli.out()).doesNotContain("not-the-token");
        assertThat(cli.err()).doesNotContain("not-the-token");
    }
}
