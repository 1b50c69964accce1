package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.schema.IssueSchema;

/**
 * What the comments table learns about one issue from the issues listing (or a Service Hook delivery): that it
 * exists, changed, was deleted, or was commented.
 *
 * @param kind      what happened
 * @param code      the issue's code
 * @param createdAt the issue's CreatedAt (0 when unknown)
 * @param updatedAt the issue's UpdatedAt (0 when unknown)
 * @param at        when it happened, for a comment delivery (the comment's time); else the issue's UpdatedAt
 */
public record IssueTouch(Kind kind, long code, long createdAt, long updatedAt, long at) {

    public enum Kind {
        /** Listed by a full pass (snapshot, catch-up or census heal): the backfill reads its comments. */
        LISTED,
        /** Its UpdatedAt moved (an incremental poll or an issue delivery): its comments are read at once. */
        CHANGED,
        /** Gone from CODING: each of its comments is deleted ({@code op=d}). */
        DELETED,
        /** An ISSUE_COMMENT_CREATED delivery: the issue is active, its rescan interval starts again. */
        COMMENTED
    }

    /** The touch of an issue row as CODING's list returns it; {@code mode} is the issues reader's visit mode. */
    static IssueTouch ofRow(ObjectNode apiRow, String mode) {
        Kind kind = "polling".equals(mode) ? Kind.CHANGED : Kind.LISTED;
        long updatedAt = IssueSchema.updatedAt(apiRow);
        return new IssueTouch(kind, IssueSchema.code(apiRow), IssueSchema.createdAt(apiRow), updatedAt, updatedAt);
    }

    public static IssueTouch changed(long code, long createdAt, long updatedAt) {
        return new IssueTouch(Kind.CHANGED, code, createdAt, updatedAt, updatedAt);
    }

    public static IssueTouch deleted(long code) {
        return new IssueTouch(Kind.DELETED, code, 0, 0, 0);
    }

    public static IssueTouch commented(long code, long at) {
        return new IssueTouch(Kind.COMMENTED, code, 0, 0, at);
    }
}
