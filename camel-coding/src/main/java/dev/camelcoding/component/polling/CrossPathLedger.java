package dev.camelcoding.component.polling;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In hybrid mode, what the webhook path has already delivered, so the backstop poll does not emit it again.
 *
 * <p>Issues are matched on (code, UpdatedAt): the poll skips a row whose UpdatedAt a delivery already covered.
 * Listed tables (iterations, members) and comments are matched on content: the webhook path leaves the hash of the
 * row it emitted here, and the next poll folds it into its stored state before comparing, so an unchanged row is
 * not reported twice. The ledger is in memory: after a restart the backstop may repeat a change once, which the
 * events' dedup key lets sinks drop.
 */
public final class CrossPathLedger {

    private final Map<Long, Long> issues = new ConcurrentHashMap<>();
    private final Map<String, String> rows = new HashMap<>();
    private final Map<Long, Map<String, String>> comments = new HashMap<>();

    public void issueDelivered(long code, long updatedAt) {
        issues.merge(code, updatedAt, Math::max);
    }

    boolean issueCovered(long code, long updatedAt) {
        Long delivered = issues.get(code);
        return delivered != null && delivered >= updatedAt;
    }

    /** Forgets issue entries older than {@code floor}: the poll's own filter covers them by then. */
    void pruneIssues(long floor) {
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

    synchronized Map<String, String> drainComments(long issueCode) {
        Map<String, String> drained = comments.remove(issueCode);
        return drained == null ? Map.of() : drained;
    }
}
