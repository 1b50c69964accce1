package dev.camelcoding.app;

/**
 * Counts per time slot (a minute, a second) over the last {@code slots} slots, in a fixed array: a slot is reused when
 * its time comes round again, so memory stays the same however long the process runs (the page's events per minute
 * over the last hour: 60 slots of a minute).
 */
final class CountRing {

    private final long[] counts;
    /** The slot number (minutes or seconds since the epoch) each entry counts; -1 for none yet. */
    private final long[] slotOf;

    CountRing(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("a ring needs at least one slot, got " + slots);
        }
        counts = new long[slots];
        slotOf = new long[slots];
        java.util.Arrays.fill(slotOf, -1);
    }

    /** Adds {@code n} to slot {@code slot} (a later slot than any kept replaces the oldest). */
    synchronized void add(long slot, long n) {
        int i = (int) Math.floorMod(slot, (long) counts.length);
        if (slotOf[i] != slot) {
            if (slotOf[i] > slot) {
                return; // older than what the ring keeps
            }
            slotOf[i] = slot;
            counts[i] = 0;
        }
        counts[i] += n;
    }

    /** The counts of the slots up to {@code current}, oldest first, one per slot the ring keeps (0 for none). */
    synchronized long[] upTo(long current) {
        long[] series = new long[counts.length];
        for (int k = 0; k < counts.length; k++) {
            long slot = current - counts.length + 1 + k;
            int i = (int) Math.floorMod(slot, (long) counts.length);
            series[k] = slotOf[i] == slot ? counts[i] : 0;
        }
        return series;
    }

    /** The sum of the slots up to {@code current} the ring keeps. */
    long sumUpTo(long current) {
        long sum = 0;
        for (long n : upTo(current)) {
            sum += n;
        }
        return sum;
    }
}
