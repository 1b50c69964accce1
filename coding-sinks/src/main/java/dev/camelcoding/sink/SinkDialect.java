package dev.camelcoding.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The upsert and tombstone statements of the JDBC sink in the database's own dialect, both guarded by the version
 * rules of {@link JdbcSinkSchema} ({@code s} the event, {@code t} the stored row). Parameters of both, in order:
 * row key, project, updated_at, ts_ms, doc, then the table's typed columns ({@link SinkTable#columns()}). A tombstone
 * of a row never stored inserts it with the typed values of its last known row; a tombstone of a stored row leaves
 * them as they are.
 */
enum SinkDialect {

    /** H2: MERGE with a one-row source. */
    H2 {
        @Override
        String upsert(String table, SqlKind doc, List<SinkColumn> columns) {
            return "MERGE INTO " + table + " t USING " + source(doc, columns) + " s ON (t.row_key = s.row_key)"
                    + " WHEN MATCHED AND " + JdbcSinkSchema.UPSERT_WINS + " THEN UPDATE SET project = s.project,"
                    + " updated_at = s.updated_at, ts_ms = s.ts_ms, deleted = FALSE, doc = s.doc,"
                    + " synced_at = CURRENT_TIMESTAMP" + list(columns, c -> ", " + c + " = s." + c)
                    + " WHEN NOT MATCHED THEN INSERT (row_key, project, updated_at, ts_ms, deleted, doc, synced_at"
                    + list(columns, c -> ", " + c) + ") VALUES (s.row_key, s.project, s.updated_at, s.ts_ms, FALSE,"
                    + " s.doc, CURRENT_TIMESTAMP" + list(columns, c -> ", s." + c) + ")";
        }

        @Override
        String tombstone(String table, SqlKind doc, List<SinkColumn> columns) {
            return "MERGE INTO " + table + " t USING " + source(doc, columns) + " s ON (t.row_key = s.row_key)"
                    + " WHEN MATCHED AND " + JdbcSinkSchema.DELETE_WINS + " THEN UPDATE SET deleted = TRUE,"
                    + " updated_at = GREATEST(t.updated_at, s.updated_at), ts_ms = GREATEST(t.ts_ms, s.ts_ms),"
                    + " synced_at = CURRENT_TIMESTAMP"
                    + " WHEN NOT MATCHED THEN INSERT (row_key, project, updated_at, ts_ms, deleted, doc, synced_at"
                    + list(columns, c -> ", " + c) + ") VALUES (s.row_key, s.project, s.updated_at, s.ts_ms, TRUE,"
                    + " s.doc, CURRENT_TIMESTAMP" + list(columns, c -> ", s." + c) + ")";
        }

        /**
         * A plain INSERT, for a row the table does not hold ({@link AbsentKeys}): no guard to check, and H2 runs no
         * query per row for it as it does for MERGE's one-row source. Same parameters as the upsert.
         */
        @Override
        String insertAbsent(String table, SqlKind doc, List<SinkColumn> columns) {
            return "INSERT INTO " + table + " (row_key, project, updated_at, ts_ms, deleted, doc, synced_at"
                    + list(columns, c -> ", " + c) + ") VALUES (CAST(? AS VARCHAR(500)), CAST(? AS VARCHAR(200)),"
                    + " CAST(? AS BIGINT), CAST(? AS BIGINT), FALSE, CAST(? AS " + doc.ddl(this) + "),"
                    + " CURRENT_TIMESTAMP"
                    + columns.stream().map(c -> ", " + c.parameter(this)).collect(Collectors.joining()) + ")";
        }

        private String source(SqlKind doc, List<SinkColumn> columns) {
            return "(SELECT CAST(? AS VARCHAR(500)) AS row_key, CAST(? AS VARCHAR(200)) AS project,"
                    + " CAST(? AS BIGINT) AS updated_at, CAST(? AS BIGINT) AS ts_ms, CAST(? AS " + doc.ddl(this)
                    + ") AS doc"
                    + columns.stream()
                            .map(c -> ", " + c.parameter(this) + " AS " + c.name())
                            .collect(Collectors.joining())
                    + ")";
        }
    },

    /**
     * PostgreSQL: INSERT ... ON CONFLICT, the upsert it plans best (MERGE exists only from 15 on). The proposed row
     * is called EXCLUDED there, so the guards' {@code s.} becomes {@code EXCLUDED.}.
     */
    POSTGRESQL {
        @Override
        String upsert(String table, SqlKind doc, List<SinkColumn> columns) {
            return insert(table, "FALSE", doc, columns)
                    + " ON CONFLICT (row_key) DO UPDATE SET project = EXCLUDED.project,"
                    + " updated_at = EXCLUDED.updated_at, ts_ms = EXCLUDED.ts_ms, deleted = FALSE, doc = EXCLUDED.doc,"
                    + " synced_at = CURRENT_TIMESTAMP" + list(columns, c -> ", " + c + " = EXCLUDED." + c)
                    + " WHERE " + excluded(JdbcSinkSchema.UPSERT_WINS);
        }

        @Override
        String tombstone(String table, SqlKind doc, List<SinkColumn> columns) {
            return insert(table, "TRUE", doc, columns) + " ON CONFLICT (row_key) DO UPDATE SET deleted = TRUE,"
                    + " updated_at = GREATEST(t.updated_at, EXCLUDED.updated_at),"
                    + " ts_ms = GREATEST(t.ts_ms, EXCLUDED.ts_ms), synced_at = CURRENT_TIMESTAMP"
                    + " WHERE " + excluded(JdbcSinkSchema.DELETE_WINS);
        }

        private String insert(String table, String deleted, SqlKind doc, List<SinkColumn> columns) {
            return "INSERT INTO " + table + " AS t (row_key, project, updated_at, ts_ms, deleted, doc, synced_at"
                    + list(columns, c -> ", " + c) + ") VALUES (?, ?, ?, ?, " + deleted + ", CAST(? AS "
                    + doc.ddl(this) + "), CURRENT_TIMESTAMP"
                    + columns.stream().map(c -> ", " + c.parameter(this)).collect(Collectors.joining()) + ")";
        }

        private static String excluded(String guard) {
            return guard.replaceAll("\\bs\\.", "EXCLUDED.");
        }
    };

    /** The upsert of a table without typed columns and with a text doc (tables of earlier versions). */
    String upsert(String table) {
        return upsert(table, SqlKind.TEXT, List.of());
    }

    String tombstone(String table) {
        return tombstone(table, SqlKind.TEXT, List.of());
    }

    abstract String upsert(String table, SqlKind doc, List<SinkColumn> columns);

    abstract String tombstone(String table, SqlKind doc, List<SinkColumn> columns);

    /**
     * The statement for an upsert whose key the table was just read not to hold, with the upsert's parameters: on H2
     * a plain INSERT ({@link AbsentKeys}); elsewhere null, the upsert is used as it is (PostgreSQL's
     * {@code ON CONFLICT} costs no more than an insert there).
     */
    String insertAbsent(String table, SqlKind doc, List<SinkColumn> columns) {
        return null;
    }

    private static String list(List<SinkColumn> columns, java.util.function.UnaryOperator<String> each) {
        return columns.stream().map(c -> each.apply(c.name())).collect(Collectors.joining());
    }

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
