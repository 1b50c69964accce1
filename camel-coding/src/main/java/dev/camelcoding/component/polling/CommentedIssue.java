package dev.camelcoding.component.polling;

import java.util.Map;

/**
 * What the comments table keeps for one issue (stored in a {@link CommentIndex} bucket).
 *
 * @param code       the issue's code
 * @param updatedAt  the issue's UpdatedAt as last listed (orders the backfill: most recent first)
 * @param activityAt the issue's last known activity: created, updated, commented, a comment delivered or found
 *                   changed; the rescan interval grows with the quiet time since
 * @param readAt     when its comments were last read (0: never, the backfill has it still to do)
 * @param comments   the version of each comment read, by comment id
 */
public record CommentedIssue(long code, long updatedAt, long activityAt, long readAt, Map<Long, String> comments) {

    public CommentedIssue {
        comments = comments == null ? Map.of() : Map.copyOf(comments);
    }

    CommentedIssue withListing(long updatedAt, long activityAt) {
        return new CommentedIssue(
                code, Math.max(this.updatedAt, updatedAt), Math.max(this.activityAt, activityAt), readAt, comments);
    }

    /** Unread, with the version of each comment forgotten (a resync: every comment is emitted again). */
    CommentedIssue forgotten() {
        Map<Long, String> forgotten = new java.util.HashMap<>();
        comments.keySet().forEach(id -> forgotten.put(id, ""));
        return new CommentedIssue(code, updatedAt, activityAt, 0, forgotten);
    }

    CommentedIssue read(long at, long activityAt, Map<Long, String> comments) {
        return new CommentedIssue(code, updatedAt, Math.max(this.activityAt, activityAt), at, comments);
    }
}
