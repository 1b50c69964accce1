package dev.camelcoding.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Snapshots (the monitoring page's figures and their JSON) taken only while someone watches. A viewer's request marks
 * the time; the sampler's {@link #tick}, once a second, takes a new snapshot only when a viewer asked within the watch
 * window, so an open page or a poller always finds figures a second old, and a sync nobody watches reads nothing for
 * the page. A request that finds no snapshot young enough (nobody watched for a while) gets a fresh one, taken on the
 * executor (the sampler's one thread: never on the caller's, which may be the HTTP server's event loop) and shared
 * by every request waiting meanwhile. The snapshot work runs on that one thread only, one at a time.
 *
 * @param <T> what a snapshot holds
 */
final class WatchedSnapshots<T> {

    /** A snapshot and when it was taken (clock millis). */
    private record Taken<T>(T value, long atMillis) {}

    private final Supplier<T> take;
    private final Executor executor;
    private final LongSupplier clockMillis;
    private final long watchMillis;
    private final long maxAgeMillis;

    private volatile Taken<T> last;
    private static final long NEVER = Long.MIN_VALUE;

    private volatile long lastViewerMillis = NEVER;
    /** Why the last attempt failed; null when it worked. */
    private volatile String lastFailure;

    private final AtomicLong taken = new AtomicLong();
    /** The fresh snapshot under way for requests that found none young enough; null when none is (guarded by this). */
    private CompletableFuture<T> pending;

    /**
     * @param take         takes a snapshot (a RuntimeException: it failed, the last one stays)
     * @param executor     where snapshots are taken: one thread, the one that calls {@link #tick}
     * @param clockMillis  the clock
     * @param watchMillis  how long after a viewer's request the ticks go on taking snapshots
     * @param maxAgeMillis the oldest snapshot a request is answered with without waiting for a fresh one
     */
    WatchedSnapshots(
            Supplier<T> take, Executor executor, LongSupplier clockMillis, long watchMillis, long maxAgeMillis) {
        this.take = take;
        this.executor = executor;
        this.clockMillis = clockMillis;
        this.watchMillis = watchMillis;
        this.maxAgeMillis = maxAgeMillis;
    }

    /** On the executor's thread, once a second: a new snapshot if a viewer asked within the watch window. */
    void tick() {
        long viewer = lastViewerMillis;
        if (viewer != NEVER && clockMillis.getAsLong() - viewer <= watchMillis) {
            takeNow();
        }
    }

    /**
     * A viewer's request (it keeps the ticks taking snapshots): the last snapshot when young enough, else a fresh one
     * once taken. Completes with null when none could be taken yet ({@link #lastFailure} says why).
     */
    CompletableFuture<T> forViewer() {
        lastViewerMillis = clockMillis.getAsLong();
        return current();
    }

    /**
     * A one-off reader's (a metrics scrape, on a thread that may wait): the last snapshot when young enough, else a
     * fresh one, waited for up to {@code timeoutMillis}; it does not keep the ticks going. Null when none could be
     * taken.
     */
    T forReader(long timeoutMillis) {
        try {
            return current().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException late) {
            // the last one, however old, rather than none
        }
        Taken<T> known = last;
        return known == null ? null : known.value();
    }

    private CompletableFuture<T> current() {
        Taken<T> known = last;
        if (known != null && clockMillis.getAsLong() - known.atMillis() <= maxAgeMillis) {
            return CompletableFuture.completedFuture(known.value());
        }
        return fresh();
    }

    private synchronized CompletableFuture<T> fresh() {
        if (pending != null) {
            return pending;
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        pending = future;
        try {
            executor.execute(() -> {
                T value = null;
                try {
                    value = takeNow();
                } finally {
                    synchronized (this) {
                        pending = null;
                    }
                    future.complete(value);
                }
            });
        } catch (RejectedExecutionException stopped) {
            pending = null;
            Taken<T> known = last;
            future.complete(known == null ? null : known.value());
        }
        return future;
    }

    /** Takes a snapshot now (on the executor's thread); a failure keeps the last one. Answers the last one. */
    private T takeNow() {
        try {
            T value = take.get();
            last = new Taken<>(value, clockMillis.getAsLong());
            taken.incrementAndGet();
            lastFailure = null;
        } catch (RuntimeException e) {
            lastFailure = SyncApplication.rootMessage(e);
        }
        Taken<T> known = last;
        return known == null ? null : known.value();
    }

    /** The last snapshot, however old (null before the first). */
    T last() {
        Taken<T> known = last;
        return known == null ? null : known.value();
    }

    /** Why the last attempt to take a snapshot failed; null when it worked. */
    String lastFailure() {
        return lastFailure;
    }

    /** How many snapshots were taken so far. */
    long taken() {
        return taken.get();
    }
}
