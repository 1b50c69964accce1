package dev.camelcoding.component.polling;

import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.codes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.ChangeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The page-boundary contract of {@link ChangeEmitter}: with buffered batches, no persisted state covers an event
 * that was not handed over. Facts checked against the simulator's issue list (CODING's Code order), not against the
 * poller's own state.
 */
class BatchCheckpointTest {

    private PollerHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private List<Long> simulatorCodesAscending() {
        List<Long> all = new ArrayList<>();
        for (int code : h.simulator.data().issueCodes()) {
            all.add((long) code);
        }
        all.sort(Long::compare);
        return all;
    }

    @Test
    void aRouteFailingOnTheThirdBatchOfABackfillIsReadAgainFromThatBatchOnly() throws Exception {
        h = new PollerHarness(b -> b.issues(1_000));
        h.emitter.batchSize = 100; // one batch per page (pageSize 100)
        h.emitter.failBatch = 3;

        assertThatThrownBy(() -> h.poller(CodingTable.ISSUES).poll()).hasMessageContaining("sink down on batch 3");
        List<List<ChangeEvent>> firstBatches = new ArrayList<>(h.emitter.batches);
        List<ChangeEvent> firstRun = h.emitter.take();
        List<Long> ascending = simulatorCodesAscending();
        assertThat(firstBatches).hasSize(2);
        assertThat(codes(firstRun, "code", e -> true)).isEqualTo(ascending.subList(0, 200));

        h.poller(CodingTable.ISSUES).poll(); // a new poller: only the persisted state carries over
        List<List<ChangeEvent>> secondBatches = new ArrayList<>(h.emitter.batches);
        List<ChangeEvent> secondRun = h.emitter.take();
        assertThat(codes(secondBatches.get(0), "code", e -> true))
                .as("the failed batch comes first, whole")
                .isEqualTo(ascending.subList(200, 300));
        assertThat(codes(secondRun, "code", e -> true))
                .as("nothing from batches 1-2 repeated, nothing lost")
                .isEqualTo(ascending.subList(200, 1_000));
    }

    @Test
    void batchesSmallerThanAPageCheckpointMidPage() throws Exception {
        h = new PollerHarness(b -> b.issues(500));
        h.emitter.batchSize = 40; // pages of 100: batches end at 40, 80, 100 (the page boundary), 140...
        h.emitter.failBatch = 3;

        assertThatThrownBy(() -> h.poller(CodingTable.ISSUES).poll()).hasMessageContaining("sink down");
        List<ChangeEvent> firstRun = h.emitter.take();
        List<Long> ascending = simulatorCodesAscending();
        assertThat(codes(firstRun, "code", e -> true)).isEqualTo(ascending.subList(0, 80));

        h.poller(CodingTable.ISSUES).poll();
        assertThat(codes(h.emitter.take(), "code", e -> true)).isEqualTo(ascending.subList(80, 500));
    }

    @Test
    void aFailedBatchOfIncrementalChangesLeavesTheCursorBeforeIt() throws Exception {
        h = new PollerHarness(b -> b.issues(100));
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        h.emitter.take();
        h.tick(Duration.ofMinutes(1));
        List<Long> changedInOrder = new ArrayList<>();
        for (int code = 10; code < 40; code++) {
            int c = code;
            h.simulator.updateIssue(c, e -> e.name("changed " + c));
            changedInOrder.add((long) c);
            h.tick(Duration.ofSeconds(1));
        }

        h.emitter.batchSize = 10;
        h.emitter.failBatch = h.emitter.handOvers + 3;
        assertThatThrownBy(poller::poll).hasMessageContaining("sink down");
        assertThat(codes(h.emitter.take(), "code", e -> true)).isEqualTo(changedInOrder.subList(0, 20));

        h.poller(CodingTable.ISSUES).poll();
        assertThat(codes(h.emitter.take(), "code", e -> true))
                .as("the third batch and what follows, each once; batches 1-2 not repeated")
                .isEqualTo(changedInOrder.subList(20, 30));
    }

    @Test
    void aKillBetweenAHandOverAndItsSaveRepeatsOnlyThatBatch() throws Exception {
        h = new PollerHarness(b -> b.issues(1_000));
        AtomicBoolean dead = new AtomicBoolean();
        MemoryStateRepository durable = new MemoryStateRepository();
        h.repository = new MemoryStateRepository() {
            @Override
            public void setState(String key, String value) {
                if (dead.get()) {
                    throw new IllegalStateException("process killed");
                }
                durable.setState(key, value);
            }

            @Override
            public String getState(String key) {
                return durable.getState(key);
            }
        };
        h.emitter.batchSize = 100;
        // the process dies right after the route completed batch 3, before anything is saved
        h.emitter.onHandOver = n -> dead.set(n == 3);

        assertThatThrownBy(() -> h.poller(CodingTable.ISSUES).poll()).hasMessageContaining("process killed");
        List<ChangeEvent> firstRun = h.emitter.take();
        List<Long> ascending = simulatorCodesAscending();
        assertThat(codes(firstRun, "code", e -> true)).isEqualTo(ascending.subList(0, 300));

        dead.set(false);
        h.emitter.onHandOver = n -> {};
        h.poller(CodingTable.ISSUES).poll(); // the restarted process: only what was saved carries over
        List<ChangeEvent> secondRun = h.emitter.take();
        assertThat(codes(secondRun, "code", e -> true)).isEqualTo(ascending.subList(200, 1_000));
        Set<Long> all = new HashSet<>(codes(firstRun, "code", e -> true));
        all.addAll(codes(secondRun, "code", e -> true));
        assertThat(all).hasSize(1_000);
        assertThat(firstRun.size() + secondRun.size() - all.size())
                .as("one batch repeated")
                .isEqualTo(100);
    }
}
