package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.StateKeyPrefix;
import dev.camelcoding.component.polling.IssueReaderState;
import dev.camelcoding.component.polling.ReaderPhase;
import dev.camelcoding.component.polling.StateStore;
import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.status.TableStatus;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfilling source, project and team say about how long they have left, from the pass's page total and its recent
 * pace (none while the pace is unknown): in {@code status} (text and {@code --json}) and in {@code run}'s per-project
 * progress lines. They said nothing: with several projects, the progress lines showed no ETA at all.
 */
class BackfillEtaTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    /**
     * {@code status}, another process, during a backfill paced by the budget (2 calls a second, pages of 10 rows): the
     * issues' estimate is the rows left of CODING's total at the pass's pace, and the project's and the team's total
     * say the same time left.
     */
    @Test
    void statusDuringABackfillSaysTheRowsLeftAndAboutHowLongAtItsPace() throws Exception {
        sim = CodingSimulator.builder()
                .issues(400)
                .iterations(1)
                .members(1)
                .maxCommentsPerIssue(0)
                .start();
        int issues = sim.data().issueCount();
        Properties p = SyncHarness.settings(sim, "jdbc:h2:mem:eta-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", data);
        p.setProperty("coding.tables", "issues");
        p.setProperty("coding.rate-limit", "2");
        p.setProperty("coding.page-size", "10");
        JsonNode source;
        String text;
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            JsonNode[] seen = new JsonNode[1];
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        Cli json = Cli.run(args(p, "--json"));
                        JsonNode issuesSource = new ObjectMapper()
                                .readTree(json.out())
                                .path("sources")
                                .get(0);
                        seen[0] = new ObjectMapper().readTree(json.out());
                        return issuesSource.path("eta").has("seconds");
                    });
            text = Cli.run(args(p)).out();
            source = seen[0].path("sources").get(0);
            JsonNode eta = source.path("eta");
            assertThat(source.path("phase").asText()).isEqualTo("snapshot");
            long read = (source.path("passPage").asLong() - 1) * 10;
            assertThat(eta.path("unit").asText()).isEqualTo("rows");
            assertThat(eta.path("left").asLong()).isEqualTo(issues - read).isPositive();
            double pace = eta.path("perSecond").asDouble();
            // a pace, not a bound on it: the limiter may let two pages through back to back (a burst), and the pace
            // weighs each page, so a figure above the budget's 20 rows a second is possible for a while
            assertThat(pace).isPositive();
            assertThat(eta.path("seconds").asLong()).isEqualTo((long) Math.ceil((issues - read) / pace));
            JsonNode project = seen[0].path("projects").get(0);
            assertThat(project.path("backfill").path("sources").asInt()).isEqualTo(1);
            assertThat(project.path("backfill").path("seconds").asLong())
                    .isEqualTo(eta.path("seconds").asLong());
            assertThat(seen[0].path("total").path("backfill").path("seconds").asLong())
                    .isEqualTo(eta.path("seconds").asLong());
        }
        Matcher timeLeft = Pattern.compile(
                        "time left +about (\\d+) min left \\((\\d+) rows left at ([\\d.]+) rows/s\\)")
                .matcher(text);
        assertThat(timeLeft.find()).as(text).isTrue();
    }

    /** The state a snapshot pass saves after its pages (as {@code IssueChangeReader} writes it). */
    private static TableStatus snapshotAt(int nextPage, long total, Double rowsPerSecond) {
        MemoryStateRepository repository = new MemoryStateRepository();
        String prefix = StateKeyPrefix.of(CodingTable.ISSUES, "acme", "p", "ALL", null);
        new StateStore(repository, prefix, new ObjectMapper())
                .write(
                        IssueReaderState.ISSUES,
                        new IssueReaderState(
                                ReaderPhase.SNAPSHOT,
                                new IssueReaderState.Pass(
                                        nextPage,
                                        nextPage * 10L,
                                        total,
                                        IssueReaderState.NO_CURSOR,
                                        1L,
                                        rowsPerSecond == null ? null : 1_780_000_000_000L,
                                        rowsPerSecond),
                                null,
                                Map.of(),
                                null));
        return new CodingStatusReader(repository).read(CodingTable.ISSUES, prefix);
    }

    @Test
    void eachBackfillingProjectsProgressLineAndTheTeamsSayAboutHowLongIsLeft() {
        // alpha: page 11 of 1,000 rows in pages of 10 (900 left) at 5 rows/s: 180 s; beta: no pace yet; gamma done
        Map<String, Optional<TableStatus>> states = Map.of(
                "alpha", Optional.of(snapshotAt(11, 1000, 5.0)),
                "beta", Optional.of(snapshotAt(2, 50, null)));
        ProgressMeter meter =
                ProgressMeter.withProjectStates((project, table) -> states.getOrDefault(project, Optional.empty()), 10);
        ProgressMeterProjectsTest.deliver(meter, "alpha", "issues", "r");
        ProgressMeterProjectsTest.deliver(meter, "beta", "issues", "r");
        ProgressMeterProjectsTest.deliver(meter, "gamma", "issues", "r");

        List<String> lines = new ArrayList<>(meter.report(0, List.of("issues")));

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("project alpha:").endsWith("; about 3 min left");
        assertThat(lines.get(1)).startsWith("project beta:").endsWith("; time left unknown (no pace yet)");
        assertThat(lines.get(2)).startsWith("project gamma:").doesNotContain("left");
        // beta's pace is unknown and could be the longest: the team's estimate waits for it
        assertThat(lines.get(3))
                .isEqualTo("team: 3 projects, 2 backfilling (2 tables), time left unknown (no pace yet)");

        Map<String, Optional<TableStatus>> later =
                Map.of("alpha", Optional.of(snapshotAt(11, 1000, 5.0)), "beta", Optional.of(snapshotAt(3, 50, 2.0)));
        ProgressMeter paced =
                ProgressMeter.withProjectStates((project, table) -> later.getOrDefault(project, Optional.empty()), 10);
        ProgressMeterProjectsTest.deliver(paced, "alpha", "issues", "r");
        ProgressMeterProjectsTest.deliver(paced, "beta", "issues", "r");
        List<String> pacedLines = paced.report(0, List.of("issues"));
        // beta: 30 left at 2 rows/s, 15 s; the team: the longest, alpha's 180 s
        assertThat(pacedLines.get(1)).endsWith("; about 1 min left");
        assertThat(pacedLines.get(2)).isEqualTo("team: 2 projects, 2 backfilling (2 tables), about 3 min left");
    }

    private static String[] args(Properties p, String... options) {
        List<String> args = new ArrayList<>(List.of("status"));
        args.addAll(List.of(options));
        p.stringPropertyNames().stream().sorted().forEach(key -> {
            args.add("--set");
            args.add(key + "=" + p.getProperty(key));
        });
        return args.toArray(String[]::new);
    }
}
