package dev.camelcoding.bench;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * The small-project case of {@link CommentSyncBenchmark}: how long a comment edit (and a delete) that no CODING event
 * announces takes to reach the sink by polling alone, once the first sync is done and an idle hour has passed. Same
 * simulated clock and pollers as the large case; the edited issue is the one most recently active (a comment, an
 * update or its creation, from the simulator's data): ten edits, one at a time, each at another point of the poll
 * cycle, and the worst is the figure; the deleted comment is on the quietest issue with comments.
 * Target: the edit in the sink within 3 minutes at 5 calls/s (the rescans spend their allowance on a small project).
 */
final class CommentEditLatency {

    static final Duration TARGET = Duration.ofMinutes(3);
    /** How many edits are timed, each on another of the most recently active issues. */
    static final int EDITS = 10;

    private static final long POLL_MS = 60_000;

    private final AtomicLong clock;
    private final PendingChanges pending;
    private final TablePoller issuePoller;
    private final CommentsPoller comments;
    private long nextIssuesPoll;
    private long nextCommentsPoll;

    private CommentEditLatency(
            AtomicLong clock, PendingChanges pending, TablePoller issuePoller, CommentsPoller comments) {
        this.clock = clock;
        this.pending = pending;
        this.issuePoller = issuePoller;
        this.comments = comments;
        this.nextIssuesPoll = clock.get();
        this.nextCommentsPoll = clock.get();
    }

    /**
     * Polls as the benchmark's large case does until {@code done} (checked after each poll, when its events are in
     * the sink) or {@code limit} of simulated time; applies the pending changes whose time has come.
     */
    private long pollUntil(BooleanSupplier done, Duration limit) throws Exception {
        long start = clock.get();
        while (clock.get() - start < limit.toMillis()) {
            pending.applyDue();
            if (done.getAsBoolean()) {
                break;
            }
            if (clock.get() >= nextIssuesPoll) {
                issuePoller.poll();
                nextIssuesPoll = clock.get() + POLL_MS;
                if (done.getAsBoolean()) {
                    break;
                }
            }
            if (clock.get() >= nextCommentsPoll) {
                comments.poll();
                nextCommentsPoll = comments.moreWork() ? clock.get() : clock.get() + POLL_MS;
                if (done.getAsBoolean()) {
                    break;
                }
            }
            clock.set(Math.max(clock.get(), Math.min(nextIssuesPoll, nextCommentsPoll)));
        }
        return clock.get() - start;
    }

    /**
     * Changes to CODING at a set simulated time, applied at the first call (or poll) at or after it: an edit
     * happens at any point of a poll, as a user's would, not only between polls. No call is made between that
     * time and the change, so timing from the set time is exact.
     */
    private static final class PendingChanges {
        private final AtomicLong clock;
        private final List<Map.Entry<Long, Runnable>> changes = new ArrayList<>();

        PendingChanges(AtomicLong clock) {
            this.clock = clock;
        }

        synchronized void at(long time, Runnable change) {
            changes.add(Map.entry(time, change));
        }

        synchronized void applyDue() {
            for (var it = changes.iterator(); it.hasNext(); ) {
                var change = it.next();
                if (clock.get() >= change.getKey()) {
                    it.remove();
                    change.getValue().run();
                }
            }
        }
    }

    /** Runs the case on a project of {@code issues} issues and prints its figures; true when the target is met. */
    static boolean run(int issues, double rate, double share, int maxComments) throws Exception {
        long anchor = CodingSimulator.DEFAULT_DATA_ANCHOR;
        AtomicLong clock = new AtomicLong(anchor);
        long perCall = Math.round(1000 / rate);
        AtomicLong commentCalls = new AtomicLong();
        PendingChanges pending = new PendingChanges(clock);
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
                        pending.applyDue();
                        if ("DescribeIssueCommentList".equals(action)) {
                            commentCalls.incrementAndGet();
                        }
                    })
                    .build();
            try (CodingApiClient client = new CodingApiClient(options)) {
                MemoryStateRepository repository = new MemoryStateRepository();
                CommentSyncBenchmark.Sink sink = new CommentSyncBenchmark.Sink(clock::get);
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
                CommentEditLatency polls = new CommentEditLatency(clock, pending, issuePoller, comments);

                int total = 0;
                for (int code : sim.data().issueCodes()) {
                    total += sim.data().comments(code).size();
                }
                int expected = total;
                long firstSync = polls.pollUntil(() -> sink.keys.size() >= expected, Duration.ofDays(1));
                long callsBefore = commentCalls.get();
                long idle = polls.pollUntil(() -> false, Duration.ofHours(1));
                double idlePerMinute = (commentCalls.get() - callsBefore) / (idle / 60_000d);

                // edits on the most recently active issues, one at a time, each at a different point of the poll
                // cycle (the next edit waits a varying while): the worst of them is the figure
                List<Integer> byActivity = issuesWithCommentsMostRecentlyActiveFirst(sim);
                List<Integer> active = byActivity.subList(0, Math.min(EDITS, byActivity.size()));
                int quiet = byActivity.get(byActivity.size() - 1);
                CommentSnapshot toDelete = sim.data().comments(quiet).get(0);
                String deletedKey = quiet + "/" + toDelete.commentId();
                long deleteAt = clock.get() + 1_000;
                pending.at(deleteAt, () -> sim.deleteComment(quiet, toDelete.commentId()));
                long[] deleteIn = {-1};
                BooleanSupplier deleteSeen = () -> {
                    if (deleteIn[0] < 0 && "d".equals(sink.lastOp.get(deletedKey))) {
                        deleteIn[0] = sink.handedOverAt.get(deletedKey) - deleteAt;
                    }
                    return deleteIn[0] >= 0;
                };
                List<Long> editIn = new ArrayList<>();
                for (int round = 0; round < active.size(); round++) {
                    int issue = active.get(round);
                    CommentSnapshot toEdit = sim.data().comments(issue).get(0);
                    String editedKey = issue + "/" + toEdit.commentId();
                    String text = "edit " + round + ", and no CODING event says so";
                    // each edit at another point of the poll cycle: 1 s, then 24 s, 47 s, ... after a poll ended
                    long editAt = clock.get() + 1_000 + 23_000L * round;
                    pending.at(editAt, () -> {
                        sink.lastOp.remove(editedKey);
                        sim.editComment(issue, toEdit.commentId(), text);
                    });
                    polls.pollUntil(
                            () -> {
                                deleteSeen.getAsBoolean(); // the delete is timed while the edits are
                                return clock.get() >= editAt && "u".equals(sink.lastOp.get(editedKey));
                            },
                            Duration.ofDays(8));
                    // in the sink when the poller handed it over (its flush), not when the poll ended
                    editIn.add(
                            "u".equals(sink.lastOp.get(editedKey))
                                    ? sink.handedOverAt.get(editedKey) - editAt
                                    : Long.MAX_VALUE);
                }
                polls.pollUntil(deleteSeen, Duration.ofDays(8));
                long worst = editIn.stream().mapToLong(Long::longValue).max().orElse(Long.MAX_VALUE);
                List<Long> sorted = editIn.stream().sorted().toList();
                long median = sorted.get(sorted.size() / 2);
                boolean pass = worst <= TARGET.toMillis();
                System.out.printf(
                        "small project: %,d issues, %,d comments, all in the sink after %s simulated; an idle hour"
                                + " after: %.1f comment calls/min (the rescan allowance: %.1f)%n",
                        issues, total, CommentSyncBenchmark.human(firstSync), idlePerMinute, share * rate * 60);
                System.out.printf(
                        "small project: %d comment edits on the %d most recently active issues in the sink after at"
                                + " most %s simulated, median %s (target: within %d min at 5 calls/s): %s; a comment"
                                + " delete on the quietest issue after %s%n",
                        editIn.size(),
                        active.size(),
                        worst == Long.MAX_VALUE ? "more than 8 days" : CommentSyncBenchmark.human(worst),
                        median == Long.MAX_VALUE ? "more than 8 days" : CommentSyncBenchmark.human(median),
                        TARGET.toMinutes(),
                        pass ? "PASS" : "FAIL",
                        deleteIn[0] < 0 ? "more than 8 days" : CommentSyncBenchmark.human(deleteIn[0]));
                return pass;
            }
        }
    }

    /** The issues with comments, most recently active first (created, updated or commented: the simulator's data). */
    private static List<Integer> issuesWithCommentsMostRecentlyActiveFirst(CodingSimulator sim) {
        Map<Integer, Long> activity = new HashMap<>();
        for (int code : sim.data().issueCodes()) {
            if (sim.data().comments(code).isEmpty()) {
                continue;
            }
            var issue = sim.data().issue(code).orElseThrow();
            long at = Math.max(issue.createdAt(), issue.updatedAt());
            for (CommentSnapshot c : sim.data().comments(code)) {
                at = Math.max(at, Math.max(c.createdAt(), c.updatedAt()));
            }
            activity.put(code, at);
        }
        Comparator<Integer> byActivity = Comparator.comparing(activity::get);
        List<Integer> codes = new ArrayList<>(activity.keySet());
        codes.sort(byActivity.reversed().thenComparing(c -> c));
        return codes;
    }
}
