package dev.camelcoding.component.polling;

import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.codes;
import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * State written by the previous version, the untyped JSON documents, loads into the typed records and the readers
 * resume from it: an upgrade never restarts a backfill. The documents in {@code state/previous-version/} were written by
 * commit 064ce3f (the last untyped version) running these pollers against the same seeded simulator (35 issues, pages of
 * 10, 3 iterations): a snapshot stopped by a sink outage after 15 events, and a finished sync with the census on.
 */
class PreviousVersionStateTest {

    private PollerHarness h;

    @BeforeEach
    void start() {
        h = new PollerHarness(b -> b.issues(35).iterations(3));
        h.pageSize = 10;
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aSnapshotStoppedMidPassResumesAtItsPageAfterTheLastCodeDelivered() throws Exception {
        h.repository.setState("test/issues:issues", fixture("issues-mid-snapshot.json"));
        long callsBefore = h.calls("DescribeIssueListWithPage");

        h.poller(CodingTable.ISSUES).poll();

        List<ChangeEvent> events = h.emitter.take();
        // 15 were delivered before the outage: a restarted snapshot would send all 35 again
        assertThat(codes(events, "code", op(Op.READ)))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(16, 35).boxed().toList());
        assertThat(h.calls("DescribeIssueListWithPage") - callsBefore)
                .as("pages 2 to 4 and the first incremental poll; page 1 is never read again")
                .isEqualTo(4);
        IssueReaderState state = h.stateStore(CodingTable.ISSUES)
                .read(IssueReaderState.ISSUES, IssueReaderState.class)
                .orElseThrow();
        assertThat(state.phase()).isEqualTo(ReaderPhase.INCREMENTAL);
        assertThat(state.cursor())
                .as("the cursorAfter the previous version had taken from CODING")
                .isEqualTo(1_766_718_849_000L);
    }

    /**
     * Versions before the cursor was kept in CODING's time (before 65275b3) wrote {@code startedAt} (this machine's
     * clock) and no {@code cursorAfter}. This document is written by hand after that version's code, not recorded.
     */
    @Test
    void aPassFromBeforeTheCodingClockCursorLoadsAndAsksCodingForItsCursor() throws Exception {
        h.repository.setState(
                "test/issues:issues",
                "{\"phase\":\"snapshot\",\"pass\":{\"nextPage\":2,\"lastCode\":10,"
                        + "\"total\":35,\"windowStart\":-9223372036854775808,\"startedAt\":1779999000000},\"seen\":{}}");

        h.poller(CodingTable.ISSUES).poll();

        assertThat(codes(h.emitter.take(), "code", op(Op.READ)))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(11, 35).boxed().toList());
        long newest = h.simulator.data().issues().stream()
                .mapToLong(i -> i.updatedAt())
                .max()
                .orElseThrow();
        assertThat(h.stateStore(CodingTable.ISSUES)
                        .read(IssueReaderState.ISSUES, IssueReaderState.class)
                        .orElseThrow()
                        .cursor())
                .isEqualTo(newest);
    }

    @Test
    void anIncrementalReaderWithItsCensusKeysReadsOnlyWhatChangedAndFindsDeletes() throws Exception {
        h.repository.setState("test/issues:issues", fixture("issues-incremental.json"));
        h.repository.setState("test/issues:issues.keys", fixture("issues-keys.json"));
        h.reconcileInterval = Duration.ofMinutes(10);
        TablePoller poller = h.poller(CodingTable.ISSUES);

        h.tick(Duration.ofMinutes(1));
        assertThat(poller.poll())
                .as("the stored seen version of issue 35 keeps it from being emitted again")
                .isZero();

        h.tick(Duration.ofMinutes(1));
        h.simulator.updateIssue(7, e -> e.name("Renamed after the upgrade"));
        h.tick(Duration.ofSeconds(5));
        poller.poll();
        assertThat(h.emitter.take())
                .extracting(e -> e.key().path("code").asLong(), ChangeEvent::op)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(7L, Op.UPDATE));

        // the census compares CODING's codes with the stored key set: only the deleted issue is reported
        h.simulator.deleteIssue(12);
        h.tick(Duration.ofMinutes(10));
        poller.poll();
        assertThat(codes(h.emitter.take(), "code", e -> true)).containsExactly(12L);
    }

    @Test
    void aListedTablesHashesKeepItsUnchangedRowsSilent() throws Exception {
        h.repository.setState("test/iterations:hashes", fixture("iterations-hashes.json"));
        TablePoller poller = h.poller(CodingTable.ITERATIONS);

        assertThat(poller.poll())
                .as("all three iterations are as the previous version saw them")
                .isZero();

        h.simulator.updateIteration(2, e -> e.name("Sprint renamed"));
        poller.poll();
        assertThat(h.emitter.take())
                .extracting(e -> e.key().path("code").asLong(), ChangeEvent::op)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, Op.UPDATE));
    }

    @Test
    void aPhaseNoVersionWroteIsRefusedWithTheKeyToRemove() {
        h.repository.setState("test/issues:issues", "{\"phase\":\"reindex\",\"seen\":{}}");

        assertThatThrownBy(() -> h.poller(CodingTable.ISSUES).poll())
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("test/issues:issues")
                .hasMessageContaining("IssueReaderState")
                .hasMessageContaining("Remove that key");
    }

    @Test
    void whatTheTypedStateWritesIsTheDocumentThePreviousVersionWrote() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (String name : List.of("issues-mid-snapshot.json", "issues-incremental.json")) {
            String previous = fixture(name);
            IssueReaderState typed = mapper.readValue(previous, IssueReaderState.class);
            assertThat(mapper.readTree(mapper.writeValueAsString(typed)))
                    .as(name)
                    .isEqualTo(mapper.readTree(previous));
        }
        String hashes = fixture("iterations-hashes.json");
        assertThat(mapper.readTree(mapper.writeValueAsString(mapper.readValue(hashes, ListedRowHashes.class))))
                .isEqualTo(mapper.readTree(hashes));
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = PreviousVersionStateTest.class.getResourceAsStream("/state/previous-version/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource state/previous-version/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
