package dev.camelcoding.component.polling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The issues one source's issues poller lists, handed to the comments poller of the same source so the comments table
 * makes no list call of its own: CODING has no comment listing, so the comments table needs every issue, and the
 * issues table already pages through them. Service Hook deliveries (issue changes, deletes, new comments) are handed
 * over the same way.
 *
 * <p>In memory, owned by the {@code coding:} component (one per source and filters). A touch published while the
 * comments poller has not taken it yet is lost in a crash; the comments poller makes up for that after each start
 * with one listing by UpdatedAt (newest first) down to the newest change it had recorded, and a deleted issue whose
 * touch was lost is found when its comments are next read (CODING answers ResourceNotFound). A crash in the issues
 * snapshot loses the touches of the pages the issues reader had committed but the comments poller had not saved yet:
 * the comments poller finds those issues in the issues reader's committed key set
 * ({@link #snapshotCodesListedBeforeRestart}), with no call to CODING, rather than listing every issue again.
 */
public final class IssueFeed {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition polled = lock.newCondition();
    private final List<IssueTouch> pending = new ArrayList<>();
    private int publishers;
    private int subscribers;
    private boolean issuesIncremental;
    private long issuesPolls;
    /**
     * The state of the issues poller publishing here when it was attached in the middle of its snapshot (a restart);
     * null otherwise. Its reader's key set commits with each page, so it holds every issue listed before the restart.
     */
    private volatile StateStore resumedSnapshot;

    /**
     * An issues poller on this source started, keeping its reader's state in {@code issuesState} (null: unknown): it
     * publishes every issue it lists.
     */
    void attachPublisher(StateStore issuesState) {
        boolean resumes = issuesState != null && inSnapshot(issuesState);
        lock.lock();
        try {
            publishers++;
            resumedSnapshot = resumes ? issuesState : null;
        } finally {
            lock.unlock();
        }
    }

    private static boolean inSnapshot(StateStore issuesState) {
        try {
            return issuesState
                    .read(IssueReaderState.ISSUES, IssueReaderState.class)
                    .filter(saved -> saved.phase() == ReaderPhase.SNAPSHOT)
                    .isPresent();
        } catch (UnreadableStateException unreadable) {
            return false; // the issues reader refuses it itself, with the key to remove
        }
    }

    /**
     * When the issues poller resumes a snapshot a restart interrupted: the issue codes its reader committed as listed
     * before, read from its state (not its memory), which it will not list again. Empty otherwise: an issues reader
     * past its snapshot (a comments table added later) has every code but not their UpdatedAt, which the comments
     * backfill's order needs from a listing.
     */
    java.util.Optional<KnownCodes> snapshotCodesListedBeforeRestart() {
        StateStore state = resumedSnapshot;
        return state == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(KnownCodes.of(state, IssueReaderState.ISSUES));
    }

    void detachPublisher() {
        lock.lock();
        try {
            publishers = Math.max(0, publishers - 1);
            polled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether an issues poller of this source runs in this CamelContext (the comments poller then lists nothing). */
    boolean live() {
        lock.lock();
        try {
            return publishers > 0;
        } finally {
            lock.unlock();
        }
    }

    void subscribe() {
        lock.lock();
        try {
            subscribers++;
        } finally {
            lock.unlock();
        }
    }

    void unsubscribe() {
        lock.lock();
        try {
            subscribers = Math.max(0, subscribers - 1);
            if (subscribers == 0) {
                pending.clear();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Hands a touch to the comments poller (kept only while one is subscribed). */
    public void publish(IssueTouch touch) {
        lock.lock();
        try {
            if (subscribers > 0) {
                pending.add(touch);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The issues poller ended a poll; {@code incremental}: its reader has finished its snapshot. */
    void issuesPolled(boolean incremental) {
        lock.lock();
        try {
            issuesIncremental = incremental;
            issuesPolls++;
            polled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the issues poller has finished its snapshot, as its last poll said (false before its first). */
    boolean issuesIncremental() {
        lock.lock();
        try {
            return issuesIncremental;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the issues poller ends its next poll, at most {@code max}; whether it did. */
    boolean awaitIssuesPoll(Duration max) throws InterruptedException {
        lock.lock();
        try {
            long before = issuesPolls;
            long nanos = max.toNanos();
            while (issuesPolls == before && publishers > 0 && nanos > 0) {
                nanos = polled.awaitNanos(nanos);
            }
            return issuesPolls != before;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a comments poller waits in {@link #awaitIssuesPoll} now (for tests that act during the wait). */
    boolean awaitingIssuesPoll() {
        lock.lock();
        try {
            return lock.hasWaiters(polled);
        } finally {
            lock.unlock();
        }
    }

    /** The comments webhook consumer of this source, which deletes a deleted issue's comments at once; or null. */
    private volatile CommentTombstones tombstones;

    /** Registers the comments webhook consumer of this source (see {@link CommentTombstones}). */
    public void attachTombstones(CommentTombstones consumer) {
        tombstones = consumer;
    }

    public void detachTombstones(CommentTombstones consumer) {
        if (tombstones == consumer) {
            tombstones = null;
        }
    }

    /**
     * An issue was deleted (ISSUE_DELETED delivered): its comments are deleted now, by the comments webhook consumer
     * of this source when one runs in this CamelContext (else the comments poller deletes them when it takes the
     * {@link IssueTouch#deleted} touch).
     *
     * @return how many comment tombstones were emitted
     */
    public int deleteComments(long issueCode, String event, String deliveryId) throws Exception {
        CommentTombstones consumer = tombstones;
        return consumer == null ? 0 : consumer.issueDeleted(issueCode, event, deliveryId);
    }

    /** Takes every touch published since the last call, oldest first. */
    List<IssueTouch> drain() {
        lock.lock();
        try {
            List<IssueTouch> taken = List.copyOf(pending);
            pending.clear();
            return taken;
        } finally {
            lock.unlock();
        }
    }
}
