package dev.camelcoding.client;

import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The calls one credential may make at one CODING host: permits spaced evenly, one every {@code 1/rate} seconds (no
 * bursts, to stay gentle), handed to the waiting call of the highest {@link CallPriority} first. A comment rescan
 * that waits therefore never delays a webhook refetch or the issues poll: when a permit falls due, a waiting call of
 * a lower priority lets it go to the higher one.
 *
 * <p>Within a priority, permits take turns between the sources (a team and project, named by each client's
 * {@linkplain Lease lease}): the source served least recently goes first (see {@link WaitingCalls}), so a small
 * project's backfill interleaves with a large one's instead of queuing behind it.
 *
 * <p>The rate in force is the lowest rate among the open {@linkplain Lease leases}, so a client that asked for less
 * slows every client of the credential, and the rate rises again when it closes.
 */
public final class CredentialLimiter {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final WaitingCalls waiting = new WaitingCalls();
    /** System.nanoTime, or a test's clock. */
    private final LongSupplier nanoClock;
    /** Rates asked for by the open leases, with how many leases asked for each; guarded by lock. */
    private final TreeMap<Double, Integer> requested = new TreeMap<>();

    private long intervalNanos = -1;
    private long nextPermitNanos;
    private long lastGrantNanos;
    private final long[] granted = new long[CallPriority.values().length];

    CredentialLimiter() {
        this(System::nanoTime);
    }

    /** A limiter on {@code nanoClock} (tests: a clock they move by hand). */
    CredentialLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.nextPermitNanos = nanoClock.getAsLong();
        this.lastGrantNanos = nextPermitNanos - 1_000_000_000L;
    }

    /**
     * A limiter on a simulated clock (a benchmark's, in nanoseconds): whoever moves the clock calls
     * {@link #clockMoved()} so that the waiting calls look at it again at once instead of sleeping out the simulated
     * wait in real time. The order in which permits go is the real limiter's: only the clock is simulated.
     */
    public static CredentialLimiter onClock(LongSupplier nanoClock) {
        return new CredentialLimiter(nanoClock);
    }

    /** A client's share of the limiter, for one source; closing it gives its rate request back. */
    public final class Lease implements AutoCloseable {
        private final double rate;
        private final String source;
        private boolean closed;

        private Lease(double rate, String source) {
            this.rate = rate;
            this.source = source == null ? "" : source;
        }

        /** Waits for a permit at {@code priority}, in this lease's source's turn; false when none came in {@code maxWait}. */
        public boolean acquire(CallPriority priority, Duration maxWait) throws InterruptedException {
            return CredentialLimiter.this.acquire(priority, source, maxWait);
        }

        /** The source whose turn this lease's calls wait for ("" when the client named none). */
        public String source() {
            return source;
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
        return lease(requestsPerSecond, "");
    }

    /** A lease whose calls take their turns as {@code source} (a team and project). */
    Lease lease(double requestsPerSecond, String source) {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException(
                    "rateLimit must be above 0 requests per second, got " + requestsPerSecond);
        }
        lock.lock();
        try {
            requested.merge(requestsPerSecond, 1, Integer::sum);
            adjust();
            return new Lease(requestsPerSecond, source);
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
            return waiting.waiting(priority);
        } finally {
            lock.unlock();
        }
    }

    /** Calls waiting for a permit now, at any priority (a simulated clock's driver: are all its callers waiting?). */
    public int waitingCalls() {
        lock.lock();
        try {
            int n = 0;
            for (CallPriority priority : CallPriority.values()) {
                n += waiting.waiting(priority);
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** When the next permit falls due, on this limiter's clock (nanoseconds). */
    public long nextPermitNanos() {
        lock.lock();
        try {
            return nextPermitNanos;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A simulated clock moved (see {@link #onClock}): the waiting calls look at it again now. On the system clock
     * this is never needed (a waiting call wakes when its permit falls due) and harmless.
     */
    public void clockMoved() {
        lock.lock();
        try {
            changed.signalAll();
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

    private boolean acquire(CallPriority priority, String source, Duration maxWait) throws InterruptedException {
        long deadline = nanoClock.getAsLong() + maxWait.toNanos();
        lock.lockInterruptibly();
        try {
            WaitingCalls.Ticket ticket = waiting.add(priority, source);
            boolean permitted = false;
            try {
                while (true) {
                    long now = nanoClock.getAsLong();
                    long until;
                    if (waiting.next() != ticket) {
                        // a higher priority, or a source whose turn comes first: woken when that call took its permit
                        until = deadline;
                    } else if (now - nextPermitNanos >= 0) {
                        // spaced evenly: an idle limiter grants now, but never a burst to make up for idle time
                        nextPermitNanos = now + intervalNanos;
                        lastGrantNanos = now;
                        granted[priority.ordinal()]++;
                        waiting.granted(ticket);
                        permitted = true;
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
                if (!permitted) {
                    waiting.remove(ticket);
                }
                changed.signalAll(); // the next call in turn now waits for the next permit
            }
        } finally {
            lock.unlock();
        }
    }
}
