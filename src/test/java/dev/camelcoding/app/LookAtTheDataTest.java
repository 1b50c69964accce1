package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.IssueSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands the demo prints (and README shows) to look at the data work while a sync holds the database: run in a
 * second process (the H2 shell of a child JVM) against the embedded sink of a running sync, as a user would, they
 * answer with typed columns of the live views, and the open defects per assignee per iteration add up to the
 * simulator's own count. Before, the printed URL lacked AUTO_SERVER=TRUE (a second process got a lock error) and the
 * query showed the JSON doc.
 */
class LookAtTheDataTest {

    @TempDir
    Path data;

    @Test
    void thePrintedCommandsRunWhileTheSyncHoldsTheDatabaseAndShowTypedColumns() throws Exception {
        try (CodingSimulator sim =
                CodingSimulator.builder().issues(200).iterations(4).members(6).start()) {
            // the demo's sink URL (an H2 file with AUTO_SERVER, as routes/application.properties has it)
            String jdbc = "jdbc:h2:file:" + data.toAbsolutePath().resolve("coding") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
            Properties p = SyncHarness.settings(sim, jdbc, data);
            p.setProperty("coding.tables", "issues,iterations,projectMembers,issueStatuses");
            try (SyncApplication app = new SyncApplication(p)) {
                app.start();
                await().atMost(Duration.ofSeconds(60))
                        .until(() ->
                                SyncHarness.count(jdbc, "issues") == sim.data().issueCount()
                                        && SyncHarness.count(jdbc, "projectMembers")
                                                == sim.data().projectMembers().size());

                List<String> printed = DemoCommand.lookAtTheData(data);
                assertThat(printed).hasSize(3);

                String latest = shell(printed.get(1));
                assertThat(latest.lines().findFirst().orElseThrow())
                        .as("the header: typed columns, no JSON doc")
                        .contains("CODE", "TYPE", "STATUS_NAME", "ITERATION_NAME", "ASSIGNEE_ID", "UPDATED_TIME")
                        .doesNotContain("DOC");
                assertThat(latest)
                        .as("updated_time is a timestamp with its zone")
                        .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?[+-]\\d{2}")
                        .contains("(5 rows");

                String openDefects = shell(printed.get(2));
                long expected = sim.data().issues().stream()
                        .filter(i ->
                                i.type().equals("DEFECT") && !i.statusType().equals("COMPLETED"))
                        .count();
                assertThat(expected).isPositive();
                assertThat(sumOfLastColumn(openDefects)).isEqualTo(expected);
                String someAssignee = sim.data().issues().stream()
                        .filter(i ->
                                i.type().equals("DEFECT") && !i.statusType().equals("COMPLETED"))
                        .map(IssueSnapshot::assigneeId)
                        .filter(id -> id != 0)
                        .flatMap(id -> sim.data().projectMembers().stream()
                                .filter(m -> m.id() == id)
                                .map(m -> m.name()))
                        .findFirst()
                        .orElseThrow();
                assertThat(openDefects).as("assignees by name").contains(someAssignee);
            }
        }
    }

    @Test
    void readmeShowsTheSameQueriesAndTheUrlWithAutoServer() throws Exception {
        String readme =
                Files.readString(Path.of("README.md"), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        assertThat(readme)
                .contains(DemoCommand.OPEN_DEFECTS_QUERY.replaceAll("\\s+", " "))
                .contains(DemoCommand.LATEST_ISSUES_QUERY)
                .contains("jdbc:h2:file:./data/coding;AUTO_SERVER=TRUE");
    }

    /** Runs a printed H2 shell command in a child JVM (the test's class path for the application's jar). */
    private static String shell(String printedCommand) throws Exception {
        Matcher url = Pattern.compile("-url '([^']+)'").matcher(printedCommand);
        Matcher sql = Pattern.compile("-sql \"([^\"]+)\"").matcher(printedCommand);
        assertThat(url.find()).as(printedCommand).isTrue();
        assertThat(sql.find()).as(printedCommand).isTrue();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.h2.tools.Shell",
                "-url",
                url.group(1),
                "-user",
                "sa",
                "-sql",
                sql.group(1)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).as("no lock error").doesNotContain("Exception", "Database may be already in use");
        return out;
    }

    /** The sum of the last column of the shell's result rows ({@code a | b | 3}). */
    private static long sumOfLastColumn(String shellOutput) {
        long sum = 0;
        for (String line : shellOutput.lines().skip(1).toList()) {
            if (!line.contains("|")) {
                continue;
            }
            String last = line.substring(line.lastIndexOf('|') + 1).trim();
            sum += Long.parseLong(last);
        }
        return sum;
    }
}
