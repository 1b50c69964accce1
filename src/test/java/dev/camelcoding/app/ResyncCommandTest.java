package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.CommentSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coding-sync resync --table issues} against a running sync (the real routes, the simulator as CODING, H2 as
 * sink and state database): the pass reads the issue list's pages once, a row deleted from the sink by hand comes
 * back, an issue deleted in CODING without any event becomes a tombstone, a comment edited during the pass reaches the
 * sink, and status shows the phase resync during the pass and incremental after. Figures from the simulator (its
 * codes, its request counters) and the sink's tables.
 */
class ResyncCommandTest {

    private static final String LIST = "DescribeIssueListWithPage";
    private static final int PAGE = 25;

    @TempDir
    Path data;

    private CodingSimulator sim;
    private SyncApplication app;
    private final ExecutorService statusReader = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws Exception {
        statusReader.shutdownNow();
        statusReader.awaitTermination(10, TimeUnit.SECONDS);
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aResyncOfIssuesRunsBesideTheCommentsAndRestoresTheSink() throws Exception {
        sim = CodingSimulator.builder()
                .issues(200)
                .iterations(2)
                .members(2)
                .maxCommentsPerIssue(2)
                .start();
        String sink = "jdbc:h2:mem:resync-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties p = SyncHarness.settings(sim, sink, data);
        p.setProperty("coding.tables", "issues,comments");
        p.setProperty("coding.page-size", String.valueOf(PAGE));
        p.setProperty("coding.reconcile-interval", "1h"); // the census must not find the delete for us
        app = new SyncApplication(p);
        app.start();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> SyncHarness.count(sink, "issues") == sim.data().issueCount()
                        && phase(p, "issues").equals("incremental"));

        int[] codes = sim.data().issueCodes();
        String removedByHand = issueKey(codes[17]);
        SyncHarness.execute(sink, "DELETE FROM coding_issues WHERE row_key = '" + removedByHand + "'");
        int goneSilently = codes[150];
        sim.deleteIssue(goneSilently); // polling sees no event for a delete; only a census or a pass finds it
        assertThat(SyncHarness.rows(sink, "issues")).doesNotContainKey(removedByHand);

        // slow calls, so the pass spans enough time for status to be read during it
        sim.faults().latency(Duration.ofMillis(150));
        Set<String> phasesSeen = ConcurrentHashMap.newKeySet();
        Future<?> watching = statusReader.submit(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                phasesSeen.add(phase(p, "issues"));
            }
            return null;
        });
        long listCallsBefore = sim.counters().count(LIST);
        Cli resync = Cli.run(args(p, "resync", "--table", "issues"));
        assertThat(resync.exit()).as(resync.err()).isZero();
        assertThat(resync.out()).contains("resync of issues in project " + sim.projectName() + " requested at");

        // a comment edited while the pass runs reaches the sink
        int commented = firstIssueWithComments();
        CommentSnapshot comment = sim.data().comments(commented).get(0);
        sim.editComment(commented, comment.commentId(), "edited during the resync");
        await().atMost(Duration.ofSeconds(120))
                .until(() -> SyncHarness.rows(sink, "issues").containsKey(removedByHand)
                        && phase(p, "issues").equals("incremental"));
        long listCalls = sim.counters().count(LIST) - listCallsBefore;
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(SyncHarness.rows(sink, "comments").values())
                    .anyMatch(row -> row.toString().contains("edited during the resync"));
        });
        watching.cancel(true);

        Map<String, JsonNode> live = SyncHarness.rows(sink, "issues");
        assertThat(live).containsKey(removedByHand).doesNotContainKey(issueKey(goneSilently));
        assertThat(live).hasSize(sim.data().issueCount());
        assertThat(tombstone(sink, issueKey(goneSilently))).as("a tombstone").isTrue();
        long pages = (codes.length + PAGE - 1) / PAGE;
        System.out.printf(
                "resync of %d issues (%d pages of %d): %d issue list calls; phases seen %s%n",
                codes.length, pages, PAGE, listCalls, phasesSeen);
        assertThat(listCalls)
                .as("the pages of the table once, plus the newest UpdatedAt and the incremental polls around it")
                .isBetween(pages, pages + 10);
        assertThat(phasesSeen).contains("resync", "incremental");
    }

    private String phase(Properties p, String table) {
        StatusReport report = StatusCommand.report(new SyncSettings(p), Instant.now());
        return report.sources().stream()
                .filter(s -> s.table().equals(table))
                .findFirst()
                .orElseThrow()
                .phase();
    }

    private int firstIssueWithComments() {
        for (int code : sim.data().issueCodes()) {
            if (!sim.data().comments(code).isEmpty()) {
                return code;
            }
        }
        throw new AssertionError("the simulator made no comments");
    }

    private String issueKey(int code) {
        return "{\"project\":\"" + sim.projectName() + "\",\"code\":" + code + "}";
    }

    private static boolean tombstone(String sink, String key) throws Exception {
        try (var c = SyncHarness.connect(sink);
                var s = c.prepareStatement("SELECT deleted FROM coding_issues WHERE row_key = ?")) {
            s.setString(1, key);
            try (var r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    private static String[] args(Properties p, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        p.stringPropertyNames().stream().sorted().forEach(key -> {
            args.add("--set");
            args.add(key + "=" + p.getProperty(key));
        });
        return args.toArray(String[]::new);
    }
}
