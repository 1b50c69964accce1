package dev.camelcoding.app.bench;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.IterationStrategy;
import dev.camelcoding.component.polling.CommentSettings;
import dev.camelcoding.component.polling.CommentsPoller;
import dev.camelcoding.component.polling.IssueFeed;
import dev.camelcoding.component.polling.TablePoller;
import dev.camelcoding.component.polling.TablePollers;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.CommentSnapshot;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * The small-project case of {@link CommentSyncBenchmark}: how long a comment edit (and a delete) that no CODING event
 * announces takes to reach the sink by polling alone, once the first sync is done and an idle hour has passed. Same
 * simulated clock and pollers as the large case; the edited issue is the one most recently active (a comment, an
 * update or its creation, from the simulator's data), the deleted comment is on the quietest issue with comments.
 * Target: the edit in the sink within 3 minutes at 5 calls/s (the rescans spend their allowance on a small project).
 */
final class CommentEditLatency {

    static final Duration TARGET = Duration.ofMinutes(3);
    private static final long POLL_MS = 60_000;

    private final AtomicLong clock;
    private final TablePoller issuePoller;
    private final CommentsPoller comments;
    private long nextIssuesPoll;
    private long nextCommentsPoll;

    private CommentEditLatency(AtomicLong clock, TablePoller issuePoller, CommentsPoller comments) {
        this.clock = clock;
        this.issuePoller = issuePoller;
        this.comments = comments;
        this.nextIssuesPoll = clock.get();
        this.nextCommentsPoll = clock.get();
    }

    /** Polls as the benchmark's large case does until {@code done} or {@code limit} of simulated time. */
    private long pollUntil(BooleanSupplier done, Duration limit) throws Exception {
        long start = clock.get();
        while (!done.getAsBoolean() && clock.get() - start < limit.toMillis()) {
            if (clock.get() >= nextIssuesPoll) {
                issuePoller.poll();
                nextIssuesPoll = clock.get() + POLL_MS;
            }
            if (clock.get() >= nextCommentsPoll) {
                comments.poll();
                nextCommentsPoll = comments.moreWork() ? clock.get() : clock.get() + POLL_MS;
            }
            clock.set(Math.max(clock.get(), Math.min(nextIssuesPoll, nextCommentsPoll)));
        }
        return clock.get() - start;
    }

    /** Runs the case on a project of {@code issues} issues and prints its figures; true when the target is met. */
    static boolean run(int issues, double rate, double share, int maxComments) throws Exception {
        long anchor = CodingSimulator.DEFAULT_DATA_ANCHOR;
        AtomicLong clock = new AtomicLong(anchor);
        long perCall = Math.round(1000 / rate);
        AtomicLong commentCalls = new AtomicLong();
        try (CodingSimulator sim = CodingSimulator.builder()
                .issues(issues)
                .maxCommentsPerIssue(maxComments)
                .iterations(4)
                .members(20)
                .dataAnchor(anchor)
                .clock(clock::get)
                .start()) {
            CodingClientOptions options = CodingClientOptions.builder()
                    .apiUrl(sim.baseUrl())
                    .credentials(CodingCredentials.personalToken(sim.personalToken()))
                    .requestsPerSecond(100_000)
                    .callObserver((action, result) -> {
                        clock.addAndGet(perCall); // the simulated limiter, as in the large case
                        if ("DescribeIssueCommentList".equals(action)) {
                            commentCalls.incrementAndGet();
                        }
                    })
                    .build();
            try (CodingApiClient client = new CodingApiClient(options)) {
                MemoryStateRepository repository = new MemoryStateRepository();
                CommentSyncBenchmark.Sink sink = new CommentSyncBenchmark.Sink();
                IssueFeed feed = new IssueFeed();
                TablePoller issuePoller = TablePollers.create(
                        CodingTable.ISSUES,
                        CommentSyncBenchmark.context(client, sim, repository, "issues", sink, clock),
                        IterationStrategy.diff,
                        feed,
                        CommentSettings.DEFAULTS);
                CommentsPoller comments = new CommentsPoller(
                        CommentSyncBenchmark.context(client, sim, repository, "comments", sink, clock),
                        new CommentSettings(0, share, Duration.ofDays(7), Duration.ofMillis(POLL_MS)),
                        feed,
                        () -> rate);
                CommentEditLatency polls = new CommentEditLatency(clock, issuePoller, comments);

                int total = 0;
                for (int code : sim.data().issueCodes()) {
                    total += sim.data().comments(code).size();
                }
                int expected = total;
                long firstSync = polls.pollUntil(() -> sink.keys.size() >= expected, Duration.ofDays(1));
                long callsBefore = commentCalls.get();
                long idle = polls.pollUntil(() -> false, Duration.ofHours(1));
                double idlePerMinute = (commentCalls.get() - callsBefore) / (idle / 60_000d);

                int active = issueWithComments(sim, Comparator.reverseOrder());
                int quiet = issueWithComments(sim, Comparator.naturalOrder());
                CommentSnapshot toEdit = sim.data().comments(active).get(0);
                CommentSnapshot toDelete = sim.data().comments(quiet).get(0);
                String editedKey = active + "/" + toEdit.commentId();
                String deletedKey = quiet + "/" + toDelete.commentId();
                sink.lastOp.clear();
                sim.editComment(active, toEdit.commentId(), "edited, and no CODING event says so");
                sim.deleteComment(quiet, toDelete.commentId());
                long editAt = clock.get();
                long[] editIn = {-1};
                long[] deleteIn = {-1};
                polls.pollUntil(
                        () -> {
                            if (editIn[0] < 0 && "u".equals(sink.lastOp.get(editedKey))) {
                                editIn[0] = clock.get() - editAt;
                            }
                            if (deleteIn[0] < 0 && "d".equals(sink.lastOp.get(deletedKey))) {
                                deleteIn[0] = clock.get() - editAt;
                            }
                            return editIn[0] >= 0 && deleteIn[0] >= 0;
                        },
                        Duration.ofDays(8));
                boolean pass = editIn[0] >= 0 && editIn[0] <= TARGET.toMillis();
                System.out.printf(
                        "small project: %,d issues, %,d comments, all in the sink after %s simulated; an idle hour"
                                + " after: %.1f comment calls/min (the rescan allowance: %.1f)%n",
                        issues, total, CommentSyncBenchmark.human(firstSync), idlePerMinute, share * rate * 60);
                System.out.printf(
                        "small project: a comment edit on the most recently active issue in the sink after %s"
                                + " simulated (target: within %d min at 5 calls/s): %s; a comment delete on the"
                                + " quietest issue after %s%n",
                        editIn[0] < 0 ? "more than 8 days" : CommentSyncBenchmark.human(editIn[0]),
                        TARGET.toMinutes(),
                        pass ? "PASS" : "FAIL",
                        deleteIn[0] < 0 ? "more than 8 days" : CommentSyncBenchmark.human(deleteIn[0]));
                return pass;
            }
        }
    }

    /** The issue with comments whose last activity comes first in {@code order} (from the simulator's data). */
    private static int issueWithComments(CodingSimulator sim, Comparator<Long> order) {
        int best = -1;
        long bestActivity = 0;
        for (int code : sim.data().issueCodes()) {
            if (sim.data().comments(code).isEmpty()) {
                continue;
            }
            var issue = sim.data().issue(code).orElseThrow();
            long activity = Math.max(issue.createdAt(), issue.updatedAt());
            for (CommentSnapshot c : sim.data().comments(code)) {
                activity = Math.max(activity, Math.max(c.createdAt(), c.updatedAt()));
            }
            if (best < 0 || order.compare(activity, bestActivity) < 0) {
                best = code;
                bestActivity = activity;
            }
        }
        return best;
    }
}
