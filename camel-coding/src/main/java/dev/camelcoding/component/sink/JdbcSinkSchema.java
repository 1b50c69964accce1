package dev.camelcoding.component.sink;

import dev.camelcoding.component.CodingTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The tables of the JDBC sink, created on start when missing: one per CODING table, named
 * {@code coding_<table in lower case>} ({@code coding_issues}, {@code coding_projectmembers}...), each holding one
 * row per key with the canonical row as JSON text:
 * <pre>row_key VARCHAR(500) PRIMARY KEY  -- the event's key as compact JSON
 * project VARCHAR(200), updated_at BIGINT, ts_ms BIGINT, deleted BOOLEAN, pass_id VARCHAR(64),
 * doc VARCHAR (the canonical row), synced_at TIMESTAMP</pre>
 * {@code (updated_at, ts_ms)} is the version of the row (CODING's time of the row, then the connector's time of the
 * event): a write only replaces a row when it is not older ({@link #UPSERT_WINS}, {@link #DELETE_WINS}). A delete does not remove
 * the row: it turns it into a tombstone ({@code deleted = TRUE}) that keeps its version, so a late or replayed older
 * event cannot bring the row back. Users query the view {@code coding_<table>_live}, which holds the rows that are not
 * deleted (or filter {@code deleted = FALSE} themselves).
 *
 * <p>Tables made by an earlier version get the two new columns on start. The same DDL and statements run unchanged
 * on H2 and PostgreSQL ({@code VARCHAR} without a length is unbounded on PostgreSQL and up to a billion characters on
 * H2).
 */
public class JdbcSinkSchema {

    /**
     * When an upsert replaces a stored row (live or tombstone), with {@code s} the event and {@code t} the row: a newer
     * CODING time wins; at the same CODING time the later event wins, except over a tombstone (the delete happened
     * after that version of the row, so the version is older than the delete) unless CODING gives no time for the
     * row at all ({@code updated_at = 0}: then only the events' order is known).
     */
    public static final String UPSERT_WINS = "(s.updated_at > t.updated_at OR (s.updated_at = t.updated_at"
            + " AND s.ts_ms >= t.ts_ms AND (t.deleted = FALSE OR s.updated_at = 0)))";

    /**
     * When a delete turns a stored row into a tombstone: it is one already (the versions merge), or the delete was
     * seen after the row was written, or it carries a CODING time not older than the row's. A delete found by the
     * census carries no CODING time ({@code updated_at = 0}): only the events' order decides then.
     */
    public static final String DELETE_WINS = "(t.deleted = TRUE OR s.ts_ms >= t.ts_ms"
            + " OR (s.updated_at > 0 AND s.updated_at >= t.updated_at))";

    /** The event as a one-row source of a MERGE; parameters: row key, project, updated_at, ts_ms, doc. */
    static final String SOURCE = "(SELECT CAST(? AS VARCHAR(500)) AS row_key, CAST(? AS VARCHAR(200)) AS project,"
            + " CAST(? AS BIGINT) AS updated_at, CAST(? AS BIGINT) AS ts_ms, CAST(? AS VARCHAR) AS doc)";

    private DataSource dataSource;

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The sink table of a CODING table. */
    public static String tableName(String codingTable) {
        return "coding_" + codingTable.toLowerCase(Locale.ROOT);
    }

    /** The view of a sink table without its tombstones: what users query. */
    public static String liveViewName(String codingTable) {
        return tableName(codingTable) + "_live";
    }

    /** Creates the sink tables and their live views that do not exist yet, and adds columns older tables lack. */
    public void createTables() throws SQLException {
        if (dataSource == null) {
            throw new IllegalStateException("JdbcSinkSchema needs a dataSource");
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (CodingTable table : CodingTable.values()) {
                String name = tableName(table.uriName());
                statement.execute("CREATE TABLE IF NOT EXISTS " + name + " ("
                        + "row_key VARCHAR(500) NOT NULL PRIMARY KEY, project VARCHAR(200), updated_at BIGINT,"
                        + " ts_ms BIGINT DEFAULT 0 NOT NULL, deleted BOOLEAN DEFAULT FALSE NOT NULL,"
                        + " pass_id VARCHAR(64), doc VARCHAR NOT NULL, synced_at TIMESTAMP NOT NULL)");
                // tables of earlier versions: their rows count as live and as seen at time 0
                statement.execute("ALTER TABLE " + name + " ADD COLUMN IF NOT EXISTS ts_ms BIGINT DEFAULT 0 NOT NULL");
                statement.execute("ALTER TABLE " + name
                        + " ADD COLUMN IF NOT EXISTS deleted BOOLEAN DEFAULT FALSE NOT NULL");
                statement.execute("CREATE OR REPLACE VIEW " + liveViewName(table.uriName()) + " AS SELECT row_key,"
                        + " project, updated_at, ts_ms, pass_id, doc, synced_at FROM " + name + " WHERE deleted = FALSE");
            }
        }
    }
}
