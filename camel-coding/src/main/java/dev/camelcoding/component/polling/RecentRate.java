package dev.camelcoding.component.polling;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * How many things happened per minute over the last {@link #WINDOW}: the current pace of a piece of work, not its
 * average since start (which falls towards 0 while the work goes on at full speed after an idle start, and hides a
 * slow-down for hours). Not thread-safe: one poller's thread records and reads it.
 */
final class RecentRate {

    static final Duration MINUTE = Duration.ofMinutes(1);

    private final long windowMillis;
    private final long warmUpMillis;
    /** When each recorded thing happened (epoch ms), oldest first, within the window. */
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    private long firstAt = -1;

    /**
     * @param window the span the pace is taken over
     * @param warmUp how long after the first record the pace counts as measured (before, {@link #perMinute} is 0): a
     *               few seconds where the work is spread evenly, a whole window where it comes in bursts (one per poll)
     */
    RecentRate(Duration window, Duration warmUp) {
        this.windowMillis = window.toMillis();
        this.warmUpMillis = warmUp.toMillis();
    }

    void record(long now) {
        if (firstAt < 0) {
            firstAt = now;
        }
        times.addLast(now);
        expire(now);
    }

    /**
     * Per minute over the window, or over the time since the first record while that is shorter; 0 when nothing
     * happened within the window, or while the pace is not measured yet (see the constructor).
     */
    double perMinute(long now) {
        expire(now);
        if (times.isEmpty() || firstAt < 0 || now - firstAt < warmUpMillis) {
            return 0;
        }
        long span = Math.min(windowMillis, Math.max(1_000, now - firstAt));
        return times.size() * 60_000d / span;
    }

    private void expire(long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.removeFirst();
        }
    }
}
