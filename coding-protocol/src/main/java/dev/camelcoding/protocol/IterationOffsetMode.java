package dev.camelcoding.protocol;

/**
 * How {@code DescribeIterationList} reads its {@code Offset}. CODING documents it only as "偏移量, default 0" (an
 * offset: rows to skip), while the public client that ran against it advanced it by one per page (a 0-based page
 * index) in its later version, by {@code Limit} in its 2022 one. Which one holds is not documented (an assumption,
 * docs/architecture.md "Assumptions"): CODING reads it one way, {@link #ROW} or {@link #PAGE}, and the simulator plays
 * either; the client finds out from CODING's own answer ({@link #DETECT}, its default) or is told.
 */
public enum IterationOffsetMode {
    /** The client's choice only: probe once per listing and follow whichever reading CODING's answer shows. */
    DETECT,
    /** {@code Offset} is the number of rows to skip (the documented meaning). */
    ROW,
    /** {@code Offset} is a 0-based page index: rows skipped = {@code Offset * Limit}. */
    PAGE
}
