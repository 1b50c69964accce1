package dev.camelcoding.component.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The upsert and tombstone statements of the JDBC sink in the database's own dialect, both guarded by the version
 * rules of {@link JdbcSinkSchema} ({@code s} the event, {@code t} the stored row). Parameters of both, in order:
 * row key, project, updated_at, ts_ms, doc.
 */
enum SinkDialect {

    /** H2: MERGE with a one-row source. */
    H2 {
        @Override
        String upsert(String table) {
            return "MERGE INTO " + table + " t USING " + JdbcSinkSchema.SOURCE + " s ON (t.row_key = s.row_key)"
                    + " WHEN MATCHED AND " + JdbcSinkSchema.UPSERT_WINS + " THEN UPDATE SET project = s.project,"
                    + " updated_at = s.updated_at, ts_ms = s.ts_ms, deleted = FALSE, doc = s.doc,"
                    + " synced_at = CURRENT_TIMESTAMP"
                    + " WHEN NOT MATCHED THEN INSERT (row_key, project, updated_at, ts_ms, deleted, doc, synced_at)"
                    + " VALUES (s.row_key, s.project, s.updated_at, s.ts_ms, FALSE, s.doc, CURRENT_TIMESTAMP)";
        }

        @Override
        String tombstone(String table) {
            return "MERGE INTO " + table + " t USING " + JdbcSinkSchema.SOURCE + " s ON (t.row_key = s.row_key)"
                    + " WHEN MATCHED AND " + JdbcSinkSchema.DELETE_WINS + " THEN UPDATE SET deleted = TRUE,"
                    + " updated_at = GREATEST(t.updated_at, s.updated_at), ts_ms = GREATEST(t.ts_ms, s.ts_ms),"
                    + " synced_at = CURRENT_TIMESTAMP"
                    + " WHEN NOT MATCHED THEN INSERT (row_key, project, updated_at, ts_ms, deleted, doc, synced_at)"
                    + " VALUES (s.row_key, s.project, s.updated_at, s.ts_ms, TRUE, s.doc, CURRENT_TIMESTAMP)";
        }
    },

    /**
     * PostgreSQL: INSERT ... ON CONFLICT, the upsert it plans best (MERGE exists only from 15 on). The proposed row
     * is called EXCLUDED there, so the guards' {@code s.} becomes {@code EXCLUDED.}.
     */
    POSTGRESQL {
        @Override
        String upsert(String table) {
            return insert(table, "FALSE") + " ON CONFLICT (row_key) DO UPDATE SET project = EXCLUDED.project,"
                    + " updated_at = EXCLUDED.updated_at, ts_ms = EXCLUDED.ts_ms, deleted = FALSE, doc = EXCLUDED.doc,"
                    + " synced_at = CURRENT_TIMESTAMP WHERE " + excluded(JdbcSinkSchema.UPSERT_WINS);
        }

        @Override
        String tombstone(String table) {
            return insert(table, "TRUE") + " ON CONFLICT (row_key) DO UPDATE SET deleted = TRUE,"
                    + " updated_at = GREATEST(t.updated_at, EXCLUDED.updated_at),"
                    + " ts_ms = GREATEST(t.ts_ms, EXCLUDED.ts_ms), synced_at = CURRENT_TIMESTAMP"
                    + " WHERE " + excluded(JdbcSinkSchema.DELETE_WINS);
        }

        private static String insert(String table, String deleted) {
            return "INSERT INTO " + table + " AS t (row_key, project, updated_at, ts_ms, deleted, doc, synced_at)"
                    + " VALUES (?, ?, ?, ?, " + deleted + ", ?, CURRENT_TIMESTAMP)";
        }

        private static String excluded(String guard) {
            return guard.replaceAll("\\bs\\.", "EXCLUDED.");
        }
    };

    abstract String upsert(String table);

    abstract String tombstone(String table);

    /** The dialect of the connection's database, from its metadata. */
    static SinkDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("h2")) {
            return H2;
        }
        throw new SQLException("the JDBC sink supports H2 and PostgreSQL, not " + product
                + ": set coding.sink.jdbc.url to one of them");
    }
}
