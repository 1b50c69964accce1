package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} right after a stop in the middle of the comments backfill shows what was committed: the backfill
 * phase, a last poll, and a count of issues read that lies between what reached the sink and the calls CODING
 * answered (as a user stopped a run 33 s in and status said comments "not-started", "last poll never").
 */
class StatusAfterStopTest {

    private static final int ISSUES = 400;

    @TempDir
    Path data;

    private CodingSimulator sim;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder()
                .issues(ISSUES)
                .iterations(2)
                .members(2)
                .maxCommentsPerIssue(3)
                .start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private List<String> settings() {
        return List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.tables=issues,comments",
                // a comments backfill of about 20 s: the stop comes in its middle
                "coding.rate-limit=20",
                "coding.poll.delay=60000",
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=" + sinkUrl());
    }

    private String sinkUrl() {
        return "jdbc:h2:file:" + data.resolve("sink").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    @Test
    void statusRightAfterAStopShowsTheCommittedBackfill() throws Exception {
        try (ChildRun run = ChildRun.start(data.resolve("run"), List.of("run"), settings())) {
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> sim.counters().snapshot().getOrDefault("DescribeIssueCommentList", 0L) >= 120);
            run.stop();
        }
        long calls = sim.counters().snapshot().getOrDefault("DescribeIssueCommentList", 0L);
        assertThat(calls).as("stopped in the middle of the backfill").isLessThan(ISSUES);
        long commentedIssuesInSink = SyncHarness.rows(sinkUrl(), "comments").values().stream()
                .map(row -> row.path("issue_code").asLong())
                .distinct()
                .count();

        List<String> args = new ArrayList<>(List.of("status"));
        for (String pair : settings()) {
            args.add("--set");
            args.add(pair);
        }
        Cli status = Cli.run(args.toArray(String[]::new));
        assertThat(status.exit()).isZero();
        String comments = section(status.out(), "comments");
        assertThat(comments).contains("phase         backfill").doesNotContain("last poll     never");
        Matcher read = Pattern.compile("backfill +(\\d+)/" + ISSUES + " issues read, (\\d+\\.\\d) issues/s")
                .matcher(comments);
        assertThat(read.find()).as("the backfill's progress in:%n%s", comments).isTrue();
        long issuesRead = Long.parseLong(read.group(1));
        // the backfill's own pace, measured (CommentFreshnessTest checks that the ETA is taken from it)
        assertThat(Double.parseDouble(read.group(2))).isPositive();
        assertThat(issuesRead).isBetween(commentedIssuesInSink, calls);
        assertThat(commentedIssuesInSink).isPositive();
        // the issues were caught up at their last poll: not behind, whatever the age of their newest change
        String issues = section(status.out(), "issues");
        assertThat(issues)
                .contains("behind CODING 0 s (caught up at its last poll")
                .doesNotContainPattern("lag \\d+ s");
    }

    /** The lines of {@code table}'s section of status. */
    private static String section(String status, String table) {
        StringBuilder section = new StringBuilder();
        boolean in = false;
        for (String line : status.lines().toList()) {
            if (!line.startsWith(" ")) {
                in = line.equals(table);
            } else if (in) {
                section.append(line).append('\n');
            }
        }
        return section.toString();
    }
}
