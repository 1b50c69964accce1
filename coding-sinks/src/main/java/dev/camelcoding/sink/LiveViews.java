package dev.camelcoding.sink;

import dev.camelcoding.component.CodingTable;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The query of each table's live view ({@code coding_<table>_live}: the rows that are not tombstones). An issue row
 * carries copies of names that belong to other tables (its status's name and type, its iteration's name) as they
 * were at the issue's last change: CODING does not move an issue's UpdatedAt when its iteration or status is renamed,
 * so a copy would stay stale for good. The issues view therefore takes those names from the tables that own them
 * (the current iteration and status rows, not tombstones), and falls back to the row's copy only when the sink has no
 * such row (the table is not synced, or the row is not in yet). The view keeps the table's column order, so
 * {@code CREATE OR REPLACE VIEW} is accepted by PostgreSQL over a view of an earlier version.
 */
final class LiveViews {

    /** Columns of the issues view read from their owner's table, with the owner's alias. */
    private static final Map<String, String> ISSUE_NAMES_FROM_OWNERS = Map.of(
            "status_name", "COALESCE(st.name, t.status_name)",
            "status_type", "COALESCE(st.status_type, t.status_type)",
            "iteration_name", "COALESCE(it.name, t.iteration_name)");

    private LiveViews() {}

    /** The view's SELECT over the sink table's {@code columns} (in the table's order, {@code deleted} left out). */
    static String select(CodingTable table, Collection<String> columns) {
        String name = JdbcSinkSchema.tableName(table.uriName());
        if (table != CodingTable.ISSUES) {
            return "SELECT " + String.join(", ", columns) + " FROM " + name + " WHERE deleted = FALSE";
        }
        String select = columns.stream()
                .map(c ->
                        ISSUE_NAMES_FROM_OWNERS.containsKey(c) ? ISSUE_NAMES_FROM_OWNERS.get(c) + " AS " + c : "t." + c)
                .collect(Collectors.joining(", "));
        return "SELECT " + select + " FROM " + name + " t"
                + " LEFT JOIN " + JdbcSinkSchema.tableName(CodingTable.ISSUE_STATUSES.uriName()) + " st"
                + " ON st.deleted = FALSE AND st.project = t.project AND st.issue_type = t.type"
                + " AND st.status_id = t.status_id"
                + " LEFT JOIN " + JdbcSinkSchema.tableName(CodingTable.ITERATIONS.uriName()) + " it"
                + " ON it.deleted = FALSE AND it.project = t.project AND it.code = t.iteration_code"
                + " WHERE t.deleted = FALSE";
    }
}
