package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.schema.IssueSchema;
import dev.camelcoding.component.schema.IterationSchema;
import dev.camelcoding.component.schema.MemberSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDBC sink's version guard, through the real routes (routes/coding-pipeline + routes/sinks/jdbc) on H2 and on a
 * real PostgreSQL: an event older than the stored row (CODING's UpdatedAt, then the event's ts_ms) never replaces it,
 * and a delete keeps a tombstone so a late or replayed older event cannot resurrect the row. The rows come from the
 * recorded CODING responses.
 */
class JdbcSinkVersionGuardTest {

    private static final String PROJECT = "web";
    private static final long DAY = 86_400_000L;
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
            jdbc = "jdbc:h2:mem:guard-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        } else {
            jdbc = dev.camelcoding.app.it.TestPostgres.jdbcUrl();
            for (String table : new String[] {"issues", "iterations", "projectmembers"}) {
                SyncHarness.execute(jdbc, "DROP TABLE IF EXISTS coding_" + table + " CASCADE");
            }
        }
        Properties p = SyncHarness.sinkOnlySettings(jdbc, data, PROJECT);
        app = ReplayCommand.startWithoutSources(p);
        template = app.camel().createProducerTemplate();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static JsonNode recorded(String name, String field) throws Exception {
        return MAPPER.readTree(Files.readString(Path.of("recorded", name)))
                .path("Response")
                .path(field);
    }

    /** The recorded issue as CODING would return it with another UpdatedAt and name. */
    private static ObjectNode issue(long updatedAt, String name) throws Exception {
        ObjectNode api =
                (ObjectNode) recorded("DescribeIssueResponse.json", "Issue").deepCopy();
        api.put("UpdatedAt", updatedAt);
        api.put("Name", name);
        return IssueSchema.fromApi(api, PROJECT);
    }

    private static long recordedIssueUpdatedAt() throws Exception {
        return recorded("DescribeIssueResponse.json", "Issue").path("UpdatedAt").asLong();
    }

    private static long recordedIssueCode() throws Exception {
        return recorded("DescribeIssueResponse.json", "Issue").path("Code").asLong();
    }

    private void send(
            Op op, String table, ObjectNode key, ObjectNode before, ObjectNode after, String mode, long tsMs) {
        send(
                new ChangeEvent(
                        op,
                        table,
                        key,
                        before,
                        after,
                        new ChangeEvent.Source("acme", PROJECT, mode, null, null, false),
                        tsMs),
                null,
                0,
                0);
    }

    private void send(ChangeEvent event, String passId, int index, int size) {
        // an overwrite pass's place travels in the event (source.pass), as the component writes it
        ChangeEvent sent = passId == null ? event : event.inPass(new ChangeEvent.Pass(passId, index, size));
        Exchange result = template.send("direct:coding-normalize", exchange -> {
            exchange.getMessage().setBody(sent.render().body());
            exchange.getMessage().setHeader(CodingConstants.TABLE, event.table());
            exchange.getMessage().setHeader(CodingConstants.OP, event.op().code());
            exchange.getMessage().setHeader(CodingConstants.KEY, event.key().toString());
            if (passId != null) {
                exchange.getMessage().setHeader(CodingConstants.PASS_ID, passId);
                exchange.setProperty(Exchange.BATCH_INDEX, index);
                exchange.setProperty(Exchange.BATCH_SIZE, size);
                exchange.setProperty(Exchange.BATCH_COMPLETE, index == size - 1);
            }
        });
        assertThat(result.getException()).isNull();
        assertThat(result.getProperty(Exchange.EXCEPTION_CAUGHT))
                .as("the sink took the event")
                .isNull();
    }

    /** The row a user sees (null when there is none or it is deleted). */
    private JsonNode visible(String table, ObjectNode key) throws Exception {
        try (Connection c = SyncHarness.connect(jdbc);
                PreparedStatement s =
                        c.prepareStatement("SELECT * FROM coding_" + table.toLowerCase() + " WHERE row_key = ?")) {
            s.setString(1, key.toString());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                if (hasColumn(r, "deleted") && r.getBoolean("deleted")) {
                    assertThat(SyncHarness.rows(jdbc, table))
                            .as("the live view hides tombstones")
                            .doesNotContainKey(key.toString());
                    return null;
                }
                return MAPPER.readTree(r.getString("doc"));
            }
        }
    }

    private static boolean hasColumn(ResultSet r, String name) throws java.sql.SQLException {
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
            if (r.getMetaData().getColumnLabel(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aReplayedDayOldUpsertDoesNotOverwriteTheCurrentRow(String database) throws Exception {
        start(database);
        long now = recordedIssueUpdatedAt();
        ObjectNode key = IssueSchema.key(PROJECT, recordedIssueCode());
        send(Op.UPDATE, "issues", key, null, issue(now - DAY, "yesterday"), "polling", 1_000);
        send(Op.UPDATE, "issues", key, null, issue(now, "today"), "webhook", 2_000);
        // the dead letter of yesterday's change, replayed today (ts_ms is the event's own: unchanged)
        send(Op.UPDATE, "issues", key, null, issue(now - DAY, "yesterday"), "polling", 1_000);
        assertThat(visible("issues", key).path("name").asText()).isEqualTo("today");
        // an older version seen later (a slow poll) loses too: CODING's time comes first
        send(Op.UPDATE, "issues", key, null, issue(now - 1, "a second earlier"), "polling", 3_000);
        assertThat(visible("issues", key).path("name").asText()).isEqualTo("today");
        assertThat(visible("issues", key).path("updated_at").asLong()).isEqualTo(now);
        // the same version again (a redelivery) and a newer one apply
        send(Op.UPDATE, "issues", key, null, issue(now + 1000, "tomorrow"), "webhook", 4_000);
        assertThat(visible("issues", key).path("name").asText()).isEqualTo("tomorrow");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aDeleteKeepsATombstoneThatNoOlderEventResurrects(String database) throws Exception {
        start(database);
        long now = recordedIssueUpdatedAt();
        ObjectNode key = IssueSchema.key(PROJECT, recordedIssueCode());
        send(Op.UPDATE, "issues", key, null, issue(now, "last version"), "polling", 1_000);
        // ISSUE_DELETED: the payload's issue (with its updated_at) is the event's before
        send(Op.DELETE, "issues", key, issue(now, "last version"), null, "webhook", 2_000);
        assertThat(visible("issues", key)).isNull();

        send(Op.UPDATE, "issues", key, null, issue(now - DAY, "replayed dead letter"), "polling", 500);
        assertThat(visible("issues", key))
                .as("an older version replayed after the delete")
                .isNull();
        send(Op.UPDATE, "issues", key, null, issue(now, "last version"), "polling", 3_000);
        assertThat(visible("issues", key))
                .as("the last version, read by a poll that ran before the delete")
                .isNull();
        send(Op.DELETE, "issues", key, issue(now, "last version"), null, "webhook", 2_000);
        assertThat(visible("issues", key)).as("a redelivered delete").isNull();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aCensusDeleteWithoutCodingTimeKeepsTheRowsVersion(String database) throws Exception {
        start(database);
        long now = recordedIssueUpdatedAt();
        ObjectNode key = IssueSchema.key(PROJECT, recordedIssueCode());
        send(Op.UPDATE, "issues", key, null, issue(now, "last version"), "polling", 1_000);
        send(Op.DELETE, "issues", key, null, null, "reconcile", 2_000);
        assertThat(visible("issues", key)).isNull();
        send(Op.UPDATE, "issues", key, null, issue(now, "last version"), "polling", 1_000);
        assertThat(visible("issues", key)).as("the replayed last version").isNull();

        // a delete for a key never seen: a tombstone with the delete's version only
        ObjectNode unseen = IssueSchema.key(PROJECT, 999_999);
        send(Op.DELETE, "issues", unseen, null, null, "reconcile", 5_000);
        assertThat(visible("issues", unseen)).isNull();
        send(Op.UPDATE, "issues", unseen, null, issue(now, "created later"), "webhook", 6_000);
        assertThat(visible("issues", unseen).path("name").asText())
                .as("a newer CODING version")
                .isEqualTo("created later");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aMemberReaddedAfterItsRemovalStaysAndAReplayedRemovalDoesNotUndoIt(String database) throws Exception {
        start(database);
        // MEMBER_* payloads carry no time (coding-api.md 4.2): only the events' order is known
        ObjectNode hookMember =
                (ObjectNode) MAPPER.readTree(Files.readString(Path.of("recorded/hook-MEMBER_CREATED.json")))
                        .path("member");
        ObjectNode member = MemberSchema.fromHook(hookMember, PROJECT);
        ObjectNode key = MemberSchema.key(PROJECT, member.path("user_id").asLong());
        assertThat(member.path("updated_at").asLong(0)).isZero();
        send(Op.CREATE, "projectMembers", key, null, member, "webhook", 1_000);
        send(Op.DELETE, "projectMembers", key, member, null, "webhook", 2_000);
        assertThat(visible("projectMembers", key)).isNull();
        send(Op.CREATE, "projectMembers", key, null, member, "webhook", 3_000);
        assertThat(visible("projectMembers", key)).as("added again").isNotNull();
        send(Op.DELETE, "projectMembers", key, member, null, "webhook", 2_000);
        assertThat(visible("projectMembers", key))
                .as("the old removal, replayed")
                .isNotNull();
        send(Op.CREATE, "projectMembers", key, null, member, "webhook", 1_000);
        send(Op.DELETE, "projectMembers", key, member, null, "webhook", 4_000);
        assertThat(visible("projectMembers", key)).as("removed again, later").isNull();
    }

    private static ObjectNode iteration(long code, long updatedAt, String name) throws Exception {
        ObjectNode api = (ObjectNode)
                recorded("DescribeIterationResponse.json", "Iteration").deepCopy();
        api.put("Code", code);
        api.put("UpdatedAt", updatedAt);
        api.put("Name", name);
        return IterationSchema.fromApi(api, PROJECT);
    }

    private void pass(String passId, long tsMs, List<ObjectNode> rows) {
        for (int i = 0; i < rows.size(); i++) {
            ObjectNode row = rows.get(i);
            send(
                    new ChangeEvent(
                            Op.READ,
                            "iterations",
                            IterationSchema.key(PROJECT, row.path("code").asLong()),
                            null,
                            row,
                            new ChangeEvent.Source("acme", PROJECT, "polling", null, null, false),
                            tsMs),
                    passId,
                    i,
                    rows.size());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aReplayedOverwritePassNeitherRollsBackNorDeletesNewerRows(String database) throws Exception {
        start(database);
        long at = recorded("DescribeIterationResponse.json", "Iteration")
                .path("UpdatedAt")
                .asLong();
        ObjectNode one = IterationSchema.key(PROJECT, 1);
        ObjectNode two = IterationSchema.key(PROJECT, 2);
        ObjectNode three = IterationSchema.key(PROJECT, 3);
        pass("pass-1", 1_000, List.of(iteration(1, at, "sprint 1"), iteration(2, at, "sprint 2")));
        pass("pass-2", 2_000, List.of(iteration(1, at + DAY, "sprint 1 renamed")));
        assertThat(visible("iterations", two))
                .as("missing from pass 2: deleted")
                .isNull();
        // created by a webhook after pass 2 read CODING
        send(Op.CREATE, "iterations", three, null, iteration(3, at + 2 * DAY, "sprint 3"), "webhook", 2_500);

        assertThat(visible("iterations", one).path("name").asText()).isEqualTo("sprint 1 renamed");
        pass("pass-1", 1_000, List.of(iteration(1, at, "sprint 1"), iteration(2, at, "sprint 2")));
        assertThat(visible("iterations", one).path("name").asText()).isEqualTo("sprint 1 renamed");
        assertThat(visible("iterations", two))
                .as("not resurrected by the old pass")
                .isNull();
        assertThat(visible("iterations", three))
                .as("not deleted by the old pass")
                .isNotNull();

        pass("pass-2", 2_000, List.of(iteration(1, at + DAY, "sprint 1 renamed")));
        assertThat(visible("iterations", three))
                .as("nor by a replay of pass 2, which read CODING before it")
                .isNotNull();
        pass("pass-3", 3_000, List.of(iteration(1, at + DAY, "sprint 1 renamed")));
        assertThat(visible("iterations", three))
                .as("a pass after it does delete it")
                .isNull();
        assertThat(SyncHarness.rows(jdbc, "iterations")).containsOnlyKeys(one.toString());
    }
}
