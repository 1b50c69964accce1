package dev.camelcoding.app.verify;

import java.util.Iterator;

/**
 * A sink as {@code verify} reads it: the live rows of one table and project, in {@link RowRef} order, fetched a page
 * at a time (memory stays flat whatever the table's size). The comparison knows the sink only through this.
 */
public interface SinkRows extends AutoCloseable {

    /** The live rows of {@code table} in {@code project}, ordered by {@link RowRef}. */
    Iterator<StoredRow> rows(CheckedTable table, String project);

    /** What this sink is, in words, for the report (no password). */
    String describe();

    @Override
    void close();
}
