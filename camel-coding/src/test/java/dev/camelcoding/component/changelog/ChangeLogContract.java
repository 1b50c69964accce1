package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the change log, its consumer offsets and its reader election promise, on one database. Each subclass runs it
 * on a database of its own kind; every {@link #node()} is a separate connection source, as a separate process would
 * have. Each test uses a team of its own, so tests never see each other's entries in a shared database.
 */
abstract class ChangeLogContract {

    /** A new, separate DataSource on the test database. */
    abstract DataSource node();

    private final String team = "team-" + UUID.randomUUID().toString().substring(0, 8);
    private final SourceId source = new SourceId(team, "web", "issues");
    private final List<JdbcLeaseClusterService> services = new CopyOnWriteArrayList<>();
    private final List<CamelContext> contexts = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopNodes() {
        contexts.forEach(CamelContext::stop);
        services.forEach(ServiceHelper::stopService);
    }

    // --- the log ---------------------------------------------------------------------------------------------------

    @Test
    void appendsBatchesWithSequencesContiguousFromOneAndReadsThemBackVerbatim() throws IOException {
        JdbcChangeLog log = new JdbcChangeLog(node());
        Fence fence = leaseFor(source, Duration.ofMinutes(5)).fence();
        String recorded = recorded("DescribeIssueResponse.json"); // a real CODING response, Chinese text and all
        assertThat(log.extent(source)).isEqualTo(new LogExtent(0, 1, 0));

        SequenceRange first = log.append(source, List.of(entry(Op.CREATE, 1, recorded)), fence);
        SequenceRange second = log.append(
                source,
                List.of(
                        entry(Op.UPDATE, 2, "{\"n\":2}"),
                        entry(Op.UPDATE, 3, "{\"n\":3}"),
                        entry(Op.DELETE, 2, "{\"n\":4}")),
                fence);

        assertThat(first.sequences()).containsExactly(1L);
        assertThat(second.sequences()).containsExactly(2L, 3L, 4L);
        List<LoggedEntry> entries = log.read(source, 0, 10);
        assertThat(entries).extracting(LoggedEntry::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(entries.get(0).change().rowJson()).isEqualTo(recorded);
        assertThat(entries.get(3).op()).isEqualTo(Op.DELETE);
        assertThat(entries.get(3).keyJson()).isEqualTo("{\"code\":2}");
        assertThat(entries.get(3).version()).isEqualTo(1_700_000_000_002L);
        assertThat(entries).allSatisfy(entry -> assertThat(entry.source()).isEqualTo(source));
        assertThat(log.read(source, 2, 1)).extracting(LoggedEntry::sequence).containsExactly(3L);
        assertThat(log.extent(source)).isEqualTo(new LogExtent(4, 1, 4));

        SourceId iterations = new SourceId(team, "web", "iterations");
        assertThat(log.append(
                                iterations,
                                List.of(entry(Op.READ, 9, "{}")),
                                leaseFor(iterations, Duration.ofMinutes(5)).fence())
                        .sequences())
                .as("each source counts on its own")
                .containsExactly(1L);
    }

    @Test
    void anEventOfMegabytesIsKeptWhole() {
        JdbcChangeLog log = new JdbcChangeLog(node());
        String huge = "{\"description\":\"" + "长描述 ".repeat(700_000) + "\"}"; // 2.8 million characters
        log.append(source, List.of(entry(Op.UPDATE, 1, huge)), fence());
        assertThat(log.read(source, 0, 1).get(0).change().rowJson()).isEqualTo(huge);
    }

    @Test
    void concurrentAppendersGetDisjointContiguousSequencesWithNoGapAndNoDuplicate() throws Exception {
        Fence fence = leaseFor(source, Duration.ofMinutes(5)).fence();
        int threads = 4;
        int batches = 25;
        Map<SequenceRange, List<String>> appended = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            JdbcChangeLog log = new JdbcChangeLog(node());
            done.add(pool.submit(() -> {
                start.await();
                for (int b = 0; b < batches; b++) {
                    List<String> events = new ArrayList<>();
                    for (int i = 0; i < (thread * 7 + b) % 13 + 1; i++) {
                        events.add("{\"thread\":" + thread + ",\"batch\":" + b + ",\"i\":" + i + "}");
                    }
                    appended.put(
                            log.append(
                                    source,
                                    events.stream()
                                            .map(e -> entry(Op.UPDATE, 1, e))
                                            .toList(),
                                    fence),
                            events);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertAppendsTileTheLog(new JdbcChangeLog(node()), appended);
        assertThat(appended).hasSize(threads * batches);
    }

    @Test
    void anAppendUnderATakenOverLeaseIsRefusedAndWritesNothing() {
        JdbcChangeLog log = new JdbcChangeLog(node());
        LeaseStore shortLease = leaseStore(node(), Duration.ofMillis(300));
        Fence deposed =
                acquire(shortLease, source.readerNamespace(), "reader-a").fence();
        log.append(source, List.of(entry(Op.CREATE, 1, "{\"by\":\"a\"}")), deposed);

        LeaseStore other = leaseStore(node(), Duration.ofMinutes(5));
        Lease takeover = await().atMost(Duration.ofSeconds(10))
                .until(() -> other.tryAcquire(source.readerNamespace(), "reader-b"), Optional::isPresent)
                .orElseThrow();

        assertThat(takeover.epoch()).isEqualTo(deposed.epoch() + 1);
        assertThatThrownBy(() -> log.append(source, List.of(entry(Op.UPDATE, 1, "{\"by\":\"a\"}")), deposed))
                .isInstanceOf(FencedOffException.class)
                .hasMessageContaining("taken over (its epoch is now " + takeover.epoch() + ")");
        assertThat(log.extent(source).head())
                .as("the refused batch left no trace")
                .isEqualTo(1);
        assertThat(log.append(source, List.of(entry(Op.UPDATE, 1, "{\"by\":\"b\"}")), takeover.fence())
                        .sequences())
                .containsExactly(2L);
    }

    @Test
    void anAppendUnderAnExpiredLeaseIsRefusedEvenBeforeAnyTakeover() {
        JdbcChangeLog log = new JdbcChangeLog(node());
        LeaseStore store = leaseStore(node(), Duration.ofMillis(200));
        Fence fence = acquire(store, source.readerNamespace(), "reader-a").fence();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.holder(source.readerNamespace()).isEmpty());

        assertThatThrownBy(() -> log.append(source, List.of(entry(Op.UPDATE, 1, "{}")), fence))
                .isInstanceOf(FencedOffException.class)
                .hasMessageContaining("expired");
        assertThat(log.extent(source).head()).isZero();
        assertThatThrownBy(() -> log.append(
                        source,
                        List.of(entry(Op.UPDATE, 1, "{}")),
                        new Fence(new SourceId(team, "other", "issues").readerNamespace(), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not cover");
    }

    @Test
    void aLeaseIsJudgedByTheDatabaseClockSoALateRenewalIsRefused() throws Exception {
        LeaseStore store = leaseStore(node(), Duration.ofMillis(200));
        Lease lease = acquire(store, source.readerNamespace(), "reader-a");
        assertThat(store.renew(lease)).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.holder(source.readerNamespace()).isEmpty());

        assertThat(store.renew(lease))
                .as("an expired lease cannot be revived by its old holder")
                .isFalse();
        Lease again = acquire(store, source.readerNamespace(), "reader-a");
        assertThat(again.epoch())
                .as("taking it again is a new epoch, so the old fence stays dead")
                .isEqualTo(lease.epoch() + 1);
    }

    // --- election --------------------------------------------------------------------------------------------------

    @Test
    void whenTheLeaderIsCutOffItStepsDownBeforeAnotherTakesOverAndTheLogHasNoGapOrDuplicate() {
        PartitionableDataSource networkOfA = PartitionableDataSource.of(node());
        JdbcLeaseClusterService a =
                service("node-a", networkOfA.dataSource(), Duration.ofMillis(1500), Duration.ofMillis(250));
        JdbcLeaseView viewA = view(a, source.readerNamespace());
        await().atMost(Duration.ofSeconds(10)).until(() -> viewA.fence().isPresent());
        JdbcLeaseClusterService b = service("node-b", node(), Duration.ofMillis(1500), Duration.ofMillis(250));
        JdbcLeaseView viewB = view(b, source.readerNamespace());
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        viewB.getLeader().map(m -> m.getId().equals("node-a")).orElse(false));
        List<String> transitions = new CopyOnWriteArrayList<>(); // in the order they happened
        viewA.addEventListener((CamelClusterEventListener.Leadership)
                (view, leader) -> transitions.add("a:" + view.getLocalMember().isLeader()));
        viewB.addEventListener((CamelClusterEventListener.Leadership)
                (view, leader) -> transitions.add("b:" + view.getLocalMember().isLeader()));

        Map<SequenceRange, List<String>> appended = new ConcurrentHashMap<>();
        AtomicInteger byA = new AtomicInteger();
        AtomicInteger byB = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread readerA = reader("a", viewA, new JdbcChangeLog(networkOfA.dataSource()), appended, byA, running);
        Thread readerB = reader("b", viewB, new JdbcChangeLog(node()), appended, byB, running);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> byA.get() >= 5);
            Fence fenceOfA = viewA.fence().orElseThrow();
            networkOfA.cut();
            await().atMost(Duration.ofSeconds(20)).until(() -> byB.get() >= 5);
            running.set(false);
            join(readerA);
            join(readerB);
            networkOfA.heal();

            assertThat(transitions).as("A steps down before B leads").containsSubsequence("a:false", "b:true");
            assertThat(transitions.indexOf("a:false")).isLessThan(transitions.indexOf("b:true"));
            Fence fenceOfB = viewB.fence().orElseThrow();
            assertThat(fenceOfB.epoch()).isGreaterThan(fenceOfA.epoch());
            JdbcChangeLog log = new JdbcChangeLog(node());
            assertThatThrownBy(() -> log.append(source, List.of(entry(Op.UPDATE, 1, "{\"late\":\"a\"}")), fenceOfA))
                    .as("A, back on the network, still cannot write")
                    .isInstanceOf(FencedOffException.class);
            assertAppendsTileTheLog(log, appended);
        } finally {
            running.set(false);
        }
    }

    @Test
    void aLeaderThatStopsCleanlyHandsOverWithoutWaitingForItsLeaseToExpire() {
        Duration longLease = Duration.ofMinutes(2);
        JdbcLeaseClusterService a = service("node-a", node(), longLease, Duration.ofMillis(200));
        JdbcLeaseView viewA = view(a, source.readerNamespace());
        await().atMost(Duration.ofSeconds(10)).until(() -> viewA.fence().isPresent());
        JdbcLeaseClusterService b = service("node-b", node(), longLease, Duration.ofMillis(200));
        JdbcLeaseView viewB = view(b, source.readerNamespace());
        await().atMost(Duration.ofSeconds(10)).until(() -> viewB.getLeader().isPresent());
        assertThat(viewB.fence()).isEmpty();

        a.stop();

        await().atMost(Duration.ofSeconds(10)).until(() -> viewB.fence().isPresent()); // far less than 2 minutes
        assertThat(viewB.getLocalMember().isLeader()).isTrue();
    }

    @Test
    void theViewAnswersWhileAListenerIsBeingToldOfAChange() throws Exception {
        // Camel's view holds its listener lock while addEventListener calls getLeader; a view that told its
        // listeners while holding its own lock deadlocked with that (seen under master: in this suite).
        JdbcLeaseClusterService a = service("node-a", node(), Duration.ofMinutes(2), Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> view(a, source.readerNamespace()).fence().isPresent());
        JdbcLeaseView viewB = view(
                service("node-b", node(), Duration.ofMinutes(2), Duration.ofMillis(200)), source.readerNamespace());
        CountDownLatch told = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        viewB.addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> {
            if (!Thread.currentThread().getName().startsWith("coding-lease-")) {
                return; // Camel tells a new listener the current leader at once, on the caller's thread
            }
            told.countDown();
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        a.stop();
        assertThat(told.await(30, TimeUnit.SECONDS)).isTrue();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            // what Camel's addEventListener calls under its lock must answer while a listener runs
            Future<CamelClusterMember> answered = caller.submit(() -> {
                viewB.getLeader();
                viewB.fence();
                return viewB.getLocalMember();
            });
            assertThat(answered.get(10, TimeUnit.SECONDS).getId()).isEqualTo("node-b");
        } finally {
            release.countDown();
            caller.shutdownNow();
        }
    }

    @Test
    void aRouteUnderClusteredRoutePolicyRunsOnTheLeaderOnlyAndMovesOnFailover() throws Exception {
        String namespace = source.readerNamespace();
        CamelContext first = camel("node-a", namespace);
        await().atMost(Duration.ofSeconds(15)).until(() -> status(first) == ServiceStatus.Started);
        CamelContext second = camel("node-b", namespace);
        JdbcLeaseView viewB = view(second.hasService(JdbcLeaseClusterService.class), namespace);
        await().atMost(Duration.ofSeconds(10)).until(() -> viewB.getLeader().isPresent());
        assertThat(status(second)).as("the follower's route does not run").isNotEqualTo(ServiceStatus.Started);

        first.stop();

        await().atMost(Duration.ofSeconds(15)).until(() -> status(second) == ServiceStatus.Started);
    }

    @Test
    void aMasterEndpointConsumesOnTheLeaderOnly() throws Exception {
        String namespace = source.readerNamespace();
        AtomicInteger ticksA = new AtomicInteger();
        AtomicInteger ticksB = new AtomicInteger();
        CamelContext first = masterCamel("node-a", namespace, ticksA);
        await().atMost(Duration.ofSeconds(15)).until(() -> ticksA.get() >= 3);
        CamelContext second = masterCamel("node-b", namespace, ticksB);
        JdbcLeaseView viewB = view(second.hasService(JdbcLeaseClusterService.class), namespace);
        await().atMost(Duration.ofSeconds(10)).until(() -> viewB.getLeader().isPresent());
        int ticksOfAWhenBJoined = ticksA.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> ticksA.get() >= ticksOfAWhenBJoined + 3);
        assertThat(ticksB).as("the follower's master: consumer is not started").hasValue(0);

        first.stop();

        await().atMost(Duration.ofSeconds(15)).until(() -> ticksB.get() >= 3);
    }

    // --- consumer offsets ------------------------------------------------------------------------------------------

    @Test
    void aConsumerResumesAtItsCommittedOffsetAndCommitsNeverMoveBack() {
        JdbcChangeLog log = new JdbcChangeLog(node());
        appendN(log, Clock.systemUTC(), 10);
        ConsumerOffsets offsets = new ConsumerOffsets(node(), log);
        assertThat(offsets.position("sink-a", source, StartFrom.oldest())).isEqualTo(new ConsumerPosition.Resume(0));
        assertThat(offsets.commit("sink-a", source, 4)).isTrue();

        ConsumerOffsets afterRestart = new ConsumerOffsets(node(), new JdbcChangeLog(node()));
        assertThat(afterRestart.position("sink-a", source, StartFrom.now()))
                .as("the committed offset wins over the start position")
                .isEqualTo(new ConsumerPosition.Resume(4));
        assertThat(afterRestart.commit("sink-a", source, 3))
                .as("a late commit of an older batch")
                .isFalse();
        assertThat(afterRestart.committed("sink-a", source)).hasValue(4);
        assertThat(afterRestart.commit("sink-a", source, 10)).isTrue();
        assertThatThrownBy(() -> afterRestart.commit("sink-a", source, 11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the log's head is 10");
        afterRestart.reset("sink-a", source, StartFrom.oldest());
        assertThat(afterRestart.committed("sink-a", source))
                .as("an explicit reset moves back")
                .hasValue(0);
        assertThat(afterRestart.committed("sink-b", source))
                .as("consumers are independent")
                .isEmpty();
        assertThat(afterRestart.commit("sink-b", source, 2))
                .as("a first commit without a position")
                .isTrue();
        assertThat(afterRestart.committed("sink-b", source)).hasValue(2);
    }

    @Test
    void aNewConsumerStartsAtTheOldestEntryNowOrATime() {
        Instant t0 = Instant.parse("2020-03-01T08:00:00Z");
        Instant t1 = t0.plus(Duration.ofHours(2));
        MutableClock clock = new MutableClock(t0);
        JdbcChangeLog log = new JdbcChangeLog(node(), clock, JdbcChangeLog.DEFAULT_PURGE_CHUNK);
        ConsumerOffsets offsets = new ConsumerOffsets(node(), log, clock);
        appendN(log, clock, 5);
        clock.set(t1);
        appendN(log, clock, 5);

        assertThat(offsets.position("oldest", source, StartFrom.oldest())).isEqualTo(new ConsumerPosition.Resume(0));
        assertThat(offsets.position("now", source, StartFrom.now())).isEqualTo(new ConsumerPosition.Resume(10));
        assertThat(offsets.position("at-t1", source, StartFrom.at(t1))).isEqualTo(new ConsumerPosition.Resume(5));
        assertThat(offsets.position("after-t0", source, StartFrom.at(t0.plusMillis(1))))
                .isEqualTo(new ConsumerPosition.Resume(5));
        assertThat(offsets.position("after-t1", source, StartFrom.at(t1.plusMillis(1))))
                .isEqualTo(new ConsumerPosition.Resume(10));
        assertThat(offsets.position("before-t0", source, StartFrom.at(t0.minusSeconds(1))))
                .isEqualTo(new ConsumerPosition.Resume(0));

        appendN(log, clock, 3);
        assertThat(offsets.position("now", source, StartFrom.now()))
                .as("'now' was fixed when the consumer first asked, so nothing appended since is skipped")
                .isEqualTo(new ConsumerPosition.Resume(10));
        assertThat(offsets.position("late", source, StartFrom.now())).isEqualTo(new ConsumerPosition.Resume(13));
    }

    @Test
    void retentionPurgesOldEntriesInChunksAndAConsumerBehindThemIsToldSo() {
        Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
        Instant t1 = t0.plus(ChangeLog.DEFAULT_RETENTION);
        MutableClock clock = new MutableClock(t0);
        JdbcChangeLog log = new JdbcChangeLog(node(), clock, 4);
        ConsumerOffsets offsets = new ConsumerOffsets(node(), log, clock);
        appendN(log, clock, 10);
        offsets.position("behind", source, StartFrom.oldest());
        offsets.commit("behind", source, 3);
        clock.set(t1);
        appendN(log, clock, 5);
        offsets.position("current", source, StartFrom.oldest());
        offsets.commit("current", source, 12);

        long purged = log.purgeOlderThan(t1);

        assertThat(purged).isGreaterThanOrEqualTo(10); // other tests' sources in a shared database may add theirs
        assertThat(log.extent(source)).isEqualTo(new LogExtent(15, 11, 5));
        assertThat(log.read(source, 0, 100)).extracting(LoggedEntry::sequence).containsExactly(11L, 12L, 13L, 14L, 15L);
        ConsumerPosition behind = offsets.position("behind", source, StartFrom.oldest());
        assertThat(behind).isEqualTo(new ConsumerPosition.Purged(3, 11));
        assertThat(((ConsumerPosition.Purged) behind).missed()).isEqualTo(7);
        assertThat(offsets.position("current", source, StartFrom.oldest())).isEqualTo(new ConsumerPosition.Resume(12));
        assertThat(offsets.position("new", source, StartFrom.oldest())).isEqualTo(new ConsumerPosition.Resume(10));

        log.purgeOlderThan(t1.plusSeconds(1));
        assertThat(log.extent(source)).as("the head survives an empty log").isEqualTo(new LogExtent(15, 16, 0));
        assertThat(offsets.position("current", source, StartFrom.oldest()))
                .isEqualTo(new ConsumerPosition.Purged(12, 16));
        assertThat(appendN(log, clock, 1).sequences())
                .as("a sequence is never reused")
                .containsExactly(16L);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static CodingChange entry(Op op, long code, String eventJson) {
        return CodingChange.ofRow(op, "issues", "{\"code\":" + code + "}", 1_700_000_000_000L + code, eventJson);
    }

    private SequenceRange appendN(JdbcChangeLog log, Clock clock, int n) {
        List<CodingChange> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(entry(Op.UPDATE, i, "{\"at\":\"" + clock.instant() + "\",\"i\":" + i + "}"));
        }
        return log.append(source, entries, fence());
    }

    private Lease lease;

    /** One lease for the test's source, taken on first use and good for the test's duration. */
    private Fence fence() {
        if (lease == null) {
            lease = leaseFor(source, Duration.ofMinutes(5));
        }
        return lease.fence();
    }

    private Lease leaseFor(SourceId source, Duration duration) {
        return acquire(leaseStore(node(), duration), source.readerNamespace(), "test-reader");
    }

    private static LeaseStore leaseStore(DataSource dataSource, Duration duration) {
        return new LeaseStore(dataSource, ChangeLogSchema.create(dataSource), duration);
    }

    private static Lease acquire(LeaseStore store, String namespace, String holder) {
        try {
            return store.tryAcquire(namespace, holder).orElseThrow();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every successful append's entries are in the log at exactly its sequences; nothing else is; no gap. */
    private void assertAppendsTileTheLog(JdbcChangeLog log, Map<SequenceRange, List<String>> appended) {
        int total = appended.values().stream().mapToInt(List::size).sum();
        List<LoggedEntry> entries = log.read(source, 0, total + 10);
        assertThat(entries)
                .extracting(LoggedEntry::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total)
                        .boxed()
                        .toList());
        appended.forEach((range, events) -> {
            assertThat(range.size()).isEqualTo(events.size());
            for (int i = 0; i < events.size(); i++) {
                assertThat(entries.get((int) (range.first() - 1) + i).change().rowJson())
                        .isEqualTo(events.get(i));
            }
        });
        assertThat(log.extent(source)).isEqualTo(new LogExtent(total, 1, total));
    }

    /** A reader: appends small batches whenever its node leads, as the later wiring's readers will. */
    private Thread reader(
            String name,
            JdbcLeaseView view,
            JdbcChangeLog log,
            Map<SequenceRange, List<String>> appended,
            AtomicInteger count,
            AtomicBoolean running) {
        Thread thread = new Thread(
                () -> {
                    int batch = 0;
                    while (running.get()) {
                        Optional<Fence> fence = view.fence();
                        if (fence.isPresent()) {
                            List<String> events = new ArrayList<>();
                            for (int i = 0; i < 3; i++) {
                                events.add("{\"reader\":\"" + name + "\",\"batch\":" + batch + ",\"i\":" + i + "}");
                            }
                            batch++;
                            try {
                                appended.put(
                                        log.append(
                                                source,
                                                events.stream()
                                                        .map(e -> entry(Op.UPDATE, 1, e))
                                                        .toList(),
                                                fence.get()),
                                        events);
                                count.incrementAndGet();
                            } catch (ChangeLogException refusedOrUnreachable) {
                                // nothing of the batch was written: that is what the test checks
                            }
                        }
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // pacing, not synchronisation
                    }
                },
                "test-reader-" + name);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(thread.isAlive()).isFalse();
    }

    private JdbcLeaseClusterService service(String id, DataSource dataSource, Duration lease, Duration renew) {
        JdbcLeaseClusterService service = new JdbcLeaseClusterService(dataSource);
        service.setId(id);
        service.setLeaseDuration(lease);
        service.setRenewInterval(renew);
        services.add(service);
        service.start();
        return service;
    }

    private static JdbcLeaseView view(JdbcLeaseClusterService service, String namespace) {
        try {
            return service.getView(namespace).unwrap(JdbcLeaseView.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private CamelContext camel(String id, String namespace) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        context.addService(clusterService(id));
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(context, namespace);
        policy.setInitialDelay(Duration.ZERO);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:reader?period=50")
                        .routeId("reader")
                        .routePolicy(policy)
                        .log("reading on " + id);
            }
        });
        context.start();
        return context;
    }

    private CamelContext masterCamel(String id, String namespace, AtomicInteger ticks) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        context.addService(clusterService(id));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:" + namespace + ":timer:tick?period=20").process(exchange -> ticks.incrementAndGet());
            }
        });
        context.start();
        return context;
    }

    private JdbcLeaseClusterService clusterService(String id) {
        JdbcLeaseClusterService service = new JdbcLeaseClusterService(node());
        service.setId(id);
        service.setLeaseDuration(Duration.ofSeconds(3));
        service.setRenewInterval(Duration.ofMillis(300));
        return service;
    }

    private static ServiceStatus status(CamelContext context) {
        return context.getRouteController().getRouteStatus("reader");
    }

    private static String recorded(String name) throws IOException {
        try (InputStream in = ChangeLogContract.class.getResourceAsStream("/recorded/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
