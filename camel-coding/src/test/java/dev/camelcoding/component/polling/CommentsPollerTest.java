package dev.camelcoding.component.polling;

import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.codes;
import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.simulator.CommentSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The comments table against the simulator: which issues are read when, and what that costs. The expected facts
 * come from the simulator's data (issue UpdatedAt, comment ids) and its call counters, never from the poller.
 */
class CommentsPollerTest {

    /** The harness clock, used as the simulator's data anchor so some issues are active "now". */
    private static final long NOW = 1_780_000_000_000L;

    private PollerHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private int totalComments() {
        int total = 0;
        for (int code : h.simulator.data().issueCodes()) {
            total += h.simulator.data().comments(code).size();
        }
        return total;
    }

    private long updatedAt(long code) {
        return h.simulator.data().issue((int) code).orElseThrow().updatedAt();
    }

    /** Polls until the poller has no budget-cut work left; returns every event. */
    private List<ChangeEvent> pollUntilDone(TablePoller poller) throws Exception {
        int polls = 0;
        do {
            poller.poll();
            assertThat(++polls).as("the backfill ends").isLessThan(10_000);
        } while (poller.moreWork());
        return h.emitter.take();
    }

    @Test
    void theBackfillReadsEveryCommentOnceMostRecentlyUpdatedIssueFirst() throws Exception {
        h = new PollerHarness(b -> b.issues(150).maxCommentsPerIssue(4));
        h.comments = new CommentSettings(20, 0.2, Duration.ofDays(7), Duration.ofMinutes(1));
        List<ChangeEvent> events = pollUntilDone(h.poller(CodingTable.COMMENTS));

        assertThat(events).hasSize(totalComments()).allMatch(e -> e.op() == Op.READ);
        assertThat(events.stream().map(e -> e.key().toString()).distinct().count())
                .isEqualTo(events.size());
        assertThat(h.calls("DescribeIssueCommentList"))
                .isEqualTo(h.simulator.data().issueCount());
        List<Long> issueOrder = new ArrayList<>(new LinkedHashSet<>(codes(events, "issue_code", e -> true)));
        for (int i = 1; i < issueOrder.size(); i++) {
            assertThat(updatedAt(issueOrder.get(i)))
                    .as("issue %s after %s", issueOrder.get(i), issueOrder.get(i - 1))
                    .isLessThanOrEqualTo(updatedAt(issueOrder.get(i - 1)));
        }
    }

    @Test
    void theBackfillResumesAfterARestartWhereItStopped() throws Exception {
        h = new PollerHarness(b -> b.issues(120).maxCommentsPerIssue(3));
        h.comments = new CommentSettings(15, 0, Duration.ofDays(7), Duration.ofMinutes(1));
        TablePoller first = h.poller(CodingTable.COMMENTS);
        first.poll();
        first.poll();
        List<ChangeEvent> before = h.emitter.take();
        long callsBefore = h.calls("DescribeIssueCommentList");
        assertThat(callsBefore).isEqualTo(30);

        TablePoller restarted = h.poller(CodingTable.COMMENTS); // same state repository: a restart
        List<ChangeEvent> after = pollUntilDone(restarted);

        assertThat(h.calls("DescribeIssueCommentList") - callsBefore)
                .as("no issue is read twice")
                .isEqualTo(h.simulator.data().issueCount() - 30);
        Set<String> keys = new HashSet<>();
        before.forEach(e -> keys.add(e.key().toString()));
        after.forEach(e -> assertThat(keys.add(e.key().toString()))
                .as("emitted once: %s", e.key())
                .isTrue());
        assertThat(keys).hasSize(totalComments());
        long lastBefore =
                updatedAt(before.get(before.size() - 1).key().path("issue_code").asLong());
        long firstAfter = updatedAt(after.get(0).key().path("issue_code").asLong());
        assertThat(firstAfter).as("the restart goes on down the list").isLessThanOrEqualTo(lastBefore);
    }

    @Test
    void noPollSpendsMoreThanItsBudget() throws Exception {
        h = new PollerHarness(b -> b.issues(80).maxCommentsPerIssue(2).dataAnchor(NOW));
        h.comments = new CommentSettings(7, 0.3, Duration.ofDays(7), Duration.ofMinutes(1));
        TablePoller poller = h.poller(CodingTable.COMMENTS);
        for (int poll = 0; poll < 40; poll++) {
            long before = h.calls("DescribeIssueCommentList");
            if (poll % 5 == 4) {
                int code = h.simulator.data().issueCodes()[poll];
                h.simulator.updateIssue(code, e -> e.name("changed in poll"));
                h.simulator.addComment(code, "more work");
            }
            poller.poll();
            assertThat(h.calls("DescribeIssueCommentList") - before)
                    .as("poll %d", poll)
                    .isLessThanOrEqualTo(7);
            h.tick(Duration.ofMinutes(3));
        }
    }

    /**
     * One poll at the simulated rate: the clock advances 1 / rate s per call the poll made (a saturated limiter), as
     * a real poll's calls take time; returns the calls made.
     */
    private long pollAtRate(CommentsPoller poller, double rate) throws Exception {
        long before = h.calls("DescribeIssueCommentList");
        poller.poll();
        long made = h.calls("DescribeIssueCommentList") - before;
        h.tick(Duration.ofMillis(Math.round(made * 1000 / rate)));
        return made;
    }

    @Test
    void theDefaultBudgetAccruesWithClockTimeNotPerPoll() throws Exception {
        double rate = 1; // calls/s: a minute's delay is worth 60 calls
        h = new PollerHarness(b -> b.issues(300).maxCommentsPerIssue(2).dataAnchor(NOW));
        // a 5-minute maximum staleness: every issue is due every 5 minutes, 60 a minute, more than the 30 allowed
        h.comments = new CommentSettings(0, 0.5, Duration.ofMinutes(5), Duration.ofMinutes(1));
        CommentsPoller poller = h.commentsPoller(() -> rate);
        long start = h.clock.get();
        long made = 0;
        while (made < 300 || poller.moreWork()) {
            made += pollAtRate(poller, rate);
            // never more than the rate over the time elapsed, plus the first poll's delay's worth
            assertThat(made).as("calls by %s s", (h.clock.get() - start) / 1000).isLessThanOrEqualTo((long)
                    (rate * ((h.clock.get() - start) / 1000d + 60)));
            if (!poller.moreWork()) {
                h.tick(Duration.ofMinutes(1));
            }
        }
        assertThat(h.calls("DescribeIssueCommentList")).isGreaterThanOrEqualTo(300);

        // now only rescans are left: an hour of polls every 10 s and an hour of polls every minute make the same
        // number of calls, 0.5 x 1 call/s x 3,600 s = 1,800 (a budget per poll would give the frequent polls more)
        long[] perHour = new long[2];
        Duration[] delays = {Duration.ofSeconds(10), Duration.ofMinutes(1)};
        for (int phase = 0; phase < 2; phase++) {
            long phaseStart = h.clock.get();
            while (h.clock.get() - phaseStart < Duration.ofHours(1).toMillis()) {
                perHour[phase] += pollAtRate(poller, rate);
                h.tick(delays[phase]);
            }
            long elapsed = (h.clock.get() - phaseStart) / 1000;
            // within the allowance of the time elapsed plus at most the capped carry-over (two periods' worth)
            assertThat(perHour[phase]).as("phase %d", phase).isLessThanOrEqualTo((long) (0.5 * rate * elapsed) + 120);
            assertThat(perHour[phase]).as("phase %d", phase).isGreaterThanOrEqualTo((long) (0.5 * rate * 3600) - 60);
        }
    }

    /**
     * Polls at the simulated rate as the consumer would (at once while the poller asks to, else after the delay)
     * until {@code done} holds or {@code limit} of clock time has passed; returns the clock time that took.
     */
    private Duration pollUntil(
            CommentsPoller poller, double rate, Duration delay, Duration limit, java.util.function.BooleanSupplier done)
            throws Exception {
        long start = h.clock.get();
        while (!done.getAsBoolean() && h.clock.get() - start <= limit.toMillis()) {
            pollAtRate(poller, rate);
            if (!poller.moreWork()) {
                h.tick(delay);
            }
        }
        return Duration.ofMillis(h.clock.get() - start);
    }

    @Test
    void onASmallProjectTheRescansSpendTheirAllowanceSoAnEditIsFoundWithinThreeMinutes() throws Exception {
        double rate = 5; // the default rateLimit
        h = new PollerHarness(b -> b.issues(300).maxCommentsPerIssue(3).dataAnchor(NOW));
        h.comments = new CommentSettings(0, 0.5, Duration.ofDays(7), Duration.ofMinutes(1));
        CommentsPoller poller = h.commentsPoller(() -> rate);
        Duration delay = h.comments.pollInterval();
        pollUntil(poller, rate, delay, Duration.ofHours(1), () -> h.calls("DescribeIssueCommentList") >= 300);
        h.emitter.take();
        // an hour of polling once the backfill is done: never more than the rescan share of the time elapsed (plus
        // the capped carry-over of two poll periods, 2 x 0.5 x 5 x 120 s)
        long callsBefore = h.calls("DescribeIssueCommentList");
        Duration hour = pollUntil(poller, rate, delay, Duration.ofHours(1), () -> false);
        long rescans = h.calls("DescribeIssueCommentList") - callsBefore;
        assertThat(rescans).isLessThanOrEqualTo((long) (0.5 * rate * hour.toSeconds()) + 600);
        assertThat(h.emitter.take()).as("nothing changed").isEmpty();

        // an edit on the most recently active issue, and a delete on the quietest: no event tells of either
        int active = mostRecentIssueWithComments();
        int quiet = quietestIssueWithComments();
        long edited = commentIds(active).iterator().next();
        long deleted = commentIds(quiet).iterator().next();
        h.simulator.editComment(active, edited, "edited");
        h.simulator.deleteComment(quiet, deleted);
        Set<Long> updates = new HashSet<>();
        Set<Long> deletes = new HashSet<>();
        Duration editFound = pollUntil(poller, rate, delay, Duration.ofHours(1), () -> {
            List<ChangeEvent> events = h.emitter.take();
            updates.addAll(codes(events, "comment_id", op(Op.UPDATE)));
            deletes.addAll(codes(events, "comment_id", op(Op.DELETE)));
            return updates.contains(edited) && deletes.contains(deleted);
        });
        // half of 5 calls/s re-reads 300 issues every 2 minutes: both are found within 3 (the capped schedule took
        // 15 minutes for the active issue and a week for the quiet one)
        assertThat(editFound).isLessThanOrEqualTo(Duration.ofMinutes(3));
        assertThat(updates).containsExactly(edited);
        assertThat(deletes).containsExactly(deleted);
    }

    @Test
    void aPollWithoutCreditMakesNoCallAndDoesNotAskToFollowAtOnce() throws Exception {
        h = new PollerHarness(b -> b.issues(200).maxCommentsPerIssue(2).dataAnchor(NOW));
        h.comments = new CommentSettings(0, 0.5, Duration.ofDays(7), Duration.ofMinutes(1));
        CommentsPoller poller = h.commentsPoller(() -> 1); // 1 call/s: the first poll gets 60 calls
        poller.poll();
        long calls = h.calls("DescribeIssueCommentList");
        assertThat(calls).isEqualTo(60);
        assertThat(poller.moreWork()).as("the backfill has 140 issues left").isTrue();

        poller.poll(); // at once, on the same clock: no time has passed, so no credit
        assertThat(h.calls("DescribeIssueCommentList")).isEqualTo(calls);
        assertThat(poller.moreWork()).as("no spinning until the credit comes").isFalse();

        h.tick(Duration.ofSeconds(30));
        poller.poll();
        assertThat(h.calls("DescribeIssueCommentList") - calls).isEqualTo(30);
        assertThat(poller.moreWork()).isTrue();
    }

    @Test
    void oneListingFeedsBothTables() throws Exception {
        h = new PollerHarness(b -> b.issues(450).maxCommentsPerIssue(2));
        h.feed = new IssueFeed();
        TablePoller issues = h.poller(CodingTable.ISSUES);
        TablePoller comments = h.poller(CodingTable.COMMENTS);
        long listCallsOfComments = 0;
        issues.poll();
        for (int poll = 0; poll < 5; poll++) {
            long before = h.calls("DescribeIssueListWithPage");
            comments.poll();
            listCallsOfComments += h.calls("DescribeIssueListWithPage") - before;
            h.tick(Duration.ofMinutes(1));
            issues.poll();
        }
        assertThat(h.emitter.take().stream()
                        .filter(e -> "comments".equals(e.table()))
                        .count())
                .isEqualTo(totalComments());
        assertThat(listCallsOfComments)
                .as("one call to check CODING's total against the issues fed, no paging")
                .isEqualTo(1);

        // changes: the issues poller lists them, the comments poller reads those issues with no list call
        int code = h.simulator.data().issueCodes()[200];
        h.simulator.updateIssue(code, e -> e.name("renamed"));
        long commentId = h.simulator.addComment(code, "with the rename");
        h.tick(Duration.ofSeconds(30));
        issues.poll();
        h.emitter.take();
        long listBefore = h.calls("DescribeIssueListWithPage");
        comments.poll();
        assertThat(h.calls("DescribeIssueListWithPage")).isEqualTo(listBefore);
        assertThat(codes(h.emitter.take(), "comment_id", op(Op.CREATE))).containsExactly(commentId);
    }

    @Test
    void aDeletedIssueDeletesItsCommentsWithTheFeed() throws Exception {
        h = new PollerHarness(b -> b.issues(60).maxCommentsPerIssue(4));
        h.reconcileInterval = Duration.ofMinutes(10);
        h.feed = new IssueFeed();
        TablePoller issues = h.poller(CodingTable.ISSUES);
        TablePoller comments = h.poller(CodingTable.COMMENTS);
        issues.poll();
        pollUntilDone(comments);
        int victim = issueWithComments();
        java.util.Map<Integer, Set<Long>> before = allCommentIds();

        h.simulator.deleteIssue(victim); // with its sub-tasks, if it has any
        Set<Long> itsComments = new HashSet<>();
        before.forEach((code, ids) -> {
            if (h.simulator.data().issue(code).isEmpty()) {
                itsComments.addAll(ids);
            }
        });
        assertThat(itsComments).isNotEmpty();
        h.tick(Duration.ofMinutes(11)); // the issues census is due
        issues.poll();
        h.emitter.take();
        comments.poll();
        List<ChangeEvent> events = h.emitter.take();
        assertThat(events).allMatch(e -> e.op() == Op.DELETE);
        assertThat(codes(events, "comment_id", e -> true)).containsExactlyInAnyOrderElementsOf(itsComments);
    }

    @Test
    void aDeletedIssueDeletesItsCommentsWithoutTheFeed() throws Exception {
        h = new PollerHarness(b -> b.issues(60).maxCommentsPerIssue(4));
        h.reconcileInterval = Duration.ofMinutes(10);
        TablePoller comments = h.poller(CodingTable.COMMENTS);
        pollUntilDone(comments);
        int victim = issueWithComments();
        java.util.Map<Integer, Set<Long>> before = allCommentIds();

        h.simulator.deleteIssue(victim); // with its sub-tasks, if it has any
        Set<Long> itsComments = new HashSet<>();
        before.forEach((code, ids) -> {
            if (h.simulator.data().issue(code).isEmpty()) {
                itsComments.addAll(ids);
            }
        });
        assertThat(itsComments).isNotEmpty();
        h.tick(Duration.ofMinutes(11));
        comments.poll();
        List<ChangeEvent> events = h.emitter.take();
        assertThat(events).allMatch(e -> e.op() == Op.DELETE);
        assertThat(codes(events, "comment_id", e -> true)).containsExactlyInAnyOrderElementsOf(itsComments);
    }

    @Test
    void aDeliveredCommentResetsTheIssuesScheduleSoItIsReadFirst() throws Exception {
        h = new PollerHarness(b -> b.issues(100).maxCommentsPerIssue(2).dataAnchor(NOW));
        h.feed = new IssueFeed();
        h.comments = new CommentSettings(10, 0.1, Duration.ofDays(7), Duration.ofMinutes(1)); // 1 rescan a poll
        TablePoller issues = h.poller(CodingTable.ISSUES);
        TablePoller comments = h.poller(CodingTable.COMMENTS);
        issues.poll();
        pollUntilDone(comments);
        // the quietest issue: oldest UpdatedAt; it was read at NOW, its interval is days long
        int quiet = quietestIssueWithComments();
        long commentId = commentIds(quiet).iterator().next();
        h.simulator.editComment(quiet, commentId, "edited quietly");

        h.tick(Duration.ofHours(6));
        issues.poll();
        comments.poll();
        assertThat(codes(h.emitter.take(), "comment_id", op(Op.UPDATE)))
                .as("not due yet")
                .isEmpty();

        h.feed.publish(IssueTouch.commented(quiet, h.clock.get())); // an ISSUE_COMMENT_CREATED delivery
        h.tick(Duration.ofMinutes(2));
        issues.poll();
        comments.poll();
        assertThat(codes(h.emitter.take(), "comment_id", op(Op.UPDATE))).containsExactly(commentId);
    }

    @Test
    void aCommentEditedOrDeletedOnAnActiveIssueIsFoundWithinItsInterval() throws Exception {
        h = new PollerHarness(b -> b.issues(100).maxCommentsPerIssue(3).dataAnchor(NOW));
        TablePoller comments = h.poller(CodingTable.COMMENTS);
        pollUntilDone(comments);
        int active = mostRecentIssueWithComments();
        List<Long> ids = new ArrayList<>(commentIds(active));
        CommentSchedule schedule = new CommentSchedule(Duration.ofDays(7));
        long activity = h.simulator.data().comments(active).stream()
                .mapToLong(CommentSnapshot::updatedAt)
                .max()
                .orElseThrow();
        long lastActive = Math.max(activity, updatedAt(active));
        assertThat(h.clock.get() - lastActive)
                .as("the issue stays active within the week during the test")
                .isLessThan(Duration.ofDays(7).minus(Duration.ofHours(1)).toMillis());
        Duration interval = Duration.ofMillis(schedule.intervalMillis(h.clock.get(), lastActive));
        assertThat(interval).as("an active issue is re-read within the hour").isLessThan(Duration.ofHours(1));

        h.simulator.editComment(active, ids.get(0), "edited");
        // however its interval grows with the quiet time, an issue active this week is due within the cap
        h.tick(CommentSchedule.ACTIVE_CAP.plusSeconds(1));
        comments.poll();
        assertThat(codes(h.emitter.take(), "comment_id", op(Op.UPDATE))).containsExactly(ids.get(0));

        h.simulator.deleteComment(active, ids.get(0));
        h.tick(CommentSchedule.RECENT_FLOOR.plusSeconds(1)); // a change found makes the issue active: the floor
        comments.poll();
        assertThat(codes(h.emitter.take(), "comment_id", op(Op.DELETE))).containsExactly(ids.get(0));
    }

    @Test
    void anUnchangedIssueCostsNoCallBeforeItIsDue() throws Exception {
        h = new PollerHarness(b -> b.issues(50).maxCommentsPerIssue(2));
        h.feed = new IssueFeed();
        TablePoller issues = h.poller(CodingTable.ISSUES);
        TablePoller comments = h.poller(CodingTable.COMMENTS);
        issues.poll();
        pollUntilDone(comments);
        long before = h.calls("DescribeIssueCommentList") + h.calls("DescribeIssueListWithPage");
        h.tick(Duration.ofSeconds(50));
        comments.poll();
        assertThat(h.calls("DescribeIssueCommentList") + h.calls("DescribeIssueListWithPage"))
                .isEqualTo(before);
    }

    @Test
    void statusShowsTheBackfillAndTheFreshness() throws Exception {
        h = new PollerHarness(b -> b.issues(50).maxCommentsPerIssue(2));
        h.comments = new CommentSettings(10, 0.2, Duration.ofDays(7), Duration.ofMinutes(1));
        TablePoller poller = h.poller(CodingTable.COMMENTS);
        var status = new dev.camelcoding.component.status.CodingStatusReader(h.repository);
        poller.poll();

        var during = status.read(CodingTable.COMMENTS, "test/comments");
        int issues = h.simulator.data().issueCount();
        assertThat(during.phase()).isEqualTo(dev.camelcoding.component.status.SyncPhase.BACKFILL);
        CommentFreshness f = during.comments().orElseThrow();
        assertThat(f.issues()).isEqualTo(issues);
        assertThat(f.readLastHour()).isEqualTo(10);
        assertThat(f.unread()).isEqualTo(issues - 10);
        // 8 of the 10 calls a minute are the backfill's (20 % may go to rescans)
        assertThat(f.backfillEtaSeconds()).isEqualTo((long) Math.ceil((issues - 10) / (8 / 60d)));
        // rescans may spend 2 of the 10 calls a one-minute poll; the schedule needs at least one read per issue a week
        assertThat(f.rescanAllowancePerMinute()).isEqualTo(2.0);
        assertThat(f.rescanDemandPerMinute()).isGreaterThanOrEqualTo(issues / (7 * 24 * 60d));

        while (poller.moreWork()) {
            poller.poll();
        }
        h.tick(Duration.ofHours(2));
        var after = status.read(CodingTable.COMMENTS, "test/comments");
        assertThat(after.phase()).isEqualTo(dev.camelcoding.component.status.SyncPhase.INCREMENTAL);
        assertThat(after.comments().orElseThrow().unread()).isZero();
        assertThat(after.comments().orElseThrow().readLastWeek()).isEqualTo(issues);
    }

    private int issueWithComments() {
        for (int code : h.simulator.data().issueCodes()) {
            if (h.simulator.data().comments(code).size() >= 2) {
                return code;
            }
        }
        throw new AssertionError("no issue with comments");
    }

    private int quietestIssueWithComments() {
        int best = -1;
        for (int code : h.simulator.data().issueCodes()) {
            if (!h.simulator.data().comments(code).isEmpty() && (best < 0 || updatedAt(code) < updatedAt(best))) {
                best = code;
            }
        }
        return best;
    }

    private int mostRecentIssueWithComments() {
        int best = -1;
        for (int code : h.simulator.data().issueCodes()) {
            if (h.simulator.data().comments(code).size() >= 2 && (best < 0 || updatedAt(code) > updatedAt(best))) {
                best = code;
            }
        }
        return best;
    }

    private java.util.Map<Integer, Set<Long>> allCommentIds() {
        java.util.Map<Integer, Set<Long>> all = new java.util.HashMap<>();
        for (int code : h.simulator.data().issueCodes()) {
            all.put(code, commentIds(code));
        }
        return all;
    }

    private Set<Long> commentIds(int code) {
        Set<Long> ids = new LinkedHashSet<>();
        h.simulator.data().comments(code).forEach(c -> ids.add(c.commentId()));
        return ids;
    }
}
