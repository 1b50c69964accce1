package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}'s progress lines count what the pipeline delivered, whatever the sink: the JSON Lines sink showed
 * {@code issues 0/5000 (0 events/s, ETA ?)} for a whole backfill that the sink received in 6 s.
 */
class ProgressLinesTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private Properties settings(String sink) {
        Properties p = SyncHarness.settings(sim, "jdbc:h2:mem:unused-" + UUID.randomUUID(), data);
        p.setProperty("coding.sink", sink);
        p.setProperty("coding.sink.jsonl.dir", data.resolve("jsonl").toString());
        return p;
    }

    /** Lines of a JSON Lines sink file (0 while it is not there). */
    private long lines(String table) throws Exception {
        Path file = data.resolve("jsonl").resolve(table + ".jsonl");
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    /**
     * The meter counts every delivery of the run, also those made before anyone first looks at it: a meter added
     * after the routes started missed a small project's whole backfill (delivered while the application started, on a
     * busy machine), and the demo, which waited for those counts, waited until its time limit (CI ran out of time).
     */
    @Test
    void theMeterCountsWhatWasDeliveredBeforeItWasFirstRead() throws Exception {
        sim = CodingSimulator.builder()
                .issues(30)
                .iterations(2)
                .members(2)
                .maxCommentsPerIssue(0)
                .start();
        int issues = sim.data().issueCount();
        Properties p = settings("jsonl");
        p.setProperty("coding.tables", "issues");
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> lines("issues") >= issues);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertThat(app.progress().count("issues", "r")).isEqualTo(issues));
        }
    }

    @Test
    void progressWithTheJsonLinesSinkCountsWhatItReceived() throws Exception {
        sim = CodingSimulator.builder().issues(600).iterations(3).members(3).start();
        int issues = sim.data().issueCount();
        // a pace the progress can be seen at: 600 issues a page of 50 at a time, 10 calls a second
        Properties p = settings("jsonl");
        p.setProperty("coding.tables", "issues");
        p.setProperty("coding.rate-limit", "10");
        p.setProperty("coding.page-size", "50");
        p.setProperty("coding.batch-size", "50");
        List<String> during = new ArrayList<>();
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            ProgressMeter progress = app.progress();
            await().atMost(Duration.ofSeconds(60)).until(() -> lines("issues") >= 100 && lines("issues") < issues);
            during.add(progress.line(issues, List.of("issues")));
            await().atMost(Duration.ofSeconds(60)).until(() -> lines("issues") >= issues);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(progress.line(issues, List.of("issues")))
                            .startsWith("issues " + issues + "/" + issues + " (incremental"));
        }
        System.out.println(during);
        Matcher partial = Pattern.compile("issues (\\d+)/" + issues + " \\(snapshot, (\\d+)/s")
                .matcher(during.get(0));
        assertThat(partial.find()).as(during.get(0)).isTrue();
        assertThat(Long.parseLong(partial.group(1))).isBetween(50L, (long) issues - 1);
        assertThat(Long.parseLong(partial.group(2))).isPositive();
    }

    /**
     * The slowest phase, the comments backfill (one call per issue), shows issues read of the total, its current
     * pace and an ETA; each table's completed backfill gets one line.
     */
    @Test
    void theCommentsBackfillShowsItsProgressAndEachCompletionOneLine() throws Exception {
        sim = CodingSimulator.builder()
                .issues(200)
                .iterations(2)
                .members(2)
                .maxCommentsPerIssue(2)
                .start();
        int issues = sim.data().issueCount();
        Properties p = settings("jsonl");
        p.setProperty("coding.tables", "issues,comments,iterations");
        p.setProperty("coding.rate-limit", "40");
        List<String> tables = List.of("issues", "comments", "iterations");
        List<String> printed = new ArrayList<>();
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            ProgressMeter progress = app.progress();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        printed.addAll(progress.report(issues, tables));
                        // every table's line: the comments backfill can complete before the log consumer has handed
                        // on the last issues, and the issues line waits for them (it failed in CI on that order)
                        return tables.stream()
                                .allMatch(t -> printed.stream().anyMatch(l -> l.startsWith(t + ": backfill complete")));
                    });
        }
        printed.forEach(System.out::println);
        Pattern backfill = Pattern.compile(
                "comments (\\d+)/" + issues + " issues read, \\d+ comments \\(backfill, [\\d.]+ issues/s, ETA \\d+ s");
        assertThat(printed).anyMatch(l -> backfill.matcher(l).find());
        assertThat(printed)
                .filteredOn(l -> l.startsWith("comments: backfill complete"))
                .hasSize(1);
        assertThat(printed)
                .filteredOn(l -> l.startsWith("issues: backfill complete, " + issues + " rows"))
                .hasSize(1);
        assertThat(printed)
                .filteredOn(l -> l.startsWith("iterations: backfill complete, 2 rows"))
                .hasSize(1);
    }
}
