package dev.camelcoding.simulator;

/**
 * How {@code DescribeIterationList} interprets its {@code Offset} parameter.
 *
 * <p>CODING documents {@code Offset} only as "偏移量, default 0". The 2022 public client advanced it by {@code Limit}
 * (a row offset); a later version of the same client advances it by one per page (a 0-based page index). The live
 * behaviour is not known, so the simulator can play either.
 */
public enum IterationOffsetMode {
    /** {@code Offset} is the number of rows to skip (documented meaning). */
    ROW,
    /** {@code Offset} is a 0-based page index: rows skipped = {@code Offset * Limit}. */
    PAGE
}
