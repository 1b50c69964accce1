package dev.camelcoding.component.polling;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * How many things happened per minute over the last {@link #WINDOW}: the current pace of a piece of work, not its
 * average since start (which falls towards 0 while the work goes on at full speed after an idle start, and hides a
 * slow-down for hours). Not thread-safe: one poller's thread records and reads it.
 */
final class RecentRate {

    static final Duration WINDOW = Duration.ofMinutes(1);

    /** When each recorded thing happened (epoch ms), oldest first, within the window. */
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    private long firstAt = -1;

    void record(long now) {
        if (firstAt < 0) {
            firstAt = now;
        }
        times.addLast(now);
        expire(now);
    }

    /**
     * Per minute over the window, or over the time since the first record while that is shorter (at least a second,
     * so a first record is not an infinite rate); 0 when nothing happened within the window.
     */
    double perMinute(long now) {
        expire(now);
        if (times.isEmpty()) {
            return 0;
        }
        long span = Math.min(WINDOW.toMillis(), Math.max(1_000, now - firstAt));
        return times.size() * 60_000d / span;
    }

    private void expire(long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - WINDOW.toMillis()) {
            times.removeFirst();
        }
    }
}
