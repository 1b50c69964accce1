package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The current pace: over the last minute, not since the start; 0 once nothing happened for a minute. */
class RecentRateTest {

    @Test
    void thePaceIsTheLastMinutes() {
        RecentRate rate = new RecentRate(RecentRate.MINUTE, java.time.Duration.ofSeconds(3));
        long t = 0;
        // 10 a second for 2 minutes, then 1 a second for a minute
        for (int i = 0; i < 1_200; i++) {
            rate.record(t += 100);
        }
        assertThat(rate.perMinute(t)).isEqualTo(600);
        for (int i = 0; i < 60; i++) {
            rate.record(t += 1_000);
        }
        assertThat(rate.perMinute(t)).isEqualTo(60);
        assertThat(rate.perMinute(t + 61_000)).isZero();
    }

    @Test
    void aBurstIsNoPaceBeforeTheWarmUp() {
        RecentRate rate = new RecentRate(java.time.Duration.ofMinutes(2), java.time.Duration.ofMinutes(2));
        for (int i = 0; i < 10; i++) {
            rate.record(1_000);
        }
        assertThat(rate.perMinute(1_000)).isZero();
        for (int i = 0; i < 10; i++) {
            rate.record(61_000);
        }
        for (int i = 0; i < 10; i++) {
            rate.record(121_000);
        }
        // a burst of 10 every minute: 10 a minute over the last two, not 10 in the instant of a burst
        assertThat(rate.perMinute(121_000)).isEqualTo(10);
    }
}
