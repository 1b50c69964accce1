package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idle schedule on a clock of the test's: minutes as numbers, no waiting. */
class IdlePollScheduleTest {

    private static final long MINUTE = 60_000;

    @Test
    void anIdleTableIsPolledLessOftenUpToTheCapAndAtTheBaseAgainOnAChange() {
        long t = 0;
        IdlePollSchedule schedule =
                new IdlePollSchedule(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(15), t);
        // the first ten minutes of idle polls: every tick (every minute)
        for (; t < 10 * MINUTE; t += MINUTE) {
            assertThat(schedule.due(t)).as("minute %d", t / MINUTE).isTrue();
            schedule.polled(t, 0);
        }
        assertThat(schedule.delay()).isEqualTo(Duration.ofMinutes(1));
        // idle for ten minutes: each idle poll doubles the delay, 2, 4, 8, then 15 (the cap)
        int polls = 0;
        StringBuilder delays = new StringBuilder();
        for (; t <= 120 * MINUTE; t += MINUTE) {
            if (schedule.due(t)) {
                schedule.polled(t, 0);
                polls++;
                delays.append(schedule.delay().toMinutes()).append(' ');
            }
        }
        assertThat(delays.toString().trim()).startsWith("2 4 8 15 15 15");
        assertThat(polls).as("polls in the 111 minutes from minute 10 to 120").isEqualTo(10);

        // a poll that finds a change: every minute again
        long change = t;
        while (!schedule.due(t)) {
            t += MINUTE;
        }
        schedule.polled(t, 3);
        assertThat(schedule.delay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(schedule.due(t + MINUTE)).isTrue();
        assertThat(t - change).isLessThanOrEqualTo(15 * MINUTE);
    }

    @Test
    void aWebhookDeliveryBringsTheBaseDelayBackFromTheLastPoll() {
        IdlePollSchedule schedule =
                new IdlePollSchedule(Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(15), 0);
        long t = 0;
        for (int i = 0; i < 6; i++) {
            while (!schedule.due(t)) {
                t += MINUTE;
            }
            schedule.polled(t, 0);
        }
        assertThat(schedule.delay()).isEqualTo(Duration.ofMinutes(15));
        long lastPoll = t;
        assertThat(schedule.due(lastPoll + 5 * MINUTE)).isFalse();

        schedule.changeSeen(lastPoll + 5 * MINUTE);
        assertThat(schedule.delay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(schedule.due(lastPoll + 5 * MINUTE))
                .as("the base delay since the last poll has passed: the next tick polls")
                .isTrue();
        // and the table counts as active again: idle polls within idleAfter (0 here) double from the base
        schedule.polled(lastPoll + 5 * MINUTE, 0);
        assertThat(schedule.delay()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aCapAtOrBelowTheBaseDelayKeepsAFixedDelay() {
        IdlePollSchedule schedule = new IdlePollSchedule(Duration.ofMinutes(10), Duration.ZERO, Duration.ZERO, 0);
        for (long t = 0; t < 100 * MINUTE; t += 10 * MINUTE) {
            assertThat(schedule.due(t)).isTrue();
            schedule.polled(t, 0);
        }
        assertThat(schedule.delay()).isEqualTo(Duration.ofMinutes(10));
    }

    /**
     * Issue 19: a start no longer counts as a change when CODING says when the project last changed. A project
     * dormant for days starts backed off: its first poll (the snapshot, 500 rows) is the start's read, not activity,
     * and the polls after it follow the growing delay to the cap; a change found later resets it as before.
     */
    @Test
    void aSourceThatLastChangedLongAgoStartsBackedOff() {
        long t = 0;
        IdlePollSchedule schedule =
                new IdlePollSchedule(Duration.ofMinutes(1), Duration.ofMinutes(60), Duration.ofMinutes(15), t);
        assertThat(schedule.due(t)).as("the start's read is not delayed").isTrue();
        schedule.lastChangeKnown(t - 3 * 24 * 60 * MINUTE);
        schedule.polled(t, 500);
        StringBuilder delays = new StringBuilder().append(schedule.delay().toMinutes());
        int polls = 0;
        for (t = MINUTE; t <= 60 * MINUTE; t += MINUTE) {
            if (schedule.due(t)) {
                schedule.polled(t, 0);
                polls++;
                delays.append(' ').append(schedule.delay().toMinutes());
            }
        }
        assertThat(delays.toString()).startsWith("2 4 8 15 15");
        assertThat(polls)
                .as("polls in the first hour after the start's read (60 before issue 19)")
                .isLessThanOrEqualTo(6);

        while (!schedule.due(t)) {
            t += MINUTE;
        }
        schedule.polled(t, 1);
        assertThat(schedule.delay())
                .as("a change found later: the base delay again")
                .isEqualTo(Duration.ofMinutes(1));
        schedule.polled(t + MINUTE, 0);
        assertThat(schedule.delay())
                .as("active since that change: no backoff within idleAfter")
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aSourceThatChangedRecentlyStartsAtItsBaseDelayUntilIdleAfterHasPassedSinceThatChange() {
        IdlePollSchedule schedule =
                new IdlePollSchedule(Duration.ofMinutes(1), Duration.ofMinutes(60), Duration.ofMinutes(15), 0);
        schedule.lastChangeKnown(-50 * MINUTE);
        schedule.polled(0, 500);
        long t = MINUTE;
        for (; t < 10 * MINUTE; t += MINUTE) {
            assertThat(schedule.due(t)).as("minute %d", t / MINUTE).isTrue();
            schedule.polled(t, 0);
        }
        assertThat(schedule.delay()).isEqualTo(Duration.ofMinutes(1));
        schedule.polled(t, 0);
        assertThat(schedule.delay())
                .as("60 minutes since CODING's last change, not since the start: backing off")
                .isEqualTo(Duration.ofMinutes(2));
    }

    /**
     * A table without a time of its own (members) learns its project's last change after its first listing: it is
     * taken then, once; a change the table found after its start is newer news and wins.
     */
    @Test
    void theProjectsLastChangeLearnedAfterTheFirstPollStillCountsButNotAfterAChange() {
        IdlePollSchedule late =
                new IdlePollSchedule(Duration.ofMinutes(1), Duration.ofMinutes(60), Duration.ofMinutes(15), 0);
        late.polled(0, 30); // the members' first listing, before the issues' snapshot ended
        late.lastChangeKnown(-3 * 24 * 60 * MINUTE);
        late.polled(MINUTE, 0);
        assertThat(late.delay()).isEqualTo(Duration.ofMinutes(2));

        IdlePollSchedule active =
                new IdlePollSchedule(Duration.ofMinutes(1), Duration.ofMinutes(60), Duration.ofMinutes(15), 0);
        active.polled(0, 30);
        active.polled(MINUTE, 1); // a member joined after the start
        active.lastChangeKnown(-3 * 24 * 60 * MINUTE);
        active.polled(2 * MINUTE, 0);
        assertThat(active.delay()).isEqualTo(Duration.ofMinutes(1));
    }

    /** The age is measured on CODING's clock: a CODING clock 5 hours behind ours changes nothing. */
    @Test
    void theLastChangeIsMeasuredOnCodingsClockWhateverTheSkew() {
        long ourNow = 1_000_000_000_000L;
        long codingNow = ourNow - 5 * 60 * MINUTE;
        long updatedAt = codingNow - 90 * MINUTE;
        assertThat(IdlePollSchedule.lastChangeAt(updatedAt, codingNow, ourNow)).isEqualTo(ourNow - 90 * MINUTE);
        assertThat(IdlePollSchedule.lastChangeAt(codingNow + 2_000, codingNow, ourNow))
                .as("an UpdatedAt a little after the Date header (its whole seconds): now, never the future")
                .isEqualTo(ourNow);
    }
}
