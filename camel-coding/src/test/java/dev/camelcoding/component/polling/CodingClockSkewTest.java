package dev.camelcoding.component.polling;

import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.codes;
import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CODING stamps UpdatedAt with its own clock, and nothing says it agrees with ours. With the simulated CODING's
 * clock an hour behind or ahead of the poller's (ten times the five-minute lookback), every change made after the
 * snapshot (or after a start from "now") must reach the consumer. Before the cursor was taken from CODING's times,
 * an hour behind lost every update: the cursor sat at our clock, an hour after every UpdatedAt CODING wrote.
 *
 * <p>The simulator evaluates the UPDATED_AT day range in {@code CodingCalendar}'s zone, the one the reader names its
 * days in: these tests check the reader's clock handling, not the zone, which is an assumption (docs/architecture.md
 * "Assumptions") that no recording confirms.
 */
class CodingClockSkewTest {

    private PollerHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** Updates five issues, one per minute, polling after each; returns what the polls emitted. */
    private List<ChangeEvent> updateFiveIssuesPollingEachMinute(TablePoller poller) throws Exception {
        List<ChangeEvent> events = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            h.tick(Duration.ofMinutes(1));
            int code = k * 11;
            h.simulator.updateIssue(code, e -> e.name("Renamed on CODING's clock " + code));
            poller.poll();
            events.addAll(h.emitter.take());
        }
        return events;
    }

    @ParameterizedTest(name = "CODING's clock {0} min off ours")
    @ValueSource(ints = {-60, 60})
    void everyUpdateAfterTheSnapshotReachesTheConsumer(int offsetMinutes) throws Exception {
        h = new PollerHarness(b -> b.issues(300).clockOffset(Duration.ofMinutes(offsetMinutes)));
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        assertThat(h.emitter.take()).hasSize(h.simulator.data().issueCount());

        List<ChangeEvent> events = updateFiveIssuesPollingEachMinute(poller);

        assertThat(codes(events, "code", op(Op.UPDATE))).containsExactly(11L, 22L, 33L, 44L, 55L);
        assertThat(events).allMatch(e -> e.after().path("name").asText().startsWith("Renamed on CODING's clock"));
    }

    @ParameterizedTest(name = "CODING's clock {0} min off ours")
    @ValueSource(ints = {-60, 60})
    void startingFromNowMeansCodingsNowAndLosesNoLaterUpdate(int offsetMinutes) throws Exception {
        h = new PollerHarness(b -> b.issues(300).clockOffset(Duration.ofMinutes(offsetMinutes)));
        h.startFrom = "now";
        // an issue changed just before the sync starts is not "from now on"
        h.simulator.updateIssue(3, e -> e.name("Before the start"));
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        assertThat(h.emitter.take()).isEmpty();

        List<ChangeEvent> events = updateFiveIssuesPollingEachMinute(poller);

        assertThat(codes(events, "code", op(Op.UPDATE))).containsExactly(11L, 22L, 33L, 44L, 55L);
    }

    @ParameterizedTest(name = "CODING's clock {0} min off ours")
    @ValueSource(ints = {-60, 60})
    void anEmptyProjectStreamsItsFirstIssues(int offsetMinutes) throws Exception {
        h = new PollerHarness(b -> b.issues(0).clockOffset(Duration.ofMinutes(offsetMinutes)));
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        assertThat(h.emitter.take()).isEmpty();

        h.tick(Duration.ofMinutes(1));
        int first = h.simulator.createIssue("MISSION", "The first issue");
        poller.poll();
        h.tick(Duration.ofMinutes(1));
        h.simulator.updateIssue(first, e -> e.name("The first issue, renamed"));
        int second = h.simulator.createIssue("DEFECT", "The second issue");
        poller.poll();

        List<ChangeEvent> events = h.emitter.take();
        assertThat(events)
                .extracting(e -> e.op().code() + e.key().path("code").asLong())
                .containsExactly("c" + first, "u" + first, "c" + second);
    }

    @Test
    void aCodingDaysAheadIsFollowedThroughTheDateHeaderOfItsAnswers() throws Exception {
        // Our clock three days behind CODING's; CODING's answers carry its time in the HTTP Date header (the
        // simulator's is the wall clock, so CODING's clock is set to the wall clock and ours three days earlier).
        Duration ahead = Duration.ofDays(3);
        h = new PollerHarness(b -> b.issues(100).clockOffset(ahead));
        h.clock.set(System.currentTimeMillis() - ahead.toMillis());
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        h.emitter.take();

        List<ChangeEvent> events = updateFiveIssuesPollingEachMinute(poller);

        // CODING's day is three days after ours: a day range ending on our tomorrow would match none of them
        assertThat(codes(events, "code", op(Op.UPDATE))).containsExactly(11L, 22L, 33L, 44L, 55L);
        assertThat(h.client.serverClock().skewMillis()).isPresent();
    }

    @ParameterizedTest(name = "CODING's clock {0} min off ours")
    @ValueSource(ints = {-60, 60})
    void commentsOfIssuesChangedAfterTheSnapshotAreRead(int offsetMinutes) throws Exception {
        h = new PollerHarness(b -> b.issues(50).clockOffset(Duration.ofMinutes(offsetMinutes)));
        TablePoller poller = h.poller(CodingTable.COMMENTS);
        poller.poll();
        h.emitter.take();

        h.tick(Duration.ofMinutes(1));
        h.simulator.updateIssue(7, e -> e.name("Edited with a comment"));
        long comment = h.simulator.addComment(7, "Why it changed");
        poller.poll();

        assertThat(codes(h.emitter.take(), "comment_id", op(Op.CREATE))).containsExactly(comment);
    }
}
