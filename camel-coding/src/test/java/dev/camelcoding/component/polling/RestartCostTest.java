package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.store.CodingStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: a restart costs at most the page in flight, for every reader. A process killed in the middle of a
 * backfill (the harness's {@link PollerHarness.RecordingEmitter.Killed}: the thread stops where it is, nothing on its
 * way out is saved) is restarted on the same state and store; the issue-list calls CODING served after the restart
 * (the simulator's counters, not the pollers' figures) are compared with the pages the simulator's data needs.
 *
 * <p>The fixed per-start calls, counted on top of the pages: the comments poller's one check of CODING's total
 * (DescribeIssueListWithPage with PageSize 1) once the issues snapshot ends, or, when its index is already whole, its
 * one listing of what changed since the newest change it holds (usually one page).
 */
class RestartCostTest {

    private static final String LIST = "DescribeIssueListWithPage";
    private static final int ISSUES = 400;
    private static final int PAGE_SIZE = 20;
    /** The pages of the issues listing: from the simulator's data and the page size, not from the readers. */
    private static final int PAGES = (ISSUES + PAGE_SIZE - 1) / PAGE_SIZE;

    private JdbcConnectionPool pool;
    private CodingStore store;
    private PollerHarness h;

    @BeforeEach
    void start() {
        // the application's setup: the readers' per-issue memory (the census key sets) in a store
        pool = JdbcConnectionPool.create("jdbc:h2:mem:restart-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        store = CodingStore.open("test", pool);
        store.define(StoredKnownCodes.PART);
        store.define(StoredCommentIndex.PART);
        h = new PollerHarness(b -> b.issues(ISSUES).maxCommentsPerIssue(2));
        h.store = store;
        h.pageSize = PAGE_SIZE;
        h.reconcileInterval = Duration.ofHours(1);
        h.comments = new CommentSettings(100_000, 0.2, Duration.ofDays(7), Duration.ofMinutes(1));
    }

    @AfterEach
    void close() {
        h.close();
        pool.dispose();
    }

    private int totalComments() {
        int total = 0;
        for (int code : h.simulator.data().issueCodes()) {
            total += h.simulator.data().comments(code).size();
        }
        return total;
    }

    /** The comment keys among {@code events}, each checked to be new to {@code into}. */
    private static void addCommentKeys(List<ChangeEvent> events, Set<String> into) {
        events.stream()
                .filter(e -> "comments".equals(e.table()))
                .forEach(e -> assertThat(into.add(e.key().toString()))
                        .as("emitted once: %s", e.key())
                        .isTrue());
    }

    @Test
    void aKillInTheIssuesBackfillCostsTheIssueListAtMostThePageInFlight() throws Exception {
        // the first run: the issues reader and the comments reader of one source share the issues listing
        h.feed = new IssueFeed();
        TablePoller issues = h.poller(CodingTable.ISSUES);
        h.poller(CodingTable.COMMENTS); // subscribed: it takes the listing's touches on its next poll
        int pagesDone = 8;
        h.emitter.killAfter = pagesDone * PAGE_SIZE + PAGE_SIZE / 5; // in the middle of page 9
        assertThatThrownBy(issues::poll).isInstanceOf(PollerHarness.RecordingEmitter.Killed.class);
        long listCallsBeforeKill = h.calls(LIST);
        assertThat(listCallsBeforeKill)
                .as("CODING's newest change, then pages 1 to %d, the last in flight", pagesDone + 1)
                .isEqualTo(1 + pagesDone + 1);
        h.emitter.take();

        // the restart: what was in memory is gone (the feed's touches with it); the state and the store remain
        h.feed = new IssueFeed();
        issues = h.poller(CodingTable.ISSUES);
        TablePoller comments = h.poller(CodingTable.COMMENTS);
        issues.poll();
        int polls = 0;
        do {
            comments.poll();
            assertThat(++polls).as("the comments backfill ends").isLessThan(100);
        } while (comments.moreWork());
        List<ChangeEvent> events = h.emitter.take();

        long listCallsAfter = h.calls(LIST) - listCallsBeforeKill;
        int pagesLeft = PAGES - pagesDone; // the page in flight and the ones never read
        // calls a run without a kill makes too: the issues reader's first incremental poll once its pass ends, and
        // the comments reader's check of CODING's total against the issues it was fed
        int fixed = 2;
        assertThat(listCallsAfter)
                .as("the issue pages left (%d, with the one in flight) and %d fixed calls", pagesLeft, fixed)
                .isLessThanOrEqualTo(pagesLeft + fixed);
        assertThat(h.calls(LIST))
                .as("the whole sync: CODING's newest change, every page, the fixed calls, the page in flight again")
                .isLessThanOrEqualTo(1 + PAGES + fixed + 1);
        // and the sink stays exact: every comment once, every issue read once for its comments
        Set<String> keys = new HashSet<>();
        addCommentKeys(events, keys);
        assertThat(keys).hasSize(totalComments());
        assertThat(h.calls("DescribeIssueCommentList")).isEqualTo(ISSUES);
    }

    @Test
    void aKillInTheListingOfACommentsReaderWithoutAnIssuesReaderCostsAtMostThePageInFlight() throws Exception {
        // no issues table: the comments reader lists the issues itself
        TablePoller comments = h.poller(CodingTable.COMMENTS);
        int pagesDone = 8;
        // at the end of page 9, before it is saved: the page in flight
        h.emitter.killOnFlush = () -> h.calls(LIST) == 1 + pagesDone + 1;
        assertThatThrownBy(comments::poll).isInstanceOf(PollerHarness.RecordingEmitter.Killed.class);
        long listCallsBeforeKill = h.calls(LIST);
        assertThat(listCallsBeforeKill).isEqualTo(1 + pagesDone + 1);
        assertThat(h.calls("DescribeIssueCommentList")).isZero();

        comments = h.poller(CodingTable.COMMENTS);
        int polls = 0;
        do {
            comments.poll();
            assertThat(++polls).as("the comments backfill ends").isLessThan(100);
        } while (comments.moreWork());
        List<ChangeEvent> events = h.emitter.take();

        int pagesLeft = PAGES - pagesDone;
        int fixed = 1; // the listing's first incremental poll once its pass ends, as in a run without a kill
        assertThat(h.calls(LIST) - listCallsBeforeKill)
                .as("the issue pages left (%d, with the one in flight) and %d fixed call", pagesLeft, fixed)
                .isLessThanOrEqualTo(pagesLeft + fixed);
        Set<String> keys = new HashSet<>();
        addCommentKeys(events, keys);
        assertThat(keys)
                .as("every comment, of the issues listed before the kill too")
                .hasSize(totalComments());
        assertThat(h.calls("DescribeIssueCommentList")).isEqualTo(ISSUES);
    }

    @Test
    void aKillInTheCommentsBackfillCostsTheReadsSinceItsLastCheckpointAndTheFixedCalls() throws Exception {
        h.feed = new IssueFeed();
        // events reach the sink only at a hand-over (a checkpoint), as the change log commits them with the state
        h.emitter.batchSize = 100_000;
        TablePoller issues = h.poller(CodingTable.ISSUES);
        TablePoller comments = h.poller(CodingTable.COMMENTS);
        issues.poll();
        Set<String> keys = new HashSet<>();
        List<ChangeEvent> issueEvents = h.emitter.take();
        assertThat(issueEvents).hasSize(ISSUES);
        // in the middle of the backfill, well past its first checkpoints
        h.emitter.killAfter = totalComments() / 2;
        assertThatThrownBy(comments::poll).isInstanceOf(PollerHarness.RecordingEmitter.Killed.class);
        addCommentKeys(h.emitter.take(), keys);
        long readsBeforeKill = h.calls("DescribeIssueCommentList");
        assertThat(readsBeforeKill).isBetween((long) CommentsPoller.READS_PER_CHECKPOINT, ISSUES - 1L);
        long listCallsBeforeKill = h.calls(LIST);

        h.feed = new IssueFeed();
        issues = h.poller(CodingTable.ISSUES);
        comments = h.poller(CodingTable.COMMENTS);
        h.tick(Duration.ofSeconds(30));
        issues.poll();
        int polls = 0;
        do {
            comments.poll();
            assertThat(++polls).as("the comments backfill ends").isLessThan(100);
        } while (comments.moreWork());
        addCommentKeys(h.emitter.take(), keys);

        // the issues reader's incremental poll; the comments reader's listing of what changed since its newest
        // change (touches of a crash may be lost): one page each, nothing changed
        int fixed = 2;
        assertThat(h.calls(LIST) - listCallsBeforeKill).isLessThanOrEqualTo(fixed);
        assertThat(h.calls("DescribeIssueCommentList"))
                .as(
                        "each issue read once, but those read since the last checkpoint (at most %d)",
                        CommentsPoller.READS_PER_CHECKPOINT)
                .isBetween((long) ISSUES, (long) ISSUES + CommentsPoller.READS_PER_CHECKPOINT);
        assertThat(keys).hasSize(totalComments());
    }

    @Test
    void aCommentsTableAddedAfterTheIssuesSnapshotListsTheIssuesOnceForTheirRecency() throws Exception {
        // not a restart of a snapshot: the issues reader finished its own long ago, the comments table is new. The
        // issues reader's key set has every issue but not their UpdatedAt: the backfill's order needs the listing
        h.feed = new IssueFeed();
        h.poller(CodingTable.ISSUES).poll();
        h.emitter.take();
        long listCallsBefore = h.calls(LIST);

        h.feed = new IssueFeed(); // the restart that adds the comments table
        TablePoller issues = h.poller(CodingTable.ISSUES);
        TablePoller comments = h.poller(CodingTable.COMMENTS);
        issues.poll();
        int polls = 0;
        do {
            comments.poll();
            assertThat(++polls).as("the comments backfill ends").isLessThan(100);
        } while (comments.moreWork());
        List<ChangeEvent> events = h.emitter.take();

        List<Long> readOrder = events.stream()
                .filter(e -> "comments".equals(e.table()))
                .map(e -> e.key().path("issue_code").asLong())
                .distinct()
                .toList();
        for (int i = 1; i < readOrder.size(); i++) {
            assertThat(updatedAt(readOrder.get(i)))
                    .as("issue %s after %s: most recently updated first", readOrder.get(i), readOrder.get(i - 1))
                    .isLessThanOrEqualTo(updatedAt(readOrder.get(i - 1)));
        }
        // the issues reader's incremental poll, the comments reader's check of the total and its one listing
        assertThat(h.calls(LIST) - listCallsBefore).isEqualTo(1 + 1 + PAGES);
    }

    private long updatedAt(long code) {
        return h.simulator.data().issue((int) code).orElseThrow().updatedAt();
    }
}
