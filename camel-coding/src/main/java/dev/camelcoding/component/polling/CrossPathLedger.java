package dev.camelcoding.component.polling;

import java.util.HashMap;
import java.util.Map;

/**
 * In hybrid mode, what the webhook path has already delivered, so the backstop poll does not emit it again.
 *
 * <p>Issues are matched on (code, UpdatedAt): each path claims a version before emitting it, and skips a version
 * the other path has claimed.
 * Listed tables (iterations, members) and comments are matched on content: the webhook path leaves the hash of the
 * row it emitted here, and the next poll folds it into its stored state before comparing, so an unchanged row is
 * not reported twice. The ledger is in memory: with a change log, a process that becomes the source's reader claims
 * again the issue versions deliveries logged lately ({@code WebhookClaims}), so after a kill or a change of reader
 * the backstop logs no issue version twice; without a log, or for the other tables, the backstop may repeat a change
 * once after a restart, which the events' dedup key lets sinks drop.
 */
public final class CrossPathLedger {

    private final Map<Long, Long> issues = new HashMap<>();
    private final Map<String, String> rows = new HashMap<>();
    private final Map<Long, Map<String, String>> comments = new HashMap<>();

    /**
     * Claims the delivery of an issue version for the caller's path: false when the other path already delivered
     * this version or a newer one (then the caller must not emit it). Both paths claim before they emit, so a change
     * seen by both at once is emitted once. A path whose delivery then fails gives the claim back with
     * {@link #releaseIssue}.
     *
     * @return the previous claim (0 when none) wrapped as a positive token, or -1 when the version is already taken
     */
    public synchronized long claimIssue(long code, long updatedAt) {
        Long delivered = issues.get(code);
        if (delivered != null && delivered >= updatedAt) {
            return -1;
        }
        issues.put(code, updatedAt);
        return delivered == null ? 0 : delivered;
    }

    /** Gives back a claim whose delivery failed, restoring the claim it replaced ({@code previous}, 0 for none). */
    public synchronized void releaseIssue(long code, long updatedAt, long previous) {
        if (issues.getOrDefault(code, -1L) == updatedAt) {
            if (previous == 0) {
                issues.remove(code);
            } else {
                issues.put(code, previous);
            }
        }
    }

    private final java.util.Set<Long> deletedIssues = new java.util.HashSet<>();

    /** An issue the webhook path reported deleted (ISSUE_DELETED): the census need not report it again. */
    public synchronized void issueDeleted(long code) {
        deletedIssues.add(code);
    }

    /** Whether the webhook path already reported this issue deleted; forgets it either way. */
    synchronized boolean takeIssueDeleted(long code) {
        return deletedIssues.remove(code);
    }

    /** Forgets issue entries older than {@code floor}: the poll's own filter covers them by then. */
    synchronized void pruneIssues(long floor) {
        issues.values().removeIf(updatedAt -> updatedAt < floor);
    }

    /** A listed-table row the webhook emitted (its key as JSON and content hash), or deleted ({@code hash} null). */
    public synchronized void rowDelivered(String key, String hash) {
        rows.put(key, hash);
    }

    synchronized Map<String, String> drainRows() {
        Map<String, String> drained = new HashMap<>(rows);
        rows.clear();
        return drained;
    }

    /** A comment the webhook emitted: its id and version, under its issue. */
    public synchronized void commentDelivered(long issueCode, long commentId, String version) {
        comments.computeIfAbsent(issueCode, k -> new HashMap<>()).put(Long.toString(commentId), version);
    }

    /** The comments of a deleted issue were deleted by the webhook path: what it delivered of them is moot. */
    public synchronized void issueCommentsDeleted(long issueCode) {
        comments.remove(issueCode);
    }

    synchronized Map<String, String> drainComments(long issueCode) {
        Map<String, String> drained = comments.remove(issueCode);
        return drained == null ? Map.of() : drained;
    }
}
