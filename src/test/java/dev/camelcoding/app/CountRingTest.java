package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The page's per-minute counts keep the last 60 minutes in a fixed array, however long the process runs. */
class CountRingTest {

    @Test
    void keepsTheLastSlotsOnlyOldestFirst() {
        CountRing ring = new CountRing(60);
        // two hours of minutes, minute m counting m events
        for (long minute = 1_000; minute < 1_120; minute++) {
            ring.add(minute, minute);
            ring.add(minute, 1);
        }
        long[] lastHour = ring.upTo(1_119);
        assertThat(lastHour).hasSize(60);
        assertThat(lastHour[0]).isEqualTo(1_060 + 1);
        assertThat(lastHour[59]).isEqualTo(1_119 + 1);
        // a quiet stretch: the minutes without events are 0, the old counts are not shown again
        long[] later = ring.upTo(1_150);
        assertThat(later[59]).isZero();
        assertThat(later[60 - 1 - 31]).isEqualTo(1_119 + 1);
        assertThat(ring.sumUpTo(1_300)).isZero();
        // a count for a slot older than the ring keeps is dropped, not written over a newer one
        ring.add(1_000, 5);
        assertThat(ring.upTo(1_119)[59]).isEqualTo(1_119 + 1);
    }
}
