package dev.camelcoding.component.changelog;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the log consumers of a source in this process the moment an append to it has committed, so a change reaches
 * the route at once instead of at the consumer's next read ({@code logReadInterval}). One per {@link LogStorage}: the
 * storage signals after every append made through it. Appends made by another process sharing the log are not
 * signalled here; a consumer still looks every {@code logReadInterval} for those.
 *
 * <p>Each source has a generation that every append moves on. A consumer takes the generation before it reads and
 * waits only while it is unchanged, so an append that commits between the read and the wait is never missed.
 */
public final class AppendSignals {

    private final Map<SourceId, Generation> sources = new ConcurrentHashMap<>();

    /** The source's generation now: take it before reading the log, then {@link #awaitAppend} with it. */
    public long generation(SourceId source) {
        return of(source).current();
    }

    /** An append to {@code source} committed (or a consumer is stopping and must stop waiting): wake its waiters. */
    public void signal(SourceId source) {
        of(source).advance();
    }

    /**
     * Waits until the source's generation differs from {@code seen} or {@code timeout} passed; answers whether it
     * moved. An interrupt ends the wait early (and stays set on the thread).
     */
    public boolean awaitAppend(SourceId source, long seen, Duration timeout) {
        return of(source).awaitAfter(seen, timeout.toNanos());
    }

    private Generation of(SourceId source) {
        return sources.computeIfAbsent(source, s -> new Generation());
    }

    /** A counter with a monitor: small enough that a wait/notify pair is the clearest way to say it. */
    private static final class Generation {
        private long value;

        synchronized long current() {
            return value;
        }

        synchronized void advance() {
            value++;
            notifyAll();
        }

        synchronized boolean awaitAfter(long seen, long timeoutNanos) {
            long deadline = System.nanoTime() + timeoutNanos;
            while (value == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
}
