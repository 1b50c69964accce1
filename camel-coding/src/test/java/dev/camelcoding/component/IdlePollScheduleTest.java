package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idle schedule on a clock of the test's: minutes as numbers, no waiting. */
class IdlePollScheduleTest {

    private static final long MINUTE = 60_000;

    private static final long HOUR = 60 * MINUTE;

    /**
     * The delay grows with the quiet since the last change, one base delay per idleAfter (with the defaults 1 minute
     * per hour), between the base delay and the cap; the doubling after a step at idleAfter that it replaces reached the
     * cap 75 minutes after the change (issue 19).
     */
    @Test
    void theDelayGrowsInProportionToTheQuietUpToTheCapAndIsTheBaseAgainOnAChange() {
        IdlePollSchedule schedule = defaults(0);
        int[] pollsPerHour = new int[20];
        long t = 0;
        for (; t < 20 * HOUR; t += MINUTE) {
            if (schedule.due(t)) {
                schedule.polled(t, 0);
                pollsPerHour[(int) (t / HOUR)]++;
                long expected = Math.min(15 * MINUTE, Math.max(MINUTE, t / 60));
                assertThat(schedule.delay().toMillis())
                        .as("the delay after %d minutes of quiet", t / MINUTE)
                        .isEqualTo(expected);
            }
        }
        assertThat(pollsPerHour[0])
                .as("the first hour after a change: every minute")
                .isEqualTo(60);
        assertThat(pollsPerHour[2])
                .as("quiet for 2 to 3 hours: every 2 to 3 minutes")
                .isBetween(20, 30);
        assertThat(pollsPerHour[16])
                .as("quiet for 16 hours: once per maxIdleDelay, the idle cost of a long-idle table as before")
                .isEqualTo(4);

        while (!schedule.due(t)) {
            t += MINUTE;
        }
        schedule.polled(t, 3);
        assertThat(schedule.delay()).as("a poll that finds a change").isEqualTo(Duration.ofMinutes(1));
        assertThat(schedule.due(t + MINUTE)).isTrue();
    }

    /**
     * Issue 19: an active project's edit after a gap a little longer than idleAfter (an hour and a half; about 1 in 100
     * of the gaps at one edit every 20 minutes on average) is found within 2 minutes. Before, the table had backed off
     * at the hour (2, 4, 8, 15 minutes) and found it 14 minutes late.
     */
    @Test
    void anEditAfterAQuietHourAndAHalfIsFoundWithinTwoMinutes() {
        IdlePollSchedule schedule = defaults(0);
        long edit = 90 * MINUTE;
        long t = 0;
        for (; t < edit; t += MINUTE) {
            if (schedule.due(t)) {
                schedule.polled(t, 0);
            }
        }
        while (!schedule.due(t)) {
            t += MINUTE;
        }
        assertThat(t - edit).as("the first poll after the edit").isLessThanOrEqualTo(2 * MINUTE);
    }

    /** The defaults: a 1-minute delay, idleBackoffAfter 1 h, maxIdleDelay 15 min; the last change at {@code t}. */
    private static IdlePollSchedule defaults(long t) {
        return new IdlePollSchedule(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(15), t);
    }

    @Test
    void aWebhookDeliveryBringsTheBaseDelayBackFromTheLastPoll() {
        // a source quiet for days: at the cap after a few idle polls (the proportional rule's delay for that
        // quiet)
        IdlePollSchedule schedule = defaults(0);
        schedule.lastChangeKnown(-3 * 24 * HOUR);
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
        // and the table counts as active again: quiet for minutes since the delivery, so the base delay
        schedule.polled(lastPoll + 5 * MINUTE, 0);
        assertThat(schedule.delay()).isEqualTo(Duration.ofMinutes(1));
        long delivery = lastPoll + 5 * MINUTE;
        for (long t2 = delivery + MINUTE; t2 <= delivery + 3 * HOUR; t2 += MINUTE) {
            if (schedule.due(t2)) {
                schedule.polled(t2, 0);
            }
        }
        assertThat(schedule.delay())
                .as("about three quiet hours after the delivery: about 3 minutes, not the 15 of before it")
                .isBetween(Duration.ofMinutes(2), Duration.ofMinutes(3));
    }

    /** idleBackoffAfter 0: no proportion to keep, the delay doubles from the first idle poll on, up to the cap. */
    @Test
    void noIdleAfterMeansDoublingFromTheFirstIdlePoll() {
        IdlePollSchedule schedule =
                new IdlePollSchedule(Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(15), 0);
        schedule.polled(0, 5);
        assertThat(schedule.delay()).isEqualTo(Duration.ofMinutes(1));
        StringBuilder delays = new StringBuilder();
        for (long t = MINUTE; t < 40 * MINUTE; t += MINUTE) {
            if (schedule.due(t)) {
                schedule.polled(t, 0);
                delays.append(schedule.delay().toMinutes()).append(' ');
            }
        }
        assertThat(delays.toString().trim()).startsWith("2 4 8 15");
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
        // quiet for three days: the cap, stepped up to (each delay at most twice the last), not jumped to, so that a
        // change made right after a restart is found soon when the base delay is short (CodingMetricsTest restarts a
        // route with a 100 ms delay and edits at once: a 15-minute first delay would miss its 30 s)
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
        schedule.polled(70 * MINUTE, 0);
        assertThat(schedule.delay())
                .as("120 minutes since CODING's last change, not 70 since the start: 2 minutes (1 a quiet hour)")
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
        assertThat(late.delay())
                .as("quiet for three days: stepping up to the cap")
                .isEqualTo(Duration.ofMinutes(2));

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
