package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * One sink table as the statements see it: its name, its database's dialect, the kind of its {@code doc} column
 * (JSONB on PostgreSQL tables created by this version, text otherwise) and its typed columns, with the upsert and
 * tombstone statements made for exactly those columns. Replaced as a whole when the schema adds a column.
 *
 * @param name      the table's name ({@code coding_issues})
 * @param dialect   the database's dialect
 * @param docKind   {@link SqlKind#JSON} or {@link SqlKind#TEXT}
 * @param columns   the typed columns, bound after the five fixed parameters
 * @param upsert    the guarded upsert
 * @param tombstone the guarded tombstone
 * @param insertAbsent the plain insert of a row the table does not hold (H2), or null (the upsert serves)
 * @param rowFields  what of a row's text its typed columns read (the rest is not parsed)
 */
record SinkTable(
        String name,
        SinkDialect dialect,
        SqlKind docKind,
        List<SinkColumn> columns,
        String upsert,
        String tombstone,
        String insertAbsent,
        RowFields rowFields) {

    static SinkTable of(String name, SinkDialect dialect, SqlKind docKind, List<SinkColumn> columns) {
        List<SinkColumn> copy = List.copyOf(columns);
        return new SinkTable(
                name,
                dialect,
                docKind,
                copy,
                dialect.upsert(name, docKind, copy),
                dialect.tombstone(name, docKind, copy),
                dialect.insertAbsent(name, docKind, copy),
                RowFields.of(copy));
    }

    /** The doc parameter's cast. */
    String docParameter() {
        return "CAST(? AS " + docKind.ddl(dialect) + ")";
    }

    /** Binds the typed columns of {@code row} from parameter {@code first} on. */
    void bindColumns(PreparedStatement statement, int first, JsonNode row) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).bind(statement, first + i, row, dialect);
        }
    }
}
