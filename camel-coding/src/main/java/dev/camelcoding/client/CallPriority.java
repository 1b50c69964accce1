package dev.camelcoding.client;

/**
 * Which call a credential's limiter serves first when several wait for a permit (declaration order: first served
 * first). A webhook's refetch has CODING's 5-second answer deadline behind it; the issues poll carries the changes
 * every table waits for; comment reads fill in what CODING cannot push; rescans only confirm that nothing changed.
 */
public enum CallPriority {
    /** The Open API read of a Service Hook delivery (the webhook consumer's refetch). */
    WEBHOOK_REFETCH,
    /** Listings and reads of the polling consumers (issues, iterations, members...). */
    POLL,
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
