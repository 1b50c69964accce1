package dev.camelcoding.component.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.polling.IssueReaderState;
import dev.camelcoding.component.polling.ReaderPhase;
import dev.camelcoding.component.polling.StateStore;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

/**
 * What a status read costs once the status has been read before: the running sync's monitoring page reads every
 * table's status once a second while someone watches it, each time through a new reader (an endpoint's {@code
 * status()}). Building Jackson's deserializers for the state's records (introspecting them, about 100 KB of
 * garbage and most of the read's CPU) is work for the first read of the process, not for every one; counted here as
 * the bytes the reading thread allocates, which that construction dominates.
 */
class StatusReadCostTest {

    private static final String PREFIX = "coding/issues/";

    @Test
    void aStatusReadAfterTheFirstDoesNotBuildItsDeserializersAgain() {
        MemoryStateRepository repository = new MemoryStateRepository();
        StateStore written = new StateStore(repository, PREFIX, new ObjectMapper());
        written.write(PollStatus.NAME, PollStatus.none().afterPoll(1_700_000_000_000L, 50, null, null));
        written.write(
                IssueReaderState.ISSUES,
                new IssueReaderState(ReaderPhase.INCREMENTAL, null, 1_700_000_000_000L, Map.of(), null));

        TableStatus first = new CodingStatusReader(repository).read(CodingTable.ISSUES, PREFIX);
        assertThat(first.phase()).isEqualTo(SyncPhase.INCREMENTAL);

        long bytes = allocatedBy(() -> {
            for (int i = 0; i < 10; i++) {
                assertThat(new CodingStatusReader(repository)
                                .read(CodingTable.ISSUES, PREFIX)
                                .phase())
                        .isEqualTo(SyncPhase.INCREMENTAL);
            }
        });

        // measured: 118 KB a read when each reader built its own deserializers (a mapper per reader)
        assertThat(bytes / 10).as("bytes allocated per status read").isLessThan(64 * 1024);
    }

    private static long allocatedBy(Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
