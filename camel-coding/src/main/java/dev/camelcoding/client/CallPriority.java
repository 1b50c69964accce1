package dev.camelcoding.client;

/**
 * Which call a credential's limiter serves first when several wait for a permit (declaration order: first served
 * first). A webhook's refetch has CODING's 5-second answer deadline behind it; the issues poll carries the changes
 * every table waits for; a backfill page can wait for them, since the pass it belongs to takes long anyway; comment
 * reads fill in what CODING cannot push (after the reference tables and the schema, which data does not wait for); rescans only confirm that nothing changed.
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
    /**
     * The reference tables' listings (issue types, statuses, fields, the team's projects) and the schema catalog's
     * reads. They change rarely and no data row waits for them (a new custom field's sink column comes from the first
     * issue row that carries it), so every project's data goes first: when a team starts, its projects' 22 schema and
     * reference calls each (1,100 for 50 projects, nearly 4 minutes at 5 calls/s) would otherwise hold back every
     * backfill page, the small projects' included.
     */
    REFERENCE,
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
