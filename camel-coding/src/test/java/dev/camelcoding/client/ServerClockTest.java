package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** CODING's clock read from the HTTP Date header (RFC 9110 section 5.6.7, IMF-fixdate). */
class ServerClockTest {

    /** RFC 9110's own example date, "Sun, 06 Nov 1994 08:49:37 GMT", is 784111777 seconds after the epoch. */
    private static final String RFC_EXAMPLE = "Sun, 06 Nov 1994 08:49:37 GMT";

    private static final long RFC_EXAMPLE_MILLIS = 784_111_777_000L;

    @Test
    void theDateHeaderGivesTheSkewAndCodingsTimeAsOurClockMoves() {
        AtomicLong ours = new AtomicLong(RFC_EXAMPLE_MILLIS + 3_600_000L); // our clock one hour ahead of CODING's
        ServerClock clock = new ServerClock(ours::get);
        assertThat(clock.skewMillis()).isEmpty();
        assertThat(clock.estimatedNow()).isEmpty();

        clock.observe(RFC_EXAMPLE);
        assertThat(clock.skewMillis()).hasValue(-3_600_000L);
        ours.addAndGet(5_000);
        assertThat(clock.estimatedNow()).hasValue(RFC_EXAMPLE_MILLIS + 5_000);
    }

    @Test
    void aMissingOrMalformedHeaderKeepsTheLastReading() {
        AtomicLong ours = new AtomicLong(RFC_EXAMPLE_MILLIS);
        ServerClock clock = new ServerClock(ours::get);
        clock.observe(null);
        clock.observe("yesterday");
        assertThat(clock.skewMillis()).isEmpty();
        clock.observe(RFC_EXAMPLE);
        clock.observe("Sunday, 06-Nov-94 08:49:37");
        assertThat(clock.skewMillis()).hasValue(0L);
    }
}
