package dev.camelcoding.app.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/**
 * The live rows of the JDBC sink's tables ({@code coding_<table>}: {@code row_key}, {@code project},
 * {@code updated_at}, {@code deleted}, {@code doc} and the typed key columns), read by a keyset-paged query in
 * {@link RowRef} order: each page starts after the last key of the one before, so a page costs the same at any depth
 * and only one page is in memory. Works on H2 and PostgreSQL (the text key column is compared in binary order on
 * PostgreSQL, as Java compares it).
 */
public final class JdbcSinkRows implements SinkRows {

    /** Rows per query. */
    static final int PAGE = 1000;

    private final DataSource dataSource;
    private final String description;
    private final java.util.Set<CheckedTable> indexed = java.util.EnumSet.noneOf(CheckedTable.class);

    public JdbcSinkRows(DataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.description = description;
    }

    @Override
    public Iterator<StoredRow> rows(CheckedTable table, String project) {
        return new Paged(table, project);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        // the data source belongs to whoever made it
    }

    /** The sink table of a CODING table, as JdbcSinkSchema names it. */
    static String tableName(CheckedTable table) {
        return "coding_" + table.uriName().toLowerCase(Locale.ROOT);
    }

    /**
     * An index on the key order, made once per table and kept: without it each page would scan and sort the whole
     * table (on H2 every row's doc is read), so a 100,000-row table took minutes instead of seconds. Idempotent;
     * building it on a large PostgreSQL table holds writes to that table for the time it takes.
     */
    private void ensureKeyIndex(Connection connection, CheckedTable table) throws SQLException {
        if (!indexed.add(table)) {
            return;
        }
        String name = tableName(table);
        String columns =
                "project, " + (table.groupColumn() == null ? "" : table.groupColumn() + ", ") + table.idColumn();
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX IF NOT EXISTS " + name + "_key_order ON " + name + " (" + columns + ")");
        }
    }

    private final class Paged implements Iterator<StoredRow> {
        private final CheckedTable table;
        private final String project;
        private final Deque<StoredRow> page = new ArrayDeque<>();
        private RowRef after;
        private boolean exhausted;

        Paged(CheckedTable table, String project) {
            this.table = table;
            this.project = project;
        }

        @Override
        public boolean hasNext() {
            if (page.isEmpty() && !exhausted) {
                fetch();
            }
            return !page.isEmpty();
        }

        @Override
        public StoredRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.removeFirst();
        }

        private void fetch() {
            try (Connection connection = dataSource.getConnection()) {
                ensureKeyIndex(connection, table);
                boolean postgres = connection
                        .getMetaData()
                        .getDatabaseProductName()
                        .toLowerCase(Locale.ROOT)
                        .contains("postgres");
                try (PreparedStatement query = connection.prepareStatement(query(postgres))) {
                    int parameter = 1;
                    query.setString(parameter++, project);
                    if (after != null && table.groupColumn() != null) {
                        query.setString(parameter++, after.group());
                        query.setString(parameter++, after.group());
                    }
                    if (after != null) {
                        query.setLong(parameter, after.id());
                    }
                    int read = 0;
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            RowRef ref =
                                    new RowRef(table.groupColumn() == null ? "" : rows.getString(4), rows.getLong(5));
                            page.addLast(new StoredRow(ref, rows.getString(1), rows.getLong(2), rows.getString(3)));
                            after = ref;
                            read++;
                        }
                    }
                    exhausted = read < PAGE;
                }
            } catch (SQLException e) {
                throw new SinkReadException(
                        "cannot read " + tableName(table) + " in " + description + ": " + e.getMessage(), e);
            }
        }

        /**
         * The next page after {@link #after}: by the id alone where the id is the key within a project, else by the
         * group's text in binary order, then the id. The order names {@code project} first although it is fixed: H2
         * reads the index in order (and stops after a page) only when the ORDER BY is the index's columns; ordered by
         * the id alone it read every later row and sorted them, for every page.
         */
        private String query(boolean postgres) {
            String id = table.idColumn();
            String from = " FROM " + tableName(table) + " WHERE project = ? AND deleted = FALSE";
            if (table.groupColumn() == null) {
                return "SELECT row_key, updated_at, doc, '' AS g, " + id + " AS i" + from
                        + (after == null ? "" : " AND " + id + " > ?") + " ORDER BY project, " + id + " LIMIT " + PAGE;
            }
            String group = "COALESCE(" + table.groupColumn() + ", '')" + (postgres ? " COLLATE \"C\"" : "");
            return "SELECT row_key, updated_at, doc, " + group + " AS g, " + id + " AS i" + from
                    + (after == null ? "" : " AND (" + group + " > ? OR (" + group + " = ? AND " + id + " > ?))")
                    + " ORDER BY g, i LIMIT " + PAGE;
        }
    }
}
