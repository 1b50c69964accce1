package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who the next permit goes to, with no thread and no clock: the limiter's turn order alone. */
class WaitingCallsTest {

    @Test
    void aSmallProjectsBackfillTakesTurnsWithALargeOnesInsteadOfQueuingBehindIt() {
        WaitingCalls waiting = new WaitingCalls();
        // the large project's pages were all asked for first (several of its readers wait at once)
        for (int i = 0; i < 6; i++) {
            waiting.add(CallPriority.BACKFILL, "acme/large");
        }
        for (int i = 0; i < 3; i++) {
            waiting.add(CallPriority.BACKFILL, "acme/small");
        }
        List<String> served = serveAll(waiting);
        assertThat(served)
                .as("turns alternate while both wait; the small project's 3 pages end by the 6th permit, not the 9th")
                .containsExactly(
                        "acme/large",
                        "acme/small",
                        "acme/large",
                        "acme/small",
                        "acme/large",
                        "acme/small",
                        "acme/large",
                        "acme/large",
                        "acme/large");
    }

    @Test
    void theSourceServedLeastRecentlyGoesFirstWhateverItsArrival() {
        WaitingCalls waiting = new WaitingCalls();
        waiting.granted(waiting.add(CallPriority.BACKFILL, "acme/small"));
        waiting.granted(waiting.add(CallPriority.BACKFILL, "acme/large"));
        waiting.granted(waiting.add(CallPriority.BACKFILL, "acme/large"));
        waiting.add(CallPriority.BACKFILL, "acme/large"); // waits longer
        waiting.add(CallPriority.BACKFILL, "acme/small");
        assertThat(waiting.next().source())
                .as("small was served before large's last two permits")
                .isEqualTo("acme/small");
    }

    @Test
    void aNewSourceGoesBeforeOnesAlreadyServed() {
        WaitingCalls waiting = new WaitingCalls();
        waiting.granted(waiting.add(CallPriority.POLL, "acme/a"));
        waiting.add(CallPriority.POLL, "acme/a");
        waiting.add(CallPriority.POLL, "acme/b");
        assertThat(waiting.next().source()).isEqualTo("acme/b");
    }

    @Test
    void anIncrementalPollOfAnyProjectGoesBeforeEveryBackfillPage() {
        WaitingCalls waiting = new WaitingCalls();
        waiting.add(CallPriority.BACKFILL, "acme/large");
        waiting.add(CallPriority.BACKFILL, "acme/large");
        waiting.add(CallPriority.COMMENT_READ, "acme/other");
        waiting.add(CallPriority.POLL, "acme/other");
        List<WaitingCalls.Ticket> order = new ArrayList<>();
        for (WaitingCalls.Ticket next = waiting.next(); next != null; next = waiting.next()) {
            order.add(next);
            waiting.granted(next);
        }
        assertThat(order)
                .extracting(WaitingCalls.Ticket::priority)
                .containsExactly(
                        CallPriority.POLL, CallPriority.BACKFILL, CallPriority.BACKFILL, CallPriority.COMMENT_READ);
    }

    @Test
    void aCallThatGaveUpLeavesTheQueue() {
        WaitingCalls waiting = new WaitingCalls();
        WaitingCalls.Ticket gone = waiting.add(CallPriority.POLL, "acme/a");
        waiting.add(CallPriority.RESCAN, "acme/b");
        waiting.remove(gone);
        assertThat(waiting.waiting(CallPriority.POLL)).isZero();
        assertThat(waiting.next().priority()).isEqualTo(CallPriority.RESCAN);
    }

    @Test
    void aTeamsSchemaAndReferenceReadsWaitBehindEveryProjectsData() {
        WaitingCalls waiting = new WaitingCalls();
        // a team starting: each project's schema and reference tables ask first, then its data
        for (String project : List.of("acme/a", "acme/b")) {
            for (int i = 0; i < 3; i++) {
                waiting.add(CallPriority.REFERENCE, project);
            }
        }
        waiting.add(CallPriority.BACKFILL, "acme/a");
        waiting.add(CallPriority.POLL, "acme/b");
        waiting.add(CallPriority.BACKFILL, "acme/b");
        List<String> served = new ArrayList<>();
        for (WaitingCalls.Ticket next = waiting.next(); next != null; next = waiting.next()) {
            served.add(next.priority() + " " + next.source());
            waiting.granted(next);
        }
        assertThat(served.subList(0, 3))
                .as("the data (a poll, then the backfill pages) before any schema or reference call")
                .containsExactly("POLL acme/b", "BACKFILL acme/a", "BACKFILL acme/b");
        assertThat(served.subList(3, served.size())).allMatch(s -> s.startsWith("REFERENCE "));
        assertThat(CallPriority.REFERENCE)
                .as("the reference reads still go before comment reads, rescans and verify")
                .isLessThan(CallPriority.COMMENT_READ);
    }

    private static List<String> serveAll(WaitingCalls waiting) {
        List<String> served = new ArrayList<>();
        for (WaitingCalls.Ticket next = waiting.next(); next != null; next = waiting.next()) {
            served.add(next.source());
            waiting.granted(next);
        }
        return served;
    }
}
