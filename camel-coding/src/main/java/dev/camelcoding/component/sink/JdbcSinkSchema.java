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
 * project VARCHAR(200), updated_at BIGINT, pass_id VARCHAR(64), doc VARCHAR (the canonical row), synced_at TIMESTAMP</pre>
 * The same DDL and statements run unchanged on H2 and PostgreSQL ({@code VARCHAR} without a length is unbounded
 * on PostgreSQL and up to a billion characters on H2).
 */
public class JdbcSinkSchema {

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

    /** Creates the sink tables that do not exist yet. */
    public void createTables() throws SQLException {
        if (dataSource == null) {
            throw new IllegalStateException("JdbcSinkSchema needs a dataSource");
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (CodingTable table : CodingTable.values()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + tableName(table.uriName()) + " ("
                        + "row_key VARCHAR(500) NOT NULL PRIMARY KEY, project VARCHAR(200), updated_at BIGINT,"
                        + " pass_id VARCHAR(64), doc VARCHAR NOT NULL, synced_at TIMESTAMP NOT NULL)");
            }
        }
    }
}
