package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import javax.sql.DataSource;

/**
 * Fills a custom field's column just added to a sink table from the rows' {@code doc}: without it the rows written
 * before the column existed would keep NULL there until they change in CODING, which for most issues is never. Done
 * in batches over a separate connection, on H2 and PostgreSQL alike (the value is taken from the JSON in Java, so no
 * JSON function of either database is needed). A row is filled only while it is the version that was read (same
 * {@code ts_ms} and {@code updated_at}, column still NULL): a newer write that came in between already wrote its own
 * value, which the fill must not overwrite. Only rows whose value has this field's component type are filled (a
 * retyped field's old values do not fit the new column).
 */
final class CustomColumnBackfill {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Rows per transaction. */
    private static final int BATCH = 500;

    private CustomColumnBackfill() {}

    /** Fills {@code column} of {@code table} for {@code field}; returns the rows filled. */
    static int fill(
            DataSource dataSource, String table, SinkColumns.CustomColumn field, SinkColumn column, SinkDialect dialect)
            throws SQLException {
        String update = "UPDATE " + table + " SET " + column.name() + " = " + column.parameter(dialect)
                + " WHERE row_key = ? AND ts_ms = ? AND updated_at IS NOT DISTINCT FROM ? AND " + column.name()
                + " IS NULL";
        int filled = 0;
        try (Connection read = dataSource.getConnection();
                Connection write = dataSource.getConnection()) {
            boolean readAutoCommit = read.getAutoCommit();
            boolean writeAutoCommit = write.getAutoCommit();
            // PostgreSQL streams a result set (fetch size) only inside a transaction
            read.setAutoCommit(false);
            write.setAutoCommit(false);
            try (Statement select = read.createStatement();
                    PreparedStatement statement = write.prepareStatement(update)) {
                select.setFetchSize(BATCH);
                int pending = 0;
                try (ResultSet rows = select.executeQuery("SELECT row_key, ts_ms, updated_at, doc FROM " + table
                        + " WHERE " + column.name() + " IS NULL")) {
                    while (rows.next()) {
                        JsonNode doc = parse(rows.getString(4));
                        if (!hasValueOfType(doc, field)) {
                            continue;
                        }
                        column.bind(statement, 1, doc, dialect);
                        statement.setString(2, rows.getString(1));
                        statement.setLong(3, rows.getLong(2));
                        long updatedAt = rows.getLong(3);
                        if (rows.wasNull()) {
                            statement.setNull(4, Types.BIGINT);
                        } else {
                            statement.setLong(4, updatedAt);
                        }
                        statement.addBatch();
                        if (++pending == BATCH) {
                            filled += executed(statement.executeBatch());
                            write.commit();
                            pending = 0;
                        }
                    }
                }
                if (pending > 0) {
                    filled += executed(statement.executeBatch());
                }
                write.commit();
                read.commit();
            } catch (SQLException | RuntimeException failed) {
                write.rollback();
                read.rollback();
                throw failed;
            } finally {
                read.setAutoCommit(readAutoCommit);
                write.setAutoCommit(writeAutoCommit);
            }
        }
        return filled;
    }

    private static boolean hasValueOfType(JsonNode doc, SinkColumns.CustomColumn field) {
        JsonNode typed = doc.path("custom").path(field.fieldId());
        JsonNode value = typed.path("value");
        return field.type().name().equals(typed.path("component_type").asText(null))
                && !value.isMissingNode()
                && !value.isNull();
    }

    private static int executed(int[] counts) {
        int total = 0;
        for (int count : counts) {
            // a driver may answer SUCCESS_NO_INFO (-2) for a row it updated
            total += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
        }
        return total;
    }

    private static JsonNode parse(String doc) {
        try {
            return doc == null ? MAPPER.missingNode() : MAPPER.readTree(doc);
        } catch (IOException notJson) {
            return MAPPER.missingNode();
        }
    }
}
