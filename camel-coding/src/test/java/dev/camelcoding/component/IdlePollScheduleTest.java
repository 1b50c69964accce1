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
}
