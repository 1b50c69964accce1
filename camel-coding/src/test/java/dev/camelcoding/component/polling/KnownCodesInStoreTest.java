package dev.camelcoding.component.polling;

import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.codes;
import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.store.CodingStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With a store, the census key set of the issues reader is a table read a range at a time, not a state document
 * held whole and rewritten (issue 18: memory flat whatever the project's size).
 */
class KnownCodesInStoreTest {

    private JdbcConnectionPool pool;
    private CodingStore store;
    private PollerHarness h;

    @BeforeEach
    void openStore() {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:known-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        store = CodingStore.open("test", pool);
        store.define(StoredKnownCodes.PART);
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
        pool.dispose();
    }

    private PollerHarness harness(int issues) {
        h = new PollerHarness(b -> b.issues(issues));
        h.store = store;
        h.pageSize = 50;
        h.reconcileInterval = Duration.ofMinutes(30);
        return h;
    }

    private Set<Long> simulatorCodes() {
        return Arrays.stream(h.simulator.data().issueCodes())
                .mapToObj(c -> (long) c)
                .collect(Collectors.toSet());
    }

    private long knownInStore() {
        return new StoredKnownCodes(store, "test/issues:issues").count();
    }

    @Test
    void theSnapshotsKeySetGoesToTheStoreAndNotIntoTheState() throws Exception {
        harness(420);
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        assertThat(h.emitter.take()).hasSize(simulatorCodes().size());

        assertThat(knownInStore()).isEqualTo(simulatorCodes().size());
        assertThat(h.repository.getState("test/issues:" + KnownIssueCodes.stateName("issues")))
                .as("no key set document")
                .isNull();
        assertThat(h.repository.getState("test/issues:issues")).hasSizeLessThan(2_000);
    }

    @Test
    void theCensusOverTheStoreFindsExactlyTheDeletedKeys() throws Exception {
        harness(420);
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        h.emitter.take();

        Set<Long> before = simulatorCodes();
        long last = before.stream().mapToLong(Long::longValue).max().orElseThrow();
        // on the first page, mid-listing, on a page boundary and the last code (past CODING's last listed code)
        for (long code : List.of(3L, 50L, 51L, 222L, last)) {
            h.simulator.deleteIssue((int) code);
        }
        Set<Long> deleted = new HashSet<>(before);
        deleted.removeAll(simulatorCodes());
        assertThat(deleted).contains(3L, 50L, 51L, 222L, last);

        h.tick(Duration.ofMinutes(31));
        poller.poll();
        List<ChangeEvent> events = h.emitter.take();
        assertThat(new HashSet<>(codes(events, "code", op(Op.DELETE)))).isEqualTo(deleted);
        assertThat(events).hasSize(deleted.size());
        assertThat(knownInStore()).isEqualTo(simulatorCodes().size());

        h.tick(Duration.ofMinutes(31));
        poller.poll();
        assertThat(h.emitter.take()).as("deletes are reported once").isEmpty();
    }

    @Test
    void theCensusHealsAnIssueTheStoreDoesNotKnow() throws Exception {
        harness(120);
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        h.emitter.take();
        // a code lost (as a delivery that failed before its key was written would lose it)
        StoredKnownCodes known = new StoredKnownCodes(store, "test/issues:issues");
        known.remove(77);
        known.save();

        h.tick(Duration.ofMinutes(31));
        poller.poll();
        List<ChangeEvent> events = h.emitter.take();
        assertThat(events).hasSize(1);
        assertThat(codes(events, "code", op(Op.READ))).containsExactly(77L);
        assertThat(events.get(0).source().mode()).isEqualTo("reconcile");
        assertThat(knownInStore()).isEqualTo(simulatorCodes().size());
    }
}
