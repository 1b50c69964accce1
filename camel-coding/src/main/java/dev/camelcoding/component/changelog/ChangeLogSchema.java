package dev.camelcoding.component.changelog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The change log's tables, created on start when they are missing. All four live in one database so that an append
 * can check the reader's lease and take its sequences in one transaction.
 *
 * <ul>
 *   <li>{@value #SOURCES}: one row per source with its head sequence; locking that row serialises the appends of a
 *       source, which is what keeps sequences contiguous;</li>
 *   <li>{@value #ENTRIES}: the append-only entries, keyed by source and sequence;</li>
 *   <li>{@value #OFFSETS}: each named consumer's committed sequence per source;</li>
 *   <li>{@value #LEASES}: one reader lease per namespace: holder, epoch, expiry and acquisition time by the
 *       database's clock.</li>
 * </ul>
 */
final class ChangeLogSchema {

    static final String SOURCES = "CODING_LOG_SOURCE";
    static final String ENTRIES = "CODING_LOG_ENTRY";
    static final String OFFSETS = "CODING_LOG_OFFSET";
    static final String LEASES = "CODING_LOG_LEASE";

    /** PostgreSQL's and H2's SQLSTATE for a unique or primary key violation. */
    static final String UNIQUE_VIOLATION = "23505";

    private ChangeLogSchema() {}

    /** Creates the tables and indexes that are missing and answers the database's dialect. */
    static SqlDialect create(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            SqlDialect dialect = SqlDialect.of(connection);
            for (String ddl : statements(dialect)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(ddl);
                } catch (SQLException e) {
                    // Two nodes starting at once can both pass PostgreSQL's IF NOT EXISTS check; the loser sees a
                    // unique violation on the catalog, and the table is there all the same.
                    // (and both can pass ADD COLUMN IF NOT EXISTS: a duplicate column, 42701 on PostgreSQL)
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState()) && !"42701".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
            return dialect;
        } catch (SQLException e) {
            throw new ChangeLogException(
                    "cannot create the change log tables (" + SOURCES + ", " + ENTRIES + ", " + OFFSETS + ", " + LEASES
                            + "): " + e.getMessage(),
                    e);
        }
    }

    private static List<String> statements(SqlDialect dialect) {
        String name = "VARCHAR(" + SourceId.MAX_NAME_LENGTH + ") NOT NULL";
        String source = "TEAM " + name + ", PROJECT " + name + ", TBL " + name;
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + SOURCES + " (" + source + ", HEAD_SEQ BIGINT NOT NULL,"
                        + " PRIMARY KEY (TEAM, PROJECT, TBL))",
                "CREATE TABLE IF NOT EXISTS " + ENTRIES + " (" + source + ", SEQ BIGINT NOT NULL,"
                        + " APPENDED_MS BIGINT NOT NULL, OP CHAR(1) NOT NULL, KEY_JSON VARCHAR(4000) NOT NULL,"
                        + " VERSION_MS BIGINT NOT NULL, EVENT_JSON " + dialect.textType() + " NOT NULL,"
                        + " PRIMARY KEY (TEAM, PROJECT, TBL, SEQ))",
                // retention and "start at a time" look entries up by append time
                "CREATE INDEX IF NOT EXISTS CODING_LOG_ENTRY_APPENDED ON " + ENTRIES
                        + " (TEAM, PROJECT, TBL, APPENDED_MS)",
                "CREATE TABLE IF NOT EXISTS " + OFFSETS + " (CONSUMER " + name + ", " + source + ","
                        + " COMMITTED_SEQ BIGINT NOT NULL, UPDATED_MS BIGINT NOT NULL,"
                        + " PRIMARY KEY (CONSUMER, TEAM, PROJECT, TBL))",
                "CREATE TABLE IF NOT EXISTS " + LEASES + " (NAMESPACE VARCHAR(1000) NOT NULL PRIMARY KEY,"
                        + " HOLDER VARCHAR(" + SourceId.MAX_NAME_LENGTH + "), EPOCH BIGINT NOT NULL,"
                        + " EXPIRES_AT TIMESTAMP WITH TIME ZONE NOT NULL, ACQUIRED_AT TIMESTAMP WITH TIME ZONE)",
                // when the current holder took the lease (status shows "reader since"); added to older tables
                "ALTER TABLE " + LEASES + " ADD COLUMN IF NOT EXISTS ACQUIRED_AT TIMESTAMP WITH TIME ZONE");
    }
}
