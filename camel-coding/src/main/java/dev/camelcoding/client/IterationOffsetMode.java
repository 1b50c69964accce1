package dev.camelcoding.client;

/**
 * How CODING reads the {@code Offset} of DescribeIterationList. Its documentation calls it an offset (rows to skip),
 * while a public client that ran against it advanced it by one per page (a page index). Which one holds is not
 * documented, so by default the pager finds out from CODING's own answer ({@link #DETECT}).
 */
public enum IterationOffsetMode {
    /** Probe once per listing and follow whichever reading CODING's answer shows. */
    DETECT,
    /** Offset is the number of rows to skip. */
    ROW,
    /** Offset is a 0-based page index of {@code Limit} rows. */
    PAGE
}
