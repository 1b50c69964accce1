package dev.camelcoding.client;

import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The calls one credential may make at one CODING host: permits spaced evenly, one every {@code 1/rate} seconds (no
 * bursts, to stay gentle), handed to the waiting call of the highest {@link CallPriority} first. A comment rescan
 * that waits therefore never delays a webhook refetch or the issues poll: when a permit falls due, a waiting call of
 * a lower priority lets it go to the higher one.
 *
 * <p>The rate in force is the lowest rate among the open {@linkplain Lease leases}, so a client that asked for less
 * slows every client of the credential, and the rate rises again when it closes.
 */
public final class CredentialLimiter {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int[] waiting = new int[CallPriority.values().length];
    /** Rates asked for by the open leases, with how many leases asked for each; guarded by lock. */
    private final TreeMap<Double, Integer> requested = new TreeMap<>();

    private long intervalNanos = -1;
    private long nextPermitNanos = System.nanoTime();
    private long lastGrantNanos = nextPermitNanos - 1_000_000_000L;
    private final long[] granted = new long[CallPriority.values().length];

    /** A client's share of the limiter; closing it gives its rate request back. */
    public final class Lease implements AutoCloseable {
        private final double rate;
        private boolean closed;

        private Lease(double rate) {
            this.rate = rate;
        }

        /** Waits for a permit at {@code priority}; false when none came within {@code maxWait}. */
        public boolean acquire(CallPriority priority, Duration maxWait) throws InterruptedException {
            return CredentialLimiter.this.acquire(priority, maxWait);
        }

        public CredentialLimiter limiter() {
            return CredentialLimiter.this;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!closed) {
                    closed = true;
                    requested.computeIfPresent(rate, (r, n) -> n <= 1 ? null : n - 1);
                    adjust();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    Lease lease(double requestsPerSecond) {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException(
                    "rateLimit must be above 0 requests per second, got " + requestsPerSecond);
        }
        lock.lock();
        try {
            requested.merge(requestsPerSecond, 1, Integer::sum);
            adjust();
            return new Lease(requestsPerSecond);
        } finally {
            lock.unlock();
        }
    }

    /** The rate in force, or 0 when no lease is open. */
    public double rate() {
        lock.lock();
        try {
            return requested.isEmpty() ? 0 : requested.firstKey();
        } finally {
            lock.unlock();
        }
    }

    /** Permits granted so far at {@code priority} (for tests and benchmarks). */
    public long granted(CallPriority priority) {
        lock.lock();
        try {
            return granted[priority.ordinal()];
        } finally {
            lock.unlock();
        }
    }

    /** Calls waiting for a permit at {@code priority} now (for tests). */
    int waiting(CallPriority priority) {
        lock.lock();
        try {
            return waiting[priority.ordinal()];
        } finally {
            lock.unlock();
        }
    }

    private void adjust() {
        if (!requested.isEmpty()) {
            intervalNanos = Math.max(1_000L, Math.round(1_000_000_000d / requested.firstKey()));
            // a faster rate applies to the next permit at once (a slower one from the permit after)
            nextPermitNanos = Math.min(nextPermitNanos, lastGrantNanos + intervalNanos);
        } // else: keep the last interval for calls still in flight
        changed.signalAll();
    }

    private boolean acquire(CallPriority priority, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lockInterruptibly();
        try {
            waiting[priority.ordinal()]++;
            try {
                while (true) {
                    long now = System.nanoTime();
                    long until;
                    if (higherWaiting(priority)) {
                        until = deadline; // woken when the higher call took its permit
                    } else if (now - nextPermitNanos >= 0) {
                        // spaced evenly: an idle limiter grants now, but never a burst to make up for idle time
                        nextPermitNanos = now + intervalNanos;
                        lastGrantNanos = now;
                        granted[priority.ordinal()]++;
                        return true;
                    } else {
                        until = Math.min(deadline, nextPermitNanos);
                    }
                    long wait = until - now;
                    if (deadline - now <= 0) {
                        return false;
                    }
                    changed.awaitNanos(Math.max(wait, TimeUnit.MICROSECONDS.toNanos(50)));
                }
            } finally {
                waiting[priority.ordinal()]--;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean higherWaiting(CallPriority priority) {
        for (int p = 0; p < priority.ordinal(); p++) {
            if (waiting[p] > 0) {
                return true;
            }
        }
        return false;
    }
}
