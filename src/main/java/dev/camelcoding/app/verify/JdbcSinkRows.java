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
                boolean postgres = connection
                        .getMetaData()
                        .getDatabaseProductName()
                        .toLowerCase(Locale.ROOT)
                        .contains("postgres");
                String group = table.groupColumn() == null
                        ? "''"
                        : "COALESCE(" + table.groupColumn() + ", '')" + (postgres ? " COLLATE \"C\"" : "");
                String id = table.idColumn();
                String sql = "SELECT row_key, updated_at, doc, " + group + " AS g, " + id + " AS i FROM "
                        + tableName(table) + " WHERE project = ? AND deleted = FALSE"
                        + (after == null ? "" : " AND (" + group + " > ? OR (" + group + " = ? AND " + id + " > ?))")
                        + " ORDER BY g, i LIMIT " + PAGE;
                try (PreparedStatement query = connection.prepareStatement(sql)) {
                    query.setString(1, project);
                    if (after != null) {
                        query.setString(2, after.group());
                        query.setString(3, after.group());
                        query.setLong(4, after.id());
                    }
                    int read = 0;
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            RowRef ref = new RowRef(rows.getString(4), rows.getLong(5));
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
    }
}
