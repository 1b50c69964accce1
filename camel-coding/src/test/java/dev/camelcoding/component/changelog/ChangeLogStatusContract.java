package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What {@link ChangeLogStatus} reports of a log, checked against what was done to it: the entries appended and
 * purged (head, tail, size), the consumers' commits (lag = head - committed) and the reader lease taken and released
 * (holder, epoch, since, running). Each test uses a team of its own, so a shared database does not mix them up.
 */
abstract class ChangeLogStatusContract {

    abstract DataSource node();

    private final String team = "team-" + UUID.randomUUID().toString().substring(0, 8);
    private final SourceId issues = new SourceId(team, "web", "issues");
    private final SourceId members = new SourceId(team, "web", "projectMembers");

    @Test
    void headTailSizeReaderAndLagPerSource() throws SQLException {
        DataSource db = node();
        JdbcChangeLog log = new JdbcChangeLog(db);
        LeaseStore leases = new LeaseStore(db, ChangeLogSchema.create(db), Duration.ofMinutes(5));
        Instant before = Instant.now().minusSeconds(1); // the database's clock, a second of slack
        Lease lease = leases.tryAcquire(issues.readerNamespace(), "node-a").orElseThrow();
        Instant after = Instant.now().plusSeconds(1);
        log.append(issues, entries(7), lease.fence());
        log.append(issues, entries(3), lease.fence());
        ConsumerOffsets offsets = new ConsumerOffsets(db, log);
        offsets.position("warehouse", issues, StartFrom.oldest());
        offsets.commit("warehouse", issues, 4);
        offsets.position("search", issues, StartFrom.oldest());
        offsets.commit("search", issues, 10);

        Lease membersLease =
                leases.tryAcquire(members.readerNamespace(), "node-b").orElseThrow();
        log.append(members, entries(2), membersLease.fence());
        leases.release(membersLease); // a clean stop: nobody reads members now

        List<SourceStatus> status = mine(new ChangeLogStatus(db).sources());
        assertThat(status).extracting(SourceStatus::source).containsExactly(issues, members);

        SourceStatus issuesStatus = status.get(0);
        assertThat(issuesStatus.extent()).isEqualTo(new LogExtent(10, 1, 10));
        ReaderLease reader = issuesStatus.reader().orElseThrow();
        assertThat(reader.holder()).isEqualTo("node-a");
        assertThat(reader.epoch()).isEqualTo(lease.epoch());
        assertThat(reader.running()).isTrue();
        assertThat(reader.since()).hasValueSatisfying(since -> assertThat(since).isBetween(before, after));
        assertThat(reader.expiresAt()).isAfter(reader.since().orElseThrow().plus(Duration.ofMinutes(4)));
        assertThat(issuesStatus.consumers())
                .extracting(ConsumerLag::consumer, ConsumerLag::committed, ConsumerLag::lag)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("search", 10L, 0L),
                        org.assertj.core.groups.Tuple.tuple("warehouse", 4L, 6L));

        SourceStatus membersStatus = status.get(1);
        assertThat(membersStatus.extent()).isEqualTo(new LogExtent(2, 1, 2));
        assertThat(membersStatus.reader()).as("released").isEmpty();
        assertThat(membersStatus.consumers()).isEmpty();
    }

    @Test
    void aPurgedPrefixMovesTheTailAndATakeoverTheReaderAndItsSince() throws Exception {
        DataSource db = node();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        JdbcChangeLog log = new JdbcChangeLog(db, clock, 2);
        LeaseStore shortLeases = new LeaseStore(db, ChangeLogSchema.create(db), Duration.ofMillis(1));
        Lease first = shortLeases.tryAcquire(issues.readerNamespace(), "node-a").orElseThrow();
        // a 1 ms lease has run out before the append can check it: take one that lasts for the appends
        LeaseStore leases = new LeaseStore(db, ChangeLogSchema.create(db), Duration.ofMinutes(5));
        Lease appending = leases.tryAcquire(issues.readerNamespace(), "node-a").orElseThrow();
        log.append(issues, entries(5), appending.fence());
        clock.set(Instant.parse("2026-01-01T01:00:00Z"));
        log.append(issues, entries(3), appending.fence());
        log.purgeOlderThan(Instant.parse("2026-01-01T00:30:00Z"));
        leases.release(appending);
        Lease takeover = leases.tryAcquire(issues.readerNamespace(), "node-b").orElseThrow();

        SourceStatus status = mine(new ChangeLogStatus(db).sources()).get(0);
        assertThat(status.extent()).isEqualTo(new LogExtent(8, 6, 3));
        assertThat(status.reader().orElseThrow().holder()).isEqualTo("node-b");
        assertThat(status.reader().orElseThrow().epoch())
                .isEqualTo(takeover.epoch())
                .isGreaterThan(first.epoch());
    }

    private List<SourceStatus> mine(List<SourceStatus> all) {
        return all.stream().filter(s -> s.source().team().equals(team)).toList();
    }

    private static List<CodingChange> entries(int n) {
        List<CodingChange> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(CodingChange.ofRow(
                    Op.UPDATE, "issues", "{\"code\":" + i + "}", 1_700_000_000_000L + i, "{\"i\":" + i + "}"));
        }
        return entries;
    }
}
