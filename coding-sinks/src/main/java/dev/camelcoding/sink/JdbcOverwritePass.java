package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.CodingChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an overwrite pass of the iterations table (all the project's iterations, as one Camel batch with one pass
 * id) to the JDBC sink, one event at a time, each written before its exchange returns (so the source only moves on
 * once the row is stored): every row of the pass is upserted and stamped with the pass id; with the batch's last
 * event, when every event of the pass has been stored, the project's rows that the pass lacks become tombstones. After
 * it, the live rows equal CODING's list. A pass that arrives incomplete (fewer rows stamped than its batch size)
 * deletes nothing, so a lost event can never delete a live row.
 *
 * <p>The version rule of every sink write holds here too ({@link JdbcSinkSchema#UPSERT_WINS}): a row of the pass only
 * replaces a stored row that is not newer, so a replayed old pass does not roll rows back. Such a row is still stamped
 * as seen by the pass, and only rows written before the pass read CODING ({@code ts_ms} not after the pass's first
 * row) can be missing from it, so a replayed old pass does not delete rows created after it either.
 *
 * <p>The body is the typed change; its {@link CodingChange#pass()} names the pass, the change's place and the pass's
 * size, as the documented event's {@code source.pass} does.
 */
public class JdbcOverwritePass implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcOverwritePass.class);
    /** The pass's upsert of one row, with the table's typed columns after the six fixed parameters. */
    static String upsertSql(SinkTable table) {
        String typed = table.columns().stream()
                .map(c -> ", " + c.parameter(table.dialect()) + " AS " + c.name())
                .collect(java.util.stream.Collectors.joining());
        String set = table.columns().stream()
                .map(c -> ", " + c.name() + " = s." + c.name())
                .collect(java.util.stream.Collectors.joining());
        String names =
                table.columns().stream().map(c -> ", " + c.name()).collect(java.util.stream.Collectors.joining());
        String values =
                table.columns().stream().map(c -> ", s." + c.name()).collect(java.util.stream.Collectors.joining());
        return "MERGE INTO " + table.name() + " t USING (SELECT CAST(? AS VARCHAR(500)) AS row_key,"
                + " CAST(? AS VARCHAR(200)) AS project, CAST(? AS BIGINT) AS updated_at, CAST(? AS BIGINT) AS ts_ms,"
                + " CAST(? AS VARCHAR(64)) AS pass_id, " + table.docParameter() + " AS doc" + typed
                + ") s ON (t.row_key = s.row_key)"
                + " WHEN MATCHED AND " + JdbcSinkSchema.UPSERT_WINS + " THEN UPDATE SET project = s.project,"
                + " updated_at = s.updated_at, ts_ms = s.ts_ms, deleted = FALSE, pass_id = s.pass_id, doc = s.doc,"
                + " synced_at = CURRENT_TIMESTAMP" + set
                // newer than the pass, but present in it: not one of the rows the pass lacks
                + " WHEN MATCHED THEN UPDATE SET pass_id = s.pass_id"
                + " WHEN NOT MATCHED THEN INSERT (row_key, project, updated_at, ts_ms, deleted, pass_id, doc, synced_at"
                + names + ") VALUES (s.row_key, s.project, s.updated_at, s.ts_ms, FALSE, s.pass_id, s.doc,"
                + " CURRENT_TIMESTAMP" + values + ")";
    }

    /** How many rows the pass stamped, and when its earliest one was read. */
    static final String STAMPED = "SELECT COUNT(*), MIN(ts_ms) FROM %s WHERE project = ? AND pass_id = ?";

    static final String TOMBSTONE_MISSING = "UPDATE %s SET deleted = TRUE, ts_ms = ?, synced_at = CURRENT_TIMESTAMP"
            + " WHERE project = ? AND deleted = FALSE AND (pass_id IS NULL OR pass_id <> ?) AND ts_ms <= ?";

    private final ObjectMapper mapper = new ObjectMapper();
    private DataSource dataSource;
    private JdbcSinkSchema schema;
    private int queryTimeoutSeconds = 10;

    /** The sink tables' schema (typed columns); without one, a schema of its own over the same DataSource. */
    public void setSchema(JdbcSinkSchema schema) {
        this.schema = schema;
    }

    private synchronized JdbcSinkSchema schema() {
        if (schema == null) {
            schema = new JdbcSinkSchema();
            schema.setDataSource(dataSource);
        }
        return schema;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Seconds each statement may take (0: no limit). */
    public void setQueryTimeout(int seconds) {
        this.queryTimeoutSeconds = seconds;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        write(exchange.getMessage().getMandatoryBody(CodingChange.class));
    }

    /** Applies one change of an overwrite pass (its {@link CodingChange#pass()} says where it sits in the pass). */
    void write(CodingChange change) throws SQLException {
        ChangeEvent.Pass pass = change.pass();
        String table = JdbcSinkSchema.tableName(change.table());
        String project = change.project() == null ? "" : change.project();
        try (Connection connection = dataSource.getConnection()) {
            // The empty-pass marker (source.pass.size 0, no row) closes a pass over an empty list: nothing to
            // upsert, and the project's live rows all become tombstones, which is what CODING's empty list says.
            boolean emptyPass = change.afterJson() == null;
            if (!emptyPass) {
                upsert(connection, table, project, pass.id(), change);
            }
            if (pass.last() && pass.keys() != null) {
                deleteNotIn(connection, table, project, pass.keys(), change.tsMs());
            } else if (pass.last()) {
                deleteMissing(connection, table, project, pass.id(), emptyPass ? 0 : pass.size(), change.tsMs());
            }
        }
    }

    private void upsert(Connection connection, String table, String project, String passId, CodingChange change)
            throws SQLException {
        JsonNode after = change.rowNode() != null ? change.rowNode() : parse(change.afterJson());
        SinkTable sinkTable = schema().table(table);
        try (PreparedStatement upsert = connection.prepareStatement(upsertSql(sinkTable))) {
            upsert.setQueryTimeout(queryTimeoutSeconds);
            upsert.setString(1, change.keyJson());
            upsert.setString(2, project);
            upsert.setLong(3, change.version());
            upsert.setLong(4, change.tsMs());
            upsert.setString(5, passId);
            upsert.setString(6, change.afterJson());
            sinkTable.bindColumns(upsert, 7, after);
            upsert.executeUpdate();
        }
    }

    private JsonNode parse(String row) throws SQLException {
        try {
            return mapper.readTree(row);
        } catch (java.io.IOException notJson) {
            throw new SQLException("an overwrite pass's row is not JSON: " + notJson.getMessage(), notJson);
        }
    }

    /**
     * A pass logged as its changes and its key set (a change log reader's pass-end): the project's live rows whose key
     * the pass did not list become tombstones, unless written after the pass read CODING ({@code ts_ms} later than
     * the pass-end's), so a replayed old pass-end does not delete rows created after it.
     */
    private void deleteNotIn(Connection connection, String table, String project, List<String> keys, long passTs)
            throws SQLException {
        String notListed = keys.isEmpty()
                ? ""
                : " AND row_key NOT IN (" + String.join(", ", java.util.Collections.nCopies(keys.size(), "?")) + ")";
        try (PreparedStatement tombstone = connection.prepareStatement(
                "UPDATE " + table + " SET deleted = TRUE, ts_ms = ?, synced_at = CURRENT_TIMESTAMP WHERE project = ?"
                        + " AND deleted = FALSE AND ts_ms <= ?" + notListed)) {
            tombstone.setQueryTimeout(queryTimeoutSeconds);
            tombstone.setLong(1, passTs);
            tombstone.setString(2, project);
            tombstone.setLong(3, passTs);
            int index = 4;
            for (String key : keys) {
                tombstone.setString(index++, key);
            }
            int deleted = tombstone.executeUpdate();
            LOG.debug("Overwrite pass of {} {}: {} keys listed, {} deleted", project, table, keys.size(), deleted);
        }
    }

    private void deleteMissing(
            Connection connection, String table, String project, String passId, int passSize, long lastEventTs)
            throws SQLException {
        long stamped;
        long passTs;
        try (PreparedStatement count = connection.prepareStatement(String.format(STAMPED, table))) {
            count.setQueryTimeout(queryTimeoutSeconds);
            count.setString(1, project);
            count.setString(2, passId);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                stamped = rows.getLong(1);
                // an empty pass stamped no row: its marker's own time bounds what it may delete
                passTs = stamped == 0 ? lastEventTs : rows.getLong(2);
            }
        }
        if (stamped != passSize) {
            LOG.warn(
                    "Overwrite pass {} of {} stored {} of {} rows: nothing deleted (the next pass will)",
                    passId,
                    project,
                    stamped,
                    passSize);
            return;
        }
        try (PreparedStatement tombstone = connection.prepareStatement(String.format(TOMBSTONE_MISSING, table))) {
            tombstone.setQueryTimeout(queryTimeoutSeconds);
            tombstone.setLong(1, passTs);
            tombstone.setString(2, project);
            tombstone.setString(3, passId);
            tombstone.setLong(4, passTs);
            int deleted = tombstone.executeUpdate();
            LOG.debug("Overwrite pass {} of {} {}: {} rows, {} deleted", passId, project, table, passSize, deleted);
        }
    }
}
