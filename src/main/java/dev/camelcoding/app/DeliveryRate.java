package dev.camelcoding.app;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Deliveries per second over the last minute: the current pace of a table's sync, not its average since start (which
 * falls towards 0 while the work goes on, and hides a slow-down for hours). One slot a second, reused a minute later;
 * thread-safe (Camel's threads record, the progress loop reads).
 */
final class DeliveryRate {

    static final int WINDOW_SECONDS = 60;

    private final LongSupplier nanoClock;
    private final long startNanos;
    /** Deliveries per second slot, and the second (since start) each slot was last written for. */
    private final AtomicLongArray counts = new AtomicLongArray(WINDOW_SECONDS);

    private final AtomicLongArray seconds = new AtomicLongArray(WINDOW_SECONDS);

    DeliveryRate(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            seconds.set(i, -1);
        }
    }

    void record(long deliveries) {
        long second = second();
        int slot = (int) (second % WINDOW_SECONDS);
        synchronized (this) {
            if (seconds.get(slot) != second) {
                seconds.set(slot, second);
                counts.set(slot, 0);
            }
            counts.addAndGet(slot, deliveries);
        }
    }

    /**
     * Per second over the last minute, or since the start while that is shorter (the current second counts in part,
     * at least one second, so a first delivery is not an infinite rate).
     */
    synchronized double perSecond() {
        long now = second();
        long sum = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            long at = seconds.get(i);
            if (at >= 0 && at > now - WINDOW_SECONDS) {
                sum += counts.get(i);
            }
        }
        double elapsed = Math.max(1, (nanoClock.getAsLong() - startNanos) / 1e9);
        return sum / Math.min(WINDOW_SECONDS, elapsed);
    }

    private long second() {
        return TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong() - startNanos);
    }
}
