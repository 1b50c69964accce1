package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StoreStateRepository;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With a store, the comments reader's index is the store's table, read by query, not a state document held whole
 * (issue 18: memory flat whatever the project's size); what a read learns commits with the events it covers. The facts
 * checked come from the simulator's data and the store's rows.
 */
class CommentIndexInStoreTest {

    private JdbcConnectionPool pool;
    private CodingStore store;
    private PollerHarness h;

    @BeforeEach
    void openStore() {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:comments-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        store = CodingStore.open("test", pool);
        store.define(StoreStateRepository.PART);
        store.define(StoredKnownCodes.PART);
        store.define(StoredCommentIndex.PART);
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
        pool.dispose();
    }

    private PollerHarness harness(int issues, int callsPerPoll) {
        h = new PollerHarness(b -> b.issues(issues).maxCommentsPerIssue(3));
        h.store = store;
        h.comments = new CommentSettings(callsPerPoll, 0.2, Duration.ofDays(7), Duration.ofMinutes(1));
        return h;
    }

    private int totalComments() {
        int total = 0;
        for (int code : h.simulator.data().issueCodes()) {
            total += h.simulator.data().comments(code).size();
        }
        return total;
    }

    private List<ChangeEvent> pollUntilDone(TablePoller poller) throws Exception {
        int polls = 0;
        do {
            poller.poll();
            assertThat(++polls).as("the backfill ends").isLessThan(10_000);
        } while (poller.moreWork());
        return h.emitter.take();
    }

    private long rows(String where) throws Exception {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + StoredCommentIndex.TABLE + " WHERE " + where)) {
            r.next();
            return r.getLong(1);
        }
    }

    private Set<String> stateKeys() throws Exception {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT STATE_KEY FROM CODING_STATE")) {
            Set<String> keys = new HashSet<>();
            while (r.next()) {
                keys.add(r.getString(1));
            }
            return keys;
        }
    }

    private CommentFreshness freshness() {
        return h.stateStore(CodingTable.COMMENTS)
                .read(CommentFreshness.STATE, CommentFreshness.class)
                .orElseThrow();
    }

    @Test
    void theBackfillKeepsItsIndexInTheStoreAndResumesFromIt() throws Exception {
        harness(140, 25);
        h.repository = new StoreStateRepository(store);
        TablePoller first = h.poller(CodingTable.COMMENTS);
        first.poll();
        first.poll();
        List<ChangeEvent> before = h.emitter.take();
        long callsBefore = h.calls("DescribeIssueCommentList");
        assertThat(callsBefore).isEqualTo(50);

        TablePoller restarted = h.poller(CodingTable.COMMENTS); // a restart: a new poller on the same store
        List<ChangeEvent> after = pollUntilDone(restarted);

        assertThat(h.calls("DescribeIssueCommentList") - callsBefore)
                .as("no issue is read twice")
                .isEqualTo(h.simulator.data().issueCount() - 50);
        Set<String> keys = new HashSet<>();
        before.forEach(e -> keys.add(e.key().toString()));
        after.forEach(e -> assertThat(keys.add(e.key().toString()))
                .as("emitted once: %s", e.key())
                .isTrue());
        assertThat(keys).hasSize(totalComments());

        assertThat(rows("READ_AT > 0")).isEqualTo(h.simulator.data().issueCount());
        assertThat(stateKeys()).noneMatch(key -> key.contains(StateCommentIndex.PREFIX));
        CommentFreshness freshness = freshness();
        assertThat(freshness.issues()).isEqualTo(h.simulator.data().issueCount());
        assertThat(freshness.unread()).isZero();
        assertThat(freshness.readLastHour()).isEqualTo(h.simulator.data().issueCount());
    }

    /**
     * The commit of a checkpoint fails after the index rows were written (the state write that hands the events over
     * fails): the rows roll back with it, and the issues those events covered are read, and emitted, again.
     */
    @Test
    void aCheckpointThatFailsToCommitLeavesItsIssuesToBeReadAgain() throws Exception {
        harness(60, 20);
        FailingOnce repository = new FailingOnce(new StoreStateRepository(store));
        h.repository = repository;
        // the first checkpoint after a read: the freshness write, the last of the checkpoint's transaction
        repository.failOn = CommentFreshness.STATE;
        repository.failWhen = () -> h.calls("DescribeIssueCommentList") > 0;
        TablePoller poller = h.poller(CodingTable.COMMENTS);
        assertThatThrownBy(poller::poll).hasMessageContaining("the store refused");
        List<ChangeEvent> lost = h.emitter.take();
        assertThat(h.calls("DescribeIssueCommentList")).isEqualTo(20);
        assertThat(lost).isNotEmpty();

        List<ChangeEvent> after = pollUntilDone(poller);
        Set<String> again = after.stream().map(e -> e.key().toString()).collect(Collectors.toSet());
        assertThat(lost)
                .allSatisfy(e ->
                        assertThat(again).as("emitted again").contains(e.key().toString()));
        assertThat(again).hasSize(totalComments());
        assertThat(h.calls("DescribeIssueCommentList"))
                .isEqualTo(20 + h.simulator.data().issueCount());
        assertThat(rows("READ_AT > 0")).isEqualTo(h.simulator.data().issueCount());
    }

    /**
     * 25,000 issues known: what the comments reader holds once it has indexed them and read some is no larger than
     * with a few (under a thousand objects, no collection of a thousand entries); the index held in memory held an
     * entry per issue. (At 100,000 the reader held 58 objects, its largest collection 30 entries, the backfill's recent
     * reads; that run took some 90 s on a busy machine, so the test indexes a quarter of it.)
     */
    @Test
    void theReadersMemoryDoesNotGrowWithTheIssuesIndexed() throws Exception {
        harness(30, 100);
        h.repository = new StoreStateRepository(store);
        h.feed = new IssueFeed();
        h.feed.attachPublisher(null); // an issues poller of the source runs: the comments reader lists nothing itself
        CommentsPoller poller = (CommentsPoller) h.poller(CodingTable.COMMENTS);
        int indexed = 25_000;
        long now = h.clock.get();
        // the simulator's own issues first, then codes CODING no longer has (their read finds them gone)
        for (int code : h.simulator.data().issueCodes()) {
            long updatedAt = h.simulator.data().issue(code).orElseThrow().updatedAt();
            h.feed.publish(new IssueTouch(IssueTouch.Kind.LISTED, code, updatedAt, updatedAt, now));
        }
        for (int i = 0; h.simulator.data().issueCount() + i < indexed; i++) {
            h.feed.publish(new IssueTouch(IssueTouch.Kind.LISTED, 10_000_000 + i, 1_000, 1_000, now));
        }
        // the issues snapshot was fed whole: seeded without a listing of our own
        h.stateStore(CodingTable.COMMENTS).write(CommentIndex.PROGRESS, Map.of("seeded", true, "stored", true));
        h.feed.issuesPolled(true);

        poller.poll();
        poller.poll();
        assertThat(h.calls("DescribeIssueCommentList")).isEqualTo(200);
        assertThat(rows("1 = 1")).as("indexed, less the gone ones read").isEqualTo(indexed - 170);
        assertThat(freshness().issues()).isEqualTo(indexed - 170);
        assertThat(freshness().read()).isEqualTo(30);

        Reach reach = Reach.from(poller);
        assertThat(reach.largestCollection)
                .as("the largest collection the reader holds (%s)", reach.largestPath)
                .isLessThan(1_000);
        assertThat(reach.objects).as("objects the reader holds").isLessThan(1_000);
    }

    /**
     * What an object holds: the objects reachable from it through fields of this product's classes and through
     * collections, maps and arrays, and the largest of those. The poll's context (client, state, emitter) and the
     * listing it shares are the application's, not the reader's, and are not followed.
     */
    static final class Reach {
        int objects;
        int largestCollection;
        String largestPath = "";

        static Reach from(Object root) throws IllegalAccessException {
            Reach reach = new Reach();
            Map<Object, Boolean> seen = new IdentityHashMap<>();
            Deque<Object[]> todo = new ArrayDeque<>();
            todo.push(new Object[] {root, root.getClass().getSimpleName()});
            while (!todo.isEmpty()) {
                Object[] next = todo.pop();
                Object object = next[0];
                String path = (String) next[1];
                if (object == null || seen.put(object, true) != null) {
                    continue;
                }
                reach.objects++;
                if (object instanceof PollContext || object instanceof IssueFeed) {
                    continue;
                }
                int size = -1;
                if (object instanceof Collection<?> collection) {
                    size = collection.size();
                    collection.forEach(e -> todo.push(new Object[] {e, path + "[]"}));
                } else if (object instanceof Map<?, ?> map) {
                    size = map.size();
                    map.forEach((k, v) -> {
                        todo.push(new Object[] {k, path + "{k}"});
                        todo.push(new Object[] {v, path + "{v}"});
                    });
                } else if (object.getClass().isArray()) {
                    size = Array.getLength(object);
                    if (!object.getClass().getComponentType().isPrimitive()) {
                        for (int i = 0; i < size; i++) {
                            todo.push(new Object[] {Array.get(object, i), path + "[]"});
                        }
                    }
                } else if (object.getClass().getName().startsWith("dev.camelcoding.")
                        && !object.getClass().isSynthetic()
                        && !object.getClass().getName().contains("$$Lambda")) {
                    for (Class<?> type = object.getClass();
                            type != null && type.getName().startsWith("dev.camelcoding.");
                            type = type.getSuperclass()) {
                        for (Field field : type.getDeclaredFields()) {
                            if (Modifier.isStatic(field.getModifiers())
                                    || field.getType().isPrimitive()) {
                                continue;
                            }
                            field.setAccessible(true);
                            todo.push(new Object[] {field.get(object), path + "." + field.getName()});
                        }
                    }
                }
                if (size > reach.largestCollection) {
                    reach.largestCollection = size;
                    reach.largestPath = path;
                }
            }
            return reach;
        }
    }

    /** The store's state, refusing one write of {@link #failOn} (the store down at that moment). */
    private static final class FailingOnce extends ServiceSupport implements StateRepository<String, String> {
        private final StateRepository<String, String> delegate;
        String failOn;
        java.util.function.BooleanSupplier failWhen = () -> true;

        FailingOnce(StateRepository<String, String> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void setState(String key, String value) {
            if (failOn != null && key.endsWith(":" + failOn) && failWhen.getAsBoolean()) {
                failOn = null;
                throw new IllegalStateException("the store refused " + key);
            }
            delegate.setState(key, value);
        }

        @Override
        public String getState(String key) {
            return delegate.getState(key);
        }
    }
}
