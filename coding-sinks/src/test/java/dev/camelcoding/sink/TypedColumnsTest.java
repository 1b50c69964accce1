package dev.camelcoding.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Schema changes on a sink table (H2): a new custom field adds a column, a retyped one a new column beside the old
 * one, and nothing written before is lost. The catalogs are schema events as coding:schema emits them.
 */
class TypedColumnsTest {

    private final String url = "jdbc:h2:mem:typed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    private static String event(String componentType) {
        return "{\"kind\":\"changed\",\"catalog\":{\"$defs\":{\"issues\":{\"properties\":{\"custom\":{\"properties\":"
                + "{\"30001\":{\"title\":\"影响用户数\",\"x-component-type\":\"" + componentType + "\"}}}}}}}}";
    }

    private List<String> columns(Connection c) throws Exception {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM coding_issues WHERE 1 = 0")) {
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                names.add(r.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT) + " "
                        + r.getMetaData().getColumnTypeName(i));
            }
        }
        return names;
    }

    @Test
    void aNewFieldAddsAColumnAndARetypedFieldANewOneWhileOldValuesStay() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        JdbcSinkSchema schema = new JdbcSinkSchema();
        schema.setDataSource(dataSource);
        schema.createTables();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            assertThat(columns(c))
                    .contains(
                            "code BIGINT",
                            "created_at TIMESTAMP WITH TIME ZONE",
                            "labels JSON",
                            "story_point NUMERIC",
                            "updated_time TIMESTAMP WITH TIME ZONE")
                    .doesNotContain("custom JSON");

            schema.apply(event("TEXT_INTEGER"));
            assertThat(columns(c)).contains("cf_30001 BIGINT");
            s.execute("INSERT INTO coding_issues (row_key, project, updated_at, doc, synced_at, cf_30001)"
                    + " VALUES ('k', 'p', 1, '{}', CURRENT_TIMESTAMP, 42)");

            schema.apply(event("SELECT_MULTI"));
            assertThat(columns(c)).contains("cf_30001 BIGINT", "cf_30001_json JSON");
            try (ResultSet r = s.executeQuery("SELECT cf_30001, doc FROM coding_issues_live WHERE row_key = 'k'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).as("the values written before stay").isEqualTo(42);
                assertThat(r.getString(2)).isEqualTo("{}");
            }
            assertThat(schema.table("coding_issues").columns())
                    .extracting(SinkColumn::name)
                    .contains("cf_30001_json")
                    .doesNotContain("cf_30001");

            schema.apply(event("SELECT_MULTI")); // the same catalog again: nothing changes
            assertThat(columns(c).stream().filter(n -> n.startsWith("cf_"))).hasSize(2);
            // a restart with the retyped field: the new column is found again, the old one is not written
            JdbcSinkSchema restarted = new JdbcSinkSchema();
            restarted.setDataSource(dataSource);
            restarted.apply(event("SELECT_MULTI"));
            assertThat(restarted.table("coding_issues").columns())
                    .extracting(SinkColumn::name)
                    .contains("cf_30001_json")
                    .doesNotContain("cf_30001");
        }
    }
    /**
     * A status renamed in CODING does not move its issues' UpdatedAt: the issues' live view takes the status's name
     * and type from coding_issuestatuses (and the iteration's name from coding_iterations), and keeps the row's own
     * copy only for a status or iteration the sink does not have.
     */
    @Test
    void theIssuesViewShowsTheCurrentNamesOfStatusesAndIterations() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        JdbcSinkSchema schema = new JdbcSinkSchema();
        schema.setDataSource(dataSource);
        schema.createTables();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            String columns = "(row_key, project, updated_at, doc, synced_at";
            s.execute("INSERT INTO coding_issues " + columns + ", code, type, status_id, status_name, status_type,"
                    + " iteration_code, iteration_name) VALUES"
                    + " ('a', 'p', 1, '{}', CURRENT_TIMESTAMP, 1, 'DEFECT', 7, '待处理', 'TODO', 3, 'Sprint 3'),"
                    + " ('b', 'p', 1, '{}', CURRENT_TIMESTAMP, 2, 'DEFECT', 8, '已修复', 'COMPLETED', 4, 'Sprint 4')");
            s.execute("INSERT INTO coding_issuestatuses " + columns + ", issue_type, status_id, name, status_type)"
                    + " VALUES ('s7', 'p', 1, '{}', CURRENT_TIMESTAMP, 'DEFECT', 7, '待确认', 'TODO'),"
                    + " ('s7m', 'p', 1, '{}', CURRENT_TIMESTAMP, 'MISSION', 7, '未开始', 'TODO')");
            s.execute("INSERT INTO coding_iterations " + columns + ", code, name)"
                    + " VALUES ('i3', 'p', 1, '{}', CURRENT_TIMESTAMP, 3, 'Sprint 3 (renamed)')");
            try (ResultSet r = s.executeQuery("SELECT row_key, status_name, status_type, iteration_name"
                    + " FROM coding_issues_live ORDER BY row_key")) {
                assertThat(r.next()).isTrue();
                assertThat(List.of(r.getString(2), r.getString(3), r.getString(4)))
                        .as("the owners' current names")
                        .containsExactly("待确认", "TODO", "Sprint 3 (renamed)");
                assertThat(r.next()).isTrue();
                assertThat(List.of(r.getString(2), r.getString(3), r.getString(4)))
                        .as("the row's copy when the sink has no owner row")
                        .containsExactly("已修复", "COMPLETED", "Sprint 4");
                assertThat(r.next()).isFalse();
            }
            // a deleted iteration's name is not taken
            s.execute("UPDATE coding_iterations SET deleted = TRUE");
            try (ResultSet r = s.executeQuery("SELECT iteration_name FROM coding_issues_live WHERE row_key = 'a'")) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("Sprint 3");
            }
        }
    }
}
