package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.status.TableStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full pass saves its recent pace with its page, so that {@code status} (another process, reading the state alone)
 * can say how long a backfill has left: no pace was saved, and status had no estimate to give.
 */
class PassPaceTest {

    private PollerHarness h;

    @BeforeEach
    void start() {
        h = new PollerHarness(b -> b.issues(35).iterations(1));
        h.pageSize = 10;
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aSnapshotSavesItsRecentPaceInRowsASecondWithItsPage() throws Exception {
        // pages of 10 rows: the second takes 1 s after the first, the third 2 s after the second; the fourth fails
        h.emitter.batchSize = 10;
        h.emitter.onHandOver = n -> h.tick(Duration.ofSeconds(n == 3 ? 2 : 1));
        h.emitter.failBatch = 4;

        assertThatThrownBy(() -> h.poller(CodingTable.ISSUES).poll()).hasMessageContaining("sink down on batch 4");

        IssueReaderState state = h.stateStore(CodingTable.ISSUES)
                .read(IssueReaderState.ISSUES, IssueReaderState.class)
                .orElseThrow();
        assertThat(state.pass().nextPage()).isEqualTo(4);
        // 10 rows/s, then 5 rows/s weighing 0.3: 10 x 0.7 + 5 x 0.3
        assertThat(state.pass().rowsPerSecond()).isCloseTo(8.5, within(1e-9));
        assertThat(state.pass().pageDoneAt()).isEqualTo(h.clock.get());

        TableStatus status = new CodingStatusReader(h.repository).read(CodingTable.ISSUES, "test/issues");
        assertThat(status.passRowsPerSecond().getAsDouble()).isCloseTo(8.5, within(1e-9));
        assertThat(status.passTotal().getAsLong()).isEqualTo(35);
        assertThat(status.passPage().getAsInt()).isEqualTo(4);
    }

    @Test
    void theFirstPageHasNoPaceAndAStopIsNoPace() {
        long t = 1_780_000_000_000L;
        assertThat(PassPace.next(null, null, 10, t)).isNull();
        assertThat(PassPace.next(null, t, 10, t + 500)).isEqualTo(20.0);
        // the process was down for 11 minutes between two pages: the pace stays what the pages before said
        assertThat(PassPace.next(20.0, t, 10, t + Duration.ofMinutes(11).toMillis()))
                .isEqualTo(20.0);
        assertThat(PassPace.next(20.0, t, 10, t)).isEqualTo(20.0);
    }
}
