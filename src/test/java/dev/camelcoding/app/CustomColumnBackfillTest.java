package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.camelcoding.sink.JdbcSinkSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A custom field's column added while the sink table already holds rows with values of that field in {@code doc}
 * (a catalog that came late, a sink upgraded from a version without the column): the rows get their values at once,
 * on H2 and PostgreSQL, instead of staying NULL until each row changes in CODING.
 */
class CustomColumnBackfillTest {

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    private static String event(String componentType) {
        return "{\"kind\":\"changed\",\"catalog\":{\"$defs\":{\"issues\":{\"properties\":{\"custom\":{\"properties\":"
                + "{\"30001\":{\"title\":\"影响用户数\",\"x-component-type\":\"" + componentType + "\"}}}}}}}}";
    }

    /** An issue row as the issues reader writes it, with the typed value of field 30001. */
    private static String doc(int code, String componentType, String value) {
        return "{\"project\":\"p\",\"code\":" + code + ",\"custom_fields\":{\"30001\":\"" + value
                + "\"},\"custom\":{\"30001\":{\"name\":\"影响用户数\",\"component_type\":\"" + componentType
                + "\",\"value\":" + value + ",\"raw\":\"" + value + "\"}}}";
    }

    @ParameterizedTest
    @MethodSource("databases")
    void rowsWrittenBeforeTheColumnGetTheirValuesWhenItIsAdded(String database) throws Exception {
        String url;
        if (database.equals("h2")) {
            url = "jdbc:h2:mem:backfill-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        } else {
            url = dev.camelcoding.app.it.TestPostgres.jdbcUrl();
            SyncHarness.execute(url, "DROP TABLE IF EXISTS coding_issues CASCADE");
        }
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(url);
            dataSource.setUsername(database.equals("h2") ? "sa" : "postgres");
            JdbcSinkSchema schema = new JdbcSinkSchema();
            schema.setDataSource(dataSource);
            schema.createTables();
            String docType = database.equals("h2") ? "?" : "CAST(? AS JSONB)";
            try (Connection c = dataSource.getConnection();
                    PreparedStatement insert = c.prepareStatement("INSERT INTO coding_issues"
                            + " (row_key, project, updated_at, ts_ms, doc, synced_at) VALUES (?, 'p', 1, 1, " + docType
                            + ", CURRENT_TIMESTAMP)")) {
                for (int code = 1; code <= 1200; code++) {
                    insert.setString(1, "k" + code);
                    // every third row holds the field as another type (before a retype): not this column's value
                    insert.setString(
                            2, doc(code, code % 3 == 0 ? "TEXT_DECIMAL" : "TEXT_INTEGER", Integer.toString(code)));
                    insert.addBatch();
                }
                insert.setString(1, "none");
                insert.setString(2, "{\"project\":\"p\",\"code\":0,\"custom\":{}}");
                insert.addBatch();
                insert.executeBatch();
            }

            schema.apply(event("TEXT_INTEGER"));

            Map<String, Long> values = new HashMap<>();
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT row_key, cf_30001 FROM coding_issues_live")) {
                while (r.next()) {
                    values.put(r.getString(1), r.getObject(2) == null ? null : r.getLong(2));
                }
            }
            assertThat(values).hasSize(1201);
            for (int code = 1; code <= 1200; code++) {
                assertThat(values.get("k" + code))
                        .as("row k%d", code)
                        .isEqualTo(code % 3 == 0 ? null : (Long) (long) code);
            }
            assertThat(values.get("none")).isNull();
        }
    }
}
