package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several processes on one store split the sources' reader leases between them, and take a dead one's over once its
 * leases expire. Each member is a {@link JdbcLeaseClusterService} on a connection source of its own, as a separate
 * process would have; each wants the reader lease of every source, as every {@code coding-sync run} of a team does.
 */
abstract class LeaseBalancingContract {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration RENEW = Duration.ofMillis(300);

    /** A new, separate DataSource on the test database. */
    abstract DataSource node();

    private final String team = "team-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Member> members = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopMembers() {
        members.forEach(member -> ServiceHelper.stopService(member.service));
    }

    @Test
    void twoMembersSplitTwentyProjectsAndWhenOneDiesTheOtherTakesItsSourcesOverWithinTheLeaseExpiry() {
        List<SourceId> sources = sources(20);
        Member a = member("node-a", node(), sources);
        await().atMost(Duration.ofSeconds(20)).until(() -> a.held() == 20); // alone, it reads every source
        PartitionableDataSource networkOfB = PartitionableDataSource.of(node());
        Member b = member("node-b", networkOfB.dataSource(), sources);
        TwoReaderWatch watch = new TwoReaderWatch(a, b);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertSplitEvenly(a, b, 20));
            System.out.printf("split of 20 sources: node-a %d, node-b %d%n", a.held(), b.held());
            Map<String, Fence> fencesOfB = b.fences();

            networkOfB.cut(); // B dies: it renews nothing and releases nothing
            long cutAt = System.nanoTime();
            await().atMost(LEASE.plusSeconds(15)).until(() -> a.held() == 20);
            Duration takeover = Duration.ofNanos(System.nanoTime() - cutAt);
            System.out.printf(
                    "node-a held all 20 sources %d ms after node-b stopped renewing (lease %d ms, renew %d ms)%n",
                    takeover.toMillis(), LEASE.toMillis(), RENEW.toMillis());

            assertThat(takeover)
                    .as("taken over once the dead member's leases expired, within about a beat more")
                    .isLessThanOrEqualTo(LEASE.plus(RENEW.multipliedBy(2)).plusSeconds(1));
            assertThat(b.held()).as("the cut-off member stepped down").isZero();
            Map<String, Fence> fencesOfA = a.fences();
            fencesOfB.forEach(
                    (namespace, fence) -> assertThat(fencesOfA.get(namespace).epoch())
                            .as("the takeover of %s is a new epoch", namespace)
                            .isGreaterThan(fence.epoch()));
            SourceId deposed = sources.stream()
                    .filter(source -> fencesOfB.containsKey(source.readerNamespace()))
                    .findFirst()
                    .orElseThrow();
            assertThatThrownBy(() -> new JdbcChangeLog(node())
                            .append(
                                    deposed,
                                    List.of(CodingChange.ofRow(Op.UPDATE, "issues", "{\"code\":1}", 1L, "{}")),
                                    fencesOfB.get(deposed.readerNamespace())))
                    .as("the dead member's fence writes nothing")
                    .isInstanceOf(FencedOffException.class);
        } finally {
            watch.stop();
        }
        assertThat(watch.samples()).isGreaterThan(50);
        assertThat(watch.overlaps()).as("no source ever had two readers").isEmpty();
    }

    @Test
    void membersStartedTogetherSplitTheSourcesWithoutTakingEachOthers() {
        List<SourceId> sources = sources(20);
        Member a = member("node-a", node(), List.of());
        Member b = member("node-b", node(), List.of());
        TwoReaderWatch watch = new TwoReaderWatch(a, b);
        try {
            a.want(sources);
            b.want(sources);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertSplitEvenly(a, b, 20));
            System.out.printf("started together: node-a %d, node-b %d%n", a.held(), b.held());
        } finally {
            watch.stop();
        }
        assertThat(watch.overlaps()).as("no source ever had two readers").isEmpty();
    }

    @Test
    void processesThatWantDifferentSourcesLeaveNoneUnreadAndSettle() {
        List<SourceId> sources = sources(20);
        Member b = member("node-b", node(), sources.subList(0, 2)); // e.g. a process configured for two projects
        await().atMost(Duration.ofSeconds(20)).until(() -> b.held() == 2);
        Member a = member("node-a", node(), sources);
        TwoReaderWatch watch = new TwoReaderWatch(a, b);
        try {
            // a's share is 10 of 20 with two members, yet nobody else wants the other 18: a reads them all the same
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(a.held() + b.held())
                            .as("node-a " + a.held() + ", node-b " + b.held())
                            .isEqualTo(20));
            System.out.printf("different sources: node-a %d, node-b %d%n", a.held(), b.held());
            Map<String, Fence> settled = a.fences();
            settled.putAll(b.fences());
            ExpiryWatch renewals = new ExpiryWatch(node(), sources.get(19).readerNamespace());
            await().atMost(Duration.ofSeconds(20)).until(() -> renewals.changes() >= 5);
            Map<String, Fence> later = a.fences();
            later.putAll(b.fences());
            assertThat(later).as("no lease passed back and forth").isEqualTo(settled);
        } finally {
            watch.stop();
        }
        assertThat(watch.overlaps()).as("no source ever had two readers").isEmpty();
    }

    @Test
    void renewingTwoHundredLeasesCostsAFewStatementsPerIntervalNotOnePerLease() throws Exception {
        List<SourceId> sources = sources(200);
        StatementCountingDataSource counted = new StatementCountingDataSource(node());
        // a longer interval than the other tests': one statement per lease every 300 ms is more than a database
        // without a connection pool answers, and the measure is per interval whatever its length
        Member a = member("node-a", counted.dataSource(), sources, Duration.ofSeconds(10), Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(a.held()).isEqualTo(200));
        DataSource observer = node();
        String probe = sources.get(0).readerNamespace();

        ExpiryWatch expiry = new ExpiryWatch(observer, probe);
        await().atMost(Duration.ofSeconds(10)).until(() -> expiry.changes() >= 1);
        long first = counted.statements();
        await().atMost(Duration.ofSeconds(60)).until(() -> expiry.changes() >= 6);
        long statements = counted.statements() - first;
        double perInterval = statements / 5.0;
        System.out.printf(
                "one member holding 200 leases: %d statements over 5 renew intervals, %.1f per interval%n",
                statements, perInterval);

        assertThat(perInterval)
                .as("statements per renew interval for 200 leases")
                .isLessThan(10);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Every source has one reader, and each member reads 8 to 12 of 20 (about its fair share of 10). */
    private static void assertSplitEvenly(Member a, Member b, int sources) {
        String split = "node-a " + a.held() + ", node-b " + b.held();
        assertThat(a.held() + b.held()).as(split).isEqualTo(sources);
        assertThat(a.held()).as(split).isBetween(8, 12);
        assertThat(b.held()).as(split).isBetween(8, 12);
    }

    private List<SourceId> sources(int projects) {
        List<SourceId> sources = new ArrayList<>();
        for (int i = 1; i <= projects; i++) {
            sources.add(new SourceId(team, "project-" + i, "issues"));
        }
        return sources;
    }

    private Member member(String id, DataSource dataSource, List<SourceId> sources) {
        return member(id, dataSource, sources, LEASE, RENEW);
    }

    private Member member(String id, DataSource dataSource, List<SourceId> sources, Duration lease, Duration renew) {
        JdbcLeaseClusterService service = new JdbcLeaseClusterService(dataSource);
        service.setId(id + "-" + team);
        service.setLeaseDuration(lease);
        service.setRenewInterval(renew);
        service.start();
        Member member = new Member(service);
        members.add(member);
        member.want(sources);
        return member;
    }

    /** One process: its lease service and a view per source it wants to read. */
    private static final class Member {
        private final JdbcLeaseClusterService service;
        private final Map<String, JdbcLeaseView> views = new java.util.concurrent.ConcurrentHashMap<>();

        Member(JdbcLeaseClusterService service) {
            this.service = service;
        }

        void want(List<SourceId> sources) {
            for (SourceId source : sources) {
                try {
                    views.put(
                            source.readerNamespace(),
                            service.getView(source.readerNamespace()).unwrap(JdbcLeaseView.class));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        int held() {
            return (int) views.values().stream()
                    .filter(view -> view.fence().isPresent())
                    .count();
        }

        Map<String, Fence> fences() {
            Map<String, Fence> fences = new LinkedHashMap<>();
            views.forEach((namespace, view) -> view.fence().ifPresent(fence -> fences.put(namespace, fence)));
            return fences;
        }

        Optional<Fence> fence(String namespace) {
            JdbcLeaseView view = views.get(namespace);
            return view == null ? Optional.empty() : view.fence();
        }
    }

    /** Samples both members all along: a source whose fence both hold at once had two readers. */
    private static final class TwoReaderWatch {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong samples = new AtomicLong();
        private final Set<String> overlaps = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final Thread thread;

        TwoReaderWatch(Member a, Member b) {
            thread = new Thread(
                    () -> {
                        while (running.get()) {
                            for (String namespace : new HashSet<>(a.views.keySet())) {
                                if (a.fence(namespace).isPresent()
                                        && b.fence(namespace).isPresent()) {
                                    overlaps.add(namespace);
                                }
                            }
                            samples.incrementAndGet();
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // pacing, not synchronisation
                        }
                    },
                    "two-reader-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running.set(false);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long samples() {
            return samples.get();
        }

        Set<String> overlaps() {
            return overlaps;
        }
    }

    /** Counts the changes of a lease row's expiry as the database shows them: one per renewal. */
    private static final class ExpiryWatch {
        private final DataSource observer;
        private final String namespace;
        private Object last;
        private int changes = -1;

        ExpiryWatch(DataSource observer, String namespace) {
            this.observer = observer;
            this.namespace = namespace;
        }

        synchronized int changes() throws SQLException {
            try (Connection connection = observer.getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT EXPIRES_AT FROM " + ChangeLogSchema.LEASES + " WHERE NAMESPACE = ?")) {
                select.setString(1, namespace);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    Object expiry = rows.getObject(1);
                    if (!expiry.equals(last)) {
                        last = expiry;
                        changes++;
                    }
                }
            }
            return changes;
        }
    }
}
