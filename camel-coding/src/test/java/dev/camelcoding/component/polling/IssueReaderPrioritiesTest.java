package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.client.CallPriority;
import dev.camelcoding.component.CodingTable;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The issues reader tells the credential's limiter which call is which: the pages of its full pass are backfill, its
 * incremental poll is a poll, so a large project's backfill never delays another project's incremental poll.
 */
class IssueReaderPrioritiesTest {

    @Test
    void snapshotPagesAreBackfillAndTheIncrementalPollIsAPoll() throws Exception {
        try (PollerHarness h = new PollerHarness(sim -> sim.issues(250))) {
            TablePoller issues = h.poller(CodingTable.ISSUES);

            issues.poll(); // the snapshot (3 pages of 100), then the first incremental poll
            assertThat(h.emitter.events).hasSize(250);
            long listings = h.calls("DescribeIssueListWithPage");
            assertThat(listings)
                    .as("the newest UpdatedAt, 3 snapshot pages, 1 incremental page")
                    .isEqualTo(5);
            assertThat(h.client.limiter().granted(CallPriority.BACKFILL))
                    .as("the pass's calls")
                    .isEqualTo(4);
            assertThat(h.client.limiter().granted(CallPriority.POLL)).isEqualTo(1);

            h.tick(Duration.ofMinutes(1));
            issues.poll(); // nothing changed: one call, a poll
            assertThat(h.calls("DescribeIssueListWithPage")).isEqualTo(listings + 1);
            assertThat(h.client.limiter().granted(CallPriority.POLL)).isEqualTo(2);
            assertThat(h.client.limiter().granted(CallPriority.BACKFILL)).isEqualTo(4);
        }
    }

    @Test
    void theCensusListingIsBackfill() throws Exception {
        try (PollerHarness h = new PollerHarness(sim -> sim.issues(150))) {
            h.reconcileInterval = Duration.ofMinutes(30);
            TablePoller issues = h.poller(CodingTable.ISSUES);
            issues.poll();
            long backfill = h.client.limiter().granted(CallPriority.BACKFILL);
            long polls = h.client.limiter().granted(CallPriority.POLL);
            long listings = h.calls("DescribeIssueListWithPage");

            h.tick(Duration.ofMinutes(31));
            issues.poll(); // the incremental poll (1 call), then the census: every code, 2 pages of 100
            long census = h.calls("DescribeIssueListWithPage") - listings - 1;
            assertThat(census).as("the census's pages").isEqualTo(2);
            assertThat(h.client.limiter().granted(CallPriority.POLL)).isEqualTo(polls + 1);
            assertThat(h.client.limiter().granted(CallPriority.BACKFILL)).isEqualTo(backfill + census);
        }
    }
}
