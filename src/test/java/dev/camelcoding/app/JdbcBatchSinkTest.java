package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.changelog.ChangeExchanges;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.schema.IssueSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batch exchanges (a List&lt;Exchange&gt; body, as the coding: consumer hands over with batchSize &gt; 1) through the
 * real routes (routes/coding-pipeline + routes/sinks/jdbc, JdbcBatchSink) on H2 and on a real PostgreSQL. The rows
 * come from the recorded CODING DescribeIssue response; the expected outcome follows the version rules of
 * docs/configuration.md (a newer CODING UpdatedAt wins, a delete keeps a tombstone).
 */
class JdbcBatchSinkTest {

    private static final String PROJECT = "web";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path data;

    private SyncApplication app;
    private ProducerTemplate template;
    private String jdbc;

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    private void start(String kind) throws Exception {
        if (kind.equals("h2")) {
            jdbc = "jdbc:h2:mem:batch-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        } else {
            jdbc = dev.camelcoding.app.it.TestPostgres.jdbcUrl();
            SyncHarness.execute(jdbc, "DROP TABLE IF EXISTS coding_issues CASCADE");
        }
        Properties p = new Properties();
        p.setProperty("coding.team", "acme");
        p.setProperty("coding.project", PROJECT);
        p.setProperty("coding.token", "unused: the sources are not started");
        p.setProperty("coding.api-url", "http://127.0.0.1:9/open-api");
        p.setProperty("coding.data-dir", data.resolve("state").toString());
        p.setProperty("coding.sink", "jdbc");
        p.setProperty("coding.sink.jdbc.url", jdbc);
        p.setProperty("coding.sink.jdbc.user", kind.equals("h2") ? "sa" : "postgres");
        app = ReplayCommand.startWithoutSources(p);
        template = app.camel().createProducerTemplate();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static ObjectNode recordedIssue() throws Exception {
        return (ObjectNode) MAPPER.readTree(Files.readString(Path.of("recorded", "DescribeIssueResponse.json")))
                .path("Response")
                .path("Issue");
    }

    /** The recorded issue under another code, UpdatedAt and name, in the project given. */
    private static ChangeEvent issueEvent(String project, long code, long updatedAt, String name, long tsMs)
            throws Exception {
        ObjectNode api = recordedIssue().deepCopy();
        api.put("Code", code);
        api.put("UpdatedAt", updatedAt);
        api.put("Name", name);
        ObjectNode row = IssueSchema.fromApi(api, project);
        return new ChangeEvent(
                Op.UPDATE,
                "issues",
                IssueSchema.key(project, code),
                null,
                row,
                new ChangeEvent.Source("acme", project, "polling", null, null, true),
                tsMs);
    }

    private static ChangeEvent deleteEvent(long code, long tsMs) {
        return new ChangeEvent(
                Op.DELETE,
                "issues",
                IssueSchema.key(PROJECT, code),
                null,
                null,
                new ChangeEvent.Source("acme", PROJECT, "reconcile", null, null, false),
                tsMs);
    }

    /** One event exchange as the component makes it (ChangeExchanges: the typed change and its headers). */
    private Exchange eventExchange(ChangeEvent event) {
        Exchange exchange = new DefaultExchange(app.camel());
        ChangeExchanges.fill(exchange, CodingChange.of(event));
        return exchange;
    }

    private Exchange sendBatch(List<ChangeEvent> events) {
        List<Exchange> inner = new ArrayList<>();
        for (ChangeEvent event : events) {
            inner.add(eventExchange(event));
        }
        return template.send("direct:coding-normalize", exchange -> {
            exchange.getMessage().setBody(inner);
            exchange.getMessage().setHeader("CamelCodingBatchSize", inner.size());
            exchange.getMessage().setHeader(CodingConstants.TABLE, "issues");
            exchange.getMessage().setHeader(CodingConstants.PROJECT, PROJECT);
        });
    }

    private List<String> deadLetterLines() throws Exception {
        return SyncHarness.deadLetters(data.resolve("state"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void oneRowTheDatabaseRejectsIsTheOnlyDeadLetterOfItsBatch(String database) throws Exception {
        start(database);
        long updatedAt = recordedIssue().path("UpdatedAt").asLong();
        List<ChangeEvent> batch = new ArrayList<>();
        for (long code = 1; code <= 500; code++) {
            batch.add(issueEvent(PROJECT, code, updatedAt, "issue " + code, 1_000 + code));
        }
        // a constraint (as a schema migration or a user's rule would add) that exactly one row of the batch breaks
        String rejectedKey = IssueSchema.key(PROJECT, 250).toString();
        SyncHarness.execute(
                jdbc, "ALTER TABLE coding_issues ADD CONSTRAINT not_250 CHECK (row_key <> '" + rejectedKey + "')");

        Exchange result = sendBatch(batch);

        assertThat(result.getException())
                .as("the batch completes: the bad row is a dead letter")
                .isNull();
        Map<String, JsonNode> rows = SyncHarness.rows(jdbc, "issues");
        assertThat(rows.size()).isEqualTo(499);
        assertThat(rows).doesNotContainKey(rejectedKey);
        assertThat(rows.get(IssueSchema.key(PROJECT, 7).toString()).path("name").asText())
                .isEqualTo("issue 7");
        List<String> deadLetters = deadLetterLines();
        assertThat(deadLetters).hasSize(1);
        String letter = deadLetters.get(0);
        assertThat(letter).contains("event_key=" + rejectedKey + "\n", "sink_table=issues\n");
        assertThat(letter).containsPattern("reason=[^\n]*the database rejected[^\n]*coding_issues");
        assertThat(letter).as("the database's own words are kept").containsPattern("root_cause=\\w+");
        String event = letter.lines()
                .filter(l -> l.startsWith("event="))
                .findFirst()
                .orElseThrow()
                .substring("event=".length());
        assertThat(MAPPER.readTree(event).path("after").path("name").asText()).isEqualTo("issue 250");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void insideABatchAnOlderVersionNeverOverwritesANewerOneAndADeleteStaysATombstone(String database) throws Exception {
        start(database);
        long updatedAt = recordedIssue().path("UpdatedAt").asLong();
        long hour = 3_600_000L;
        Exchange result = sendBatch(List.of(
                issueEvent(PROJECT, 1, updatedAt + hour, "newer", 2_000),
                issueEvent(PROJECT, 1, updatedAt, "older, arrived later", 3_000),
                issueEvent(PROJECT, 2, updatedAt, "deleted next", 2_000),
                deleteEvent(2, 4_000),
                issueEvent(PROJECT, 2, updatedAt, "deleted next, replayed", 2_000),
                issueEvent(PROJECT, 3, updatedAt, "plain", 2_000)));
        assertThat(result.getException()).isNull();

        // the same batch again (a crash repeated it): the guard absorbs it
        sendBatch(List.of(
                issueEvent(PROJECT, 1, updatedAt, "older, arrived later", 3_000),
                issueEvent(PROJECT, 2, updatedAt, "deleted next", 2_000)));

        Map<String, JsonNode> rows = SyncHarness.rows(jdbc, "issues");
        assertThat(rows.keySet())
                .containsExactlyInAnyOrder(
                        IssueSchema.key(PROJECT, 1).toString(),
                        IssueSchema.key(PROJECT, 3).toString());
        assertThat(rows.get(IssueSchema.key(PROJECT, 1).toString()).path("name").asText())
                .isEqualTo("newer");
        assertThat(deadLetterLines()).isEmpty();
    }

    /**
     * A backfill's batch (rows the table does not hold) is written with plain INSERTs: on H2 the guarded MERGE runs a
     * query for its one-row source per row. H2's own statement statistics count what ran; the rows are those of the
     * events all the same. A second batch of the same keys, a version newer, goes through the guarded statement.
     */
    @org.junit.jupiter.api.Test
    void onH2ABatchOfRowsTheTableDoesNotHoldIsInsertedWithoutAMerge() throws Exception {
        start("h2");
        long updatedAt = recordedIssue().path("UpdatedAt").asLong();
        sendBatch(List.of(issueEvent(PROJECT, 1, updatedAt, "made the table", 1_000))); // the table exists from here
        SyncHarness.execute(jdbc, "SET QUERY_STATISTICS TRUE");
        List<ChangeEvent> batch = new ArrayList<>();
        for (long code = 2; code <= 101; code++) {
            batch.add(issueEvent(PROJECT, code, updatedAt, "issue " + code, 1_000 + code));
        }

        assertThat(sendBatch(batch).getException()).isNull();

        Map<String, Long> executed = statementsExecuted();
        assertThat(executed)
                .as("what the sink ran for 100 new rows: %s", executed)
                .doesNotContainKey("MERGE");
        assertThat(executed.get("INSERT")).isEqualTo(100L);
        Map<String, JsonNode> rows = SyncHarness.rows(jdbc, "issues");
        assertThat(rows).hasSize(101);
        assertThat(rows.get(IssueSchema.key(PROJECT, 77).toString())
                        .path("name")
                        .asText())
                .isEqualTo("issue 77");

        SyncHarness.execute(jdbc, "SET QUERY_STATISTICS FALSE");
        SyncHarness.execute(jdbc, "SET QUERY_STATISTICS TRUE");
        batch.clear();
        for (long code = 2; code <= 101; code++) {
            batch.add(issueEvent(PROJECT, code, updatedAt + 1_000, "issue " + code + ", newer", 5_000 + code));
        }
        assertThat(sendBatch(batch).getException()).isNull();
        assertThat(statementsExecuted()).containsEntry("MERGE", 100L).doesNotContainKey("INSERT");
        assertThat(SyncHarness.rows(jdbc, "issues")
                        .get(IssueSchema.key(PROJECT, 77).toString())
                        .path("name")
                        .asText())
                .isEqualTo("issue 77, newer");
    }

    /** Executions of the statements on the sink's table since statistics were turned on, by their first word. */
    private Map<String, Long> statementsExecuted() throws Exception {
        Map<String, Long> executed = new java.util.TreeMap<>();
        try (java.sql.Connection c = SyncHarness.connect(jdbc);
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery(
                        "SELECT SQL_STATEMENT, EXECUTION_COUNT" + " FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
            while (r.next()) {
                String sql = r.getString(1).trim();
                if (sql.toLowerCase(java.util.Locale.ROOT).matches("(merge|insert) into coding_issues\\b.*")) {
                    executed.merge(
                            sql.substring(0, sql.indexOf(' ')).toUpperCase(java.util.Locale.ROOT),
                            r.getLong(2),
                            Long::sum);
                }
            }
        }
        return executed;
    }
}
