package dev.camelcoding.app.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.component.CodingTable;
import java.util.Arrays;
import java.util.Optional;

/**
 * A table {@code verify} compares row by row, with the key columns both sides are ordered by: an optional text column
 * (the issue type of statuses and fields) and a numeric id. CODING's rows and the sink's rows are merged in that
 * order, so neither side is ever held whole.
 *
 * <p>{@code versioned} tables carry CODING's {@code UpdatedAt}: a row differs when its version differs (the sink's
 * {@code updated_at} column). The others have no time in CODING: a row differs when its content differs.
 */
public enum CheckedTable {
    ISSUES(CodingTable.ISSUES, null, "code", true),
    ITERATIONS(CodingTable.ITERATIONS, null, "code", true),
    PROJECT_MEMBERS(CodingTable.PROJECT_MEMBERS, null, "user_id", false),
    ISSUE_TYPES(CodingTable.ISSUE_TYPES, null, "type_id", false),
    ISSUE_STATUSES(CodingTable.ISSUE_STATUSES, "issue_type", "status_id", false),
    ISSUE_FIELDS(CodingTable.ISSUE_FIELDS, "issue_type", "field_id", false);

    private final CodingTable table;
    private final String groupColumn;
    private final String idColumn;
    private final boolean versioned;

    CheckedTable(CodingTable table, String groupColumn, String idColumn, boolean versioned) {
        this.table = table;
        this.groupColumn = groupColumn;
        this.idColumn = idColumn;
        this.versioned = versioned;
    }

    public CodingTable table() {
        return table;
    }

    /** The name in {@code coding.tables}, events and sink table names. */
    public String uriName() {
        return table.uriName();
    }

    /** The text key column before the id ({@code issue_type}), or null when the id alone is the key. */
    public String groupColumn() {
        return groupColumn;
    }

    /** The numeric key column within the project (and group). */
    public String idColumn() {
        return idColumn;
    }

    /** Whether rows carry CODING's UpdatedAt, so a version compares them. */
    public boolean versioned() {
        return versioned;
    }

    /** Where a canonical row (CODING's, or a sink's doc) sits in the merge order. */
    public RowRef refOf(JsonNode row) {
        return new RowRef(
                groupColumn == null ? "" : row.path(groupColumn).asText(""),
                row.path(idColumn).asLong());
    }

    /** The checked table of a {@code coding.tables} name, if {@code verify} compares it row by row. */
    public static Optional<CheckedTable> of(String uriName) {
        return Arrays.stream(values())
                .filter(t -> t.uriName().equalsIgnoreCase(uriName))
                .findFirst();
    }
}
