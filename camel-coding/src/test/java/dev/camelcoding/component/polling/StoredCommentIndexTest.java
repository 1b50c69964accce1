package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.changelog.ChangeLogPostgres;
import dev.camelcoding.component.store.CodingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The comment index in the store's table ranks, counts and keeps the issues exactly as {@link CommentSchedule} and
 * {@link CommentFreshness} do over the issues held in memory (their arithmetic is the specification the SQL follows),
 * on H2 and on PostgreSQL.
 */
class StoredCommentIndexTest {

    private static final long NOW = 1_780_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final long DAY = 24 * 60 * MINUTE;

    private final CommentSchedule schedule = new CommentSchedule(Duration.ofDays(7));
    private JdbcConnectionPool pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.dispose();
        }
    }

    private CodingStore store(String database) {
        CodingStore store;
        if (database.equals("h2")) {
            pool = JdbcConnectionPool.create(
                    "jdbc:h2:mem:comments-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
            store = CodingStore.open("test", pool);
        } else {
            store = CodingStore.open("postgres", ChangeLogPostgres.node());
        }
        store.define(StoredCommentIndex.PART);
        return store;
    }

    /** A reader of its own (the PostgreSQL database is shared by the whole run). */
    private static StateStore state(CodingStore store) {
        return new StateStore(
                new MemoryStateRepository(), "test-" + UUID.randomUUID() + "/comments", new ObjectMapper(), store);
    }

    /**
     * Issues across every branch of the schedule: active minutes to years ago, read just now to weeks ago (past
     * maxStaleness too, and ahead of the clock), unread ones, and ties of every ranking key, so the code decides.
     */
    private static List<CommentedIssue> issues(int count) {
        Random random = new Random(18);
        List<CommentedIssue> issues = new ArrayList<>();
        Set<Long> codes = new HashSet<>();
        long[] quiet = {0, 5 * MINUTE, 3 * 60 * MINUTE, 2 * DAY, 7 * DAY, 8 * DAY, 40 * DAY, 900 * DAY};
        while (issues.size() < count) {
            long code = 1 + random.nextInt(10_000_000);
            if (!codes.add(code)) {
                continue;
            }
            long activityAt = NOW - quiet[random.nextInt(quiet.length)] - random.nextInt(2) * random.nextInt(3_600_000);
            long updatedAt = NOW - random.nextInt(5) * DAY; // many equal: the code breaks the tie
            int kind = random.nextInt(10);
            long readAt = kind < 2
                    ? 0 // the backfill's
                    : kind == 2
                            ? NOW + MINUTE // read ahead of this clock (another process's)
                            : kind == 3 ? NOW - 30 * MINUTE : NOW - random.nextInt(12) * DAY - random.nextInt(1_000);
            issues.add(new CommentedIssue(code, updatedAt, activityAt, readAt, Map.of(code, "v" + code)));
        }
        return issues;
    }

    private static StoredCommentIndex saved(CodingStore store, StateStore state, List<CommentedIssue> issues) {
        StoredCommentIndex index = StoredCommentIndex.load(store, state);
        for (CommentedIssue issue : issues) {
            index.put(issue);
        }
        index.commit(() -> index.save(state));
        return index;
    }

    private static List<Long> codes(Iterable<CommentedIssue> issues) {
        return StreamSupport.stream(issues.spliterator(), false)
                .map(CommentedIssue::code)
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theStoreRanksTheIssuesAsTheScheduleDoes(String database) {
        CodingStore store = store(database);
        List<CommentedIssue> issues = issues(1_500);
        StoredCommentIndex index = saved(store, state(store), issues);

        // more than a chunk, and less: the keyset paging continues exactly where the ranking does
        for (int limit : new int[] {1, 100, StoredCommentIndex.CHUNK + 1, 2_000}) {
            assertThat(codes(index.dueRescans(schedule, NOW, limit)))
                    .as("due rescans, limit %d", limit)
                    .isNotEmpty()
                    .containsExactlyElementsOf(codes(schedule.dueRescans(issues, NOW, limit)));
            assertThat(codes(index.spareRescans(schedule, NOW, limit, 20 * MINUTE)))
                    .as("spare rescans, limit %d", limit)
                    .containsExactlyElementsOf(codes(schedule.spareRescans(issues, NOW, limit, 20 * MINUTE)));
            assertThat(codes(index.backfill(limit)))
                    .as("backfill, limit %d", limit)
                    .containsExactlyElementsOf(codes(CommentSchedule.backfill(issues, limit)));
        }
        assertThat(codes(index.dueRescans(schedule, NOW, 2_000))).hasSizeGreaterThan(StoredCommentIndex.CHUNK);
        assertThat(codes(index.backfill(2_000))).hasSizeGreaterThan(StoredCommentIndex.CHUNK);

        assertThat(index.reads(NOW)).isEqualTo(CommentFreshness.Reads.of(issues, NOW));
        double demand = schedule.demandPerSecond(issues, NOW);
        assertThat(index.demandPerSecond(schedule, NOW)).isCloseTo(demand, within(demand * 1e-12));
        assertThat(index.size()).isEqualTo(1_500);
        assertThat(index.newestUpdatedAt())
                .isEqualTo(issues.stream()
                        .mapToLong(CommentedIssue::updatedAt)
                        .max()
                        .orElseThrow());
        long[] sorted = issues.stream().mapToLong(CommentedIssue::code).sorted().toArray();
        assertThat(index.codesBetween(sorted[9], sorted[30], 500))
                .containsExactly(java.util.Arrays.copyOfRange(sorted, 10, 31));
        assertThat(index.codesBetween(Long.MIN_VALUE, Long.MAX_VALUE, 5))
                .containsExactly(java.util.Arrays.copyOfRange(sorted, 0, 5));

        CommentedIssue any = issues.get(7);
        assertThat(StoredCommentIndex.load(store, state(store)).get(any.code()))
                .as("another reader's index")
                .isNull();
        assertThat(index.get(any.code())).isEqualTo(any);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void changesWaitForTheSaveAndAFailedCommitKeepsNoneOfThem(String database) {
        CodingStore store = store(database);
        StateStore state = state(store);
        List<CommentedIssue> issues = issues(20);
        StoredCommentIndex index = saved(store, state, issues);
        CommentedIssue first = index.backfill(1).iterator().next();
        long gone = issues.stream()
                .mapToLong(CommentedIssue::code)
                .filter(code -> code != first.code())
                .findFirst()
                .orElseThrow();

        CommentedIssue read = first.read(NOW, NOW, Map.of(1L, "v1"));
        index.put(read);
        index.remove(gone);
        assertThat(index.get(first.code()))
                .as("the unsaved change, to the webhook path")
                .isEqualTo(read);
        assertThat(index.size()).isEqualTo(19);
        assertThat(codes(index.backfill(50)))
                .as("the queries see what was saved")
                .contains(first.code());

        // the caller's work fails after the index was written: nothing of it is kept, and the change is forgotten
        assertThatThrownBy(() -> index.commit(() -> {
                    index.save(state);
                    throw new IllegalStateException("the sink refused the page");
                }))
                .isInstanceOf(IllegalStateException.class);
        index.forgetUnsaved(state);
        StoredCommentIndex reloaded = StoredCommentIndex.load(store, state);
        assertThat(reloaded.get(first.code())).isEqualTo(first);
        assertThat(reloaded.size()).isEqualTo(20);
        assertThat(index.get(first.code())).isEqualTo(first);

        index.put(read);
        index.markSeeded();
        index.commit(() -> index.save(state));
        assertThat(index.unsaved()).isZero();
        StoredCommentIndex resyncing = StoredCommentIndex.load(store, state);
        assertThat(resyncing.get(first.code())).isEqualTo(read);
        assertThat(resyncing.seeded()).isTrue();
        assertThat(codes(resyncing.backfill(50))).doesNotContain(first.code());

        // a resync: every issue unread, the versions forgotten, the ids kept
        resyncing.forgetReads();
        assertThat(resyncing.get(first.code()).comments()).isEqualTo(Map.of(1L, ""));
        resyncing.commit(() -> resyncing.save(state));
        assertThat(resyncing.reads(NOW).unread()).isEqualTo(20);
        assertThat(StoredCommentIndex.load(store, state).get(first.code()))
                .isEqualTo(new CommentedIssue(first.code(), first.updatedAt(), NOW, 0, Map.of(1L, "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void anIndexSeededInTheStateByAnEarlierBuildIsSeededAgain(String database) {
        CodingStore store = store(database);
        StateStore state = state(store);
        state.write(CommentIndex.PROGRESS, Map.of("seeded", true)); // as the buckets' build wrote it
        assertThat(StoredCommentIndex.load(store, state).seeded()).isFalse();
        assertThat(StateCommentIndex.load(state).seeded()).as("its own buckets").isTrue();
    }
}
