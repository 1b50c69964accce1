package dev.camelcoding.client;

/**
 * Which call a credential's limiter serves first when several wait for a permit (declaration order: first served
 * first). A webhook's refetch has CODING's 5-second answer deadline behind it; the issues poll carries the changes
 * every table waits for; a backfill page can wait for them, since the pass it belongs to takes long anyway; comment
 * reads fill in what CODING cannot push; rescans only confirm that nothing changed.
 */
public enum CallPriority {
    /** The Open API read of a Service Hook delivery (the webhook consumer's refetch). */
    WEBHOOK_REFETCH,
    /**
     * The incremental polls of the polling consumers (the issues listing by UpdatedAt from the cursor) and their other
     * listings and reads (iterations, members...): each finds a source's changes, so none waits behind a backfill.
     */
    POLL,
    /**
     * A page of a full pass over a project's issues: the first snapshot, a catch-up, a resync, and the census's
     * listing of every code. A large project's backfill runs for hours; its pages wait behind every incremental poll,
     * and sources backfilling at once take turns (see {@link CredentialLimiter}).
     */
    BACKFILL,
    /** DescribeIssueCommentList for an issue that changed, or the comments backfill. */
    COMMENT_READ,
    /** DescribeIssueCommentList for an issue whose comments are read again on schedule. */
    RESCAN,
    /**
     * The listings of {@code coding-sync verify}, which compares a sink with CODING: it may always wait, so it is served
     * last, after everything that keeps the sink up to date.
     */
    VERIFY
}
