package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.component.CodingSchemaConsumer;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.IssueSnapshot;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped routes (coding-sync run: coding:issues, coding:schema, the JDBC sink) against the simulator, on H2 and
 * on a real PostgreSQL: the sink tables have typed columns a data engineer can query, checked against the
 * simulator's own data (not against our rows); a custom field added in CODING gets its column after the next
 * schema refresh, and the rows written before keep their data.
 */
class TypedSinkTablesTest {

    @TempDir
    Path data;

    private CodingSimulator sim;
    private SyncApplication app;
    private String jdbc;

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    private void start(String kind) throws Exception {
        sim = CodingSimulator.builder().issues(300).iterations(5).members(6).start();
        if (kind.equals("h2")) {
            jdbc = "jdbc:h2:mem:typed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        } else {
            jdbc = dev.camelcoding.app.it.TestPostgres.jdbcUrl();
            SyncHarness.execute(jdbc, "DROP TABLE IF EXISTS coding_issues CASCADE");
        }
        Properties p = SyncHarness.settings(sim, jdbc, data);
        p.setProperty("coding.tables", "issues");
        app = new SyncApplication(p);
        app.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SyncHarness.count(jdbc, "issues") == sim.data().issueCount());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void openDefectsPerAssigneePerIterationRunOnTypedColumns(String database) throws Exception {
        start(database);
        Map<String, Long> expected = new HashMap<>();
        for (IssueSnapshot issue : sim.data().issues()) {
            if (issue.type().equals("DEFECT") && !issue.statusType().equals("COMPLETED")) {
                expected.merge(issue.assigneeId() + "/" + issue.iterationCode(), 1L, Long::sum);
            }
        }
        assertThat(expected).as("the seed has open defects").isNotEmpty();
        Map<String, Long> actual = new HashMap<>();
        try (Connection c = SyncHarness.connect(jdbc);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COALESCE(assignee_id, 0), COALESCE(iteration_code, 0), COUNT(*)"
                        + " FROM coding_issues_live WHERE type = 'DEFECT' AND status_type <> 'COMPLETED'"
                        + " GROUP BY assignee_id, iteration_code")) {
            while (r.next()) {
                actual.put(r.getLong(1) + "/" + r.getLong(2), r.getLong(3));
            }
        }
        assertThat(actual).isEqualTo(expected);

        // a timestamp column and a select custom field column (客户: option "1" is 华东区 in the simulator's catalog)
        long eastInSimulator = sim.data().issues().stream()
                .filter(i -> "1".equals(i.customFields().get("客户")))
                .count();
        long createdInSimulator = sim.data().issues().stream()
                .filter(i -> i.createdAt() < sim.data().issues().get(0).createdAt() + 86_400_000L)
                .count();
        try (Connection c = SyncHarness.connect(jdbc);
                Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT COUNT(*) FROM coding_issues_live WHERE cf_20001 = '华东区'"))
                    .isEqualTo(eastInSimulator)
                    .isPositive();
            long firstCreated = sim.data().issues().get(0).createdAt();
            try (ResultSet r = s.executeQuery("SELECT created_at FROM coding_issues_live WHERE code = "
                    + sim.data().issues().get(0).code())) {
                r.next();
                assertThat(r.getObject(1, java.time.OffsetDateTime.class)
                                .toInstant()
                                .toEpochMilli())
                        .isEqualTo(firstCreated);
            }
            assertThat(createdInSimulator).isPositive();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aCustomFieldAddedInCodingGetsAColumnAfterTheNextRefreshAndOldRowsKeepTheirData(String database)
            throws Exception {
        start(database);
        Map<String, JsonNode> before = SyncHarness.rows(jdbc, "issues");
        long id = sim.addCustomField("严重程度", "SELECT_SINGLE", List.of("轻微", "严重"), List.of("DEFECT"));
        assertThat(columns()).doesNotContain("cf_" + id);

        CodingSchemaConsumer schema =
                (CodingSchemaConsumer) app.camel().getRoute("coding-schema").getConsumer();
        await().atMost(Duration.ofSeconds(30)).until(schema::started);
        schema.refreshNow();

        assertThat(columns()).contains("cf_" + id);
        assertThat(SyncHarness.rows(jdbc, "issues"))
                .as("rows written before keep their data")
                .isEqualTo(before);

        int defect = sim.data().issues().stream()
                .filter(i -> i.type().equals("DEFECT"))
                .findFirst()
                .orElseThrow()
                .code();
        sim.updateIssue(defect, e -> e.customField(Long.toString(id), "2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection c = SyncHarness.connect(jdbc);
                    Statement s = c.createStatement()) {
                return single(
                                s,
                                "SELECT COUNT(*) FROM coding_issues_live WHERE code = " + defect + " AND cf_" + id
                                        + " = '严重'")
                        == 1;
            }
        });
    }

    /**
     * No schema refresh here (it is hourly): the issues reader re-reads the field definitions when a row carries an
     * unknown field, and the sink adds the column when a row first carries a value of it. Before, the column came only
     * with the next catalog, up to an hour later.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void aCustomFieldCreatedWhileTheSyncRunsGetsItsColumnWithinAPollOrTwo(String database) throws Exception {
        start(database);
        long id = sim.addCustomField("发现版本", "SELECT_SINGLE", List.of("v1", "v2"), List.of("DEFECT"));
        int defect = sim.data().issues().stream()
                .filter(i -> i.type().equals("DEFECT"))
                .findFirst()
                .orElseThrow()
                .code();
        sim.updateIssue(defect, e -> e.customField(Long.toString(id), "2"));
        // poll delay 300 ms: a poll or two is well under 10 s even on a busy machine; the view users query is made
        // again just after the table's column is added, so wait for the column there
        await().atMost(Duration.ofSeconds(10))
                .until(() -> columns("coding_issues_live").contains("cf_" + id));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = SyncHarness.connect(jdbc);
                    Statement s = c.createStatement()) {
                return single(
                                s,
                                "SELECT COUNT(*) FROM coding_issues_live WHERE code = " + defect + " AND cf_" + id
                                        + " = 'v2'")
                        == 1;
            }
        });
    }

    private List<String> columns() throws Exception {
        return columns("coding_issues");
    }

    private List<String> columns(String tableOrView) throws Exception {
        try (Connection c = SyncHarness.connect(jdbc);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM " + tableOrView + " WHERE 1 = 0")) {
            List<String> names = new java.util.ArrayList<>();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                names.add(r.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT));
            }
            return names;
        }
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
