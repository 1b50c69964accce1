package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The monitoring page's figures are taken only while someone watches: no snapshot without a viewer, one a tick while
 * one asked within the watch window, none once the window has passed; a viewer finding none young enough gets a fresh
 * one, shared with every request waiting meanwhile. A fake clock and an executor the test runs by hand.
 */
class WatchedSnapshotsTest {

    private static final long WATCH = 5_000;
    private static final long MAX_AGE = 2_000;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicInteger takes = new AtomicInteger();
    private final Queue<Runnable> queued = new ArrayDeque<>();
    private RuntimeException failNext;

    private final WatchedSnapshots<String> snapshots =
            new WatchedSnapshots<>(this::take, queued::add, clock::get, WATCH, MAX_AGE);

    private String take() {
        if (failNext != null) {
            RuntimeException failure = failNext;
            failNext = null;
            throw failure;
        }
        return "snapshot " + takes.incrementAndGet();
    }

    /** The sampler's thread: what was queued, then its tick; the clock moves a second. */
    private void second() {
        runQueued();
        snapshots.tick();
        clock.addAndGet(1_000);
    }

    private void runQueued() {
        for (Runnable r = queued.poll(); r != null; r = queued.poll()) {
            r.run();
        }
    }

    @Test
    void nothingIsTakenWhileNobodyWatches() {
        for (int i = 0; i < 30; i++) {
            second();
        }
        assertThat(takes).hasValue(0);
        assertThat(snapshots.taken()).isZero();
    }

    @Test
    void aViewerGetsAFreshSnapshotThenOneATickUntilTheWatchWindowHasPassed() {
        for (int i = 0; i < 10; i++) {
            second();
        }
        CompletableFuture<String> first = snapshots.forViewer();
        assertThat(first).isNotDone(); // none yet: taken on the sampler's thread, not the caller's
        runQueued();
        assertThat(first).isCompletedWithValue("snapshot 1");

        // watched: the ticks within the window take one each
        for (int i = 0; i < 5; i++) {
            second();
        }
        assertThat(takes).hasValue(6);
        // a viewer now gets the last one, a second old, at once
        assertThat(snapshots.forViewer()).isCompletedWithValue("snapshot 6");
        clock.addAndGet(WATCH + 1);
        for (int i = 0; i < 20; i++) {
            second();
        }
        assertThat(takes).as("nobody asked for more than the watch window").hasValue(6);
        assertThat(snapshots.taken()).isEqualTo(6);
    }

    @Test
    void requestsFindingNoYoungSnapshotShareOneFreshOne() {
        CompletableFuture<String> a = snapshots.forViewer();
        CompletableFuture<String> b = snapshots.forViewer();
        assertThat(b).isSameAs(a);
        runQueued();
        assertThat(a).isCompletedWithValue("snapshot 1");
        assertThat(takes).hasValue(1);

        clock.addAndGet(MAX_AGE + 1); // too old, and no tick took one since
        CompletableFuture<String> c = snapshots.forViewer();
        runQueued();
        assertThat(c).isCompletedWithValue("snapshot 2");
    }

    @Test
    void aFailedSnapshotKeepsTheLastOneAndSaysWhy() {
        failNext = new IllegalStateException("the store is closing");
        CompletableFuture<String> none = snapshots.forViewer();
        runQueued();
        assertThat(none).isCompletedWithValue(null);
        assertThat(snapshots.lastFailure()).contains("the store is closing");

        second(); // watched: the tick takes one
        assertThat(snapshots.last()).isEqualTo("snapshot 1");
        assertThat(snapshots.lastFailure()).isNull();
        failNext = new IllegalStateException("the store is closing");
        clock.addAndGet(MAX_AGE + 1);
        CompletableFuture<String> kept = snapshots.forViewer();
        runQueued();
        assertThat(kept).isCompletedWithValue("snapshot 1");
        assertThat(snapshots.lastFailure()).contains("the store is closing");
    }

    @Test
    void aReaderGetsAFreshSnapshotWithoutKeepingTheTicksGoing() {
        WatchedSnapshots<String> inline = new WatchedSnapshots<>(this::take, Runnable::run, clock::get, WATCH, MAX_AGE);
        assertThat(inline.forReader(1_000)).isEqualTo("snapshot 1");
        assertThat(inline.forReader(1_000)).as("young enough").isEqualTo("snapshot 1");
        inline.tick();
        clock.addAndGet(1_000);
        inline.tick();
        assertThat(takes).as("a scrape is no viewer: the ticks take none").hasValue(1);
    }
}
