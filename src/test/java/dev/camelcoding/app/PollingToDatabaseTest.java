package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.IssueSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real routes/ files under Camel Main, polling the simulator into H2 and into a real PostgreSQL. */
class PollingToDatabaseTest {

    @TempDir
    Path data;

    private CodingSimulator sim;
    private SyncApplication app;
    private String jdbc;

    private void start(String jdbcUrl) {
        sim = CodingSimulator.builder()
                .issues(400)
                .iterations(7)
                .members(9)
                .maxCommentsPerIssue(2)
                .start();
        jdbc = jdbcUrl;
        app = new SyncApplication(SyncHarness.settings(sim, jdbc, data));
        app.start();
    }

    static java.util.stream.Stream<String> databases() {
        return java.util.stream.Stream.of("h2", "postgresql");
    }

    private static String database(String kind) throws Exception {
        if (kind.equals("h2")) {
            return "jdbc:h2:mem:e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        }
        String url = dev.camelcoding.app.it.TestPostgres.jdbcUrl();
        // one PostgreSQL for the whole run: start from empty sink tables
        for (String table : new String[] {
            "issues",
            "iterations",
            "projectmembers",
            "comments",
            "projects",
            "issuetypes",
            "issuefields",
            "issuestatuses"
        }) {
            SyncHarness.execute(url, "DROP TABLE IF EXISTS coding_" + table + " CASCADE");
        }
        return url;
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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("databases")
    void theSinkTablesEqualCodingAfterTheBackfillAndAfterChanges(String database) throws Exception {
        start(database(database));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SyncHarness.count(jdbc, "issues") == sim.data().issueCount()
                        && SyncHarness.count(jdbc, "iterations")
                                == sim.data().iterations().size()
                        && SyncHarness.count(jdbc, "projectMembers")
                                == sim.data().projectMembers().size());
        assertIssuesEqualSimulator();

        int renamed = sim.data().issueCodes()[5];
        sim.updateIssue(renamed, e -> e.name("renamed during the e2e test"));
        int created = sim.createIssue("MISSION", "created during the e2e test");
        int deleted = sim.data().issueCodes()[9];
        sim.deleteIssue(deleted);
        int iterationGone = sim.data().iterations().get(2).code();
        sim.deleteIteration(iterationGone);
        sim.createIteration("Sprint added in e2e");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(SyncHarness.count(jdbc, "issues")).isEqualTo(sim.data().issueCount());
            assertThat(SyncHarness.count(jdbc, "iterations"))
                    .isEqualTo(sim.data().iterations().size());
            assertIssuesEqualSimulator();
            // the count alone is also right while the pass before the changes is still the sink's latest
            Map<String, JsonNode> iterations = SyncHarness.rows(jdbc, "iterations");
            assertThat(iterations.keySet()).noneMatch(k -> k.contains("\"code\":" + iterationGone + "}"));
        });
    }

    @Test
    void aSinkOutageLeavesDeadLettersThatAReplayDelivers() throws Exception {
        start(database("h2"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SyncHarness.count(jdbc, "issues") == sim.data().issueCount());

        SyncHarness.execute(jdbc, "ALTER TABLE coding_issues RENAME TO coding_issues_away");
        int first = sim.data().issueCodes()[1];
        int second = sim.data().issueCodes()[2];
        sim.updateIssue(first, e -> e.name("changed during the outage"));
        sim.updateIssue(second, e -> e.name("also changed during the outage"));
        Path state = data.resolve("state");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SyncHarness.deadLetters(state).size() >= 2);
        String line = SyncHarness.deadLetters(state).get(0);
        assertThat(line.toLowerCase())
                .contains("reason=", "root_cause=", "coding_issues", "changed during the outage", "attempts=1");

        SyncHarness.execute(jdbc, "ALTER TABLE coding_issues_away RENAME TO coding_issues");
        Object replayed =
                app.camel().createProducerTemplate().requestBody("direct:coding-replay-dead-letters", (Object) null);

        assertThat(replayed).isEqualTo(new dev.camelcoding.sink.ReplayResult(2, 0));
        assertThat(SyncHarness.deadLetters(state)).as("nothing left to replay").isEmpty();
        assertIssuesEqualSimulator();
    }

    private void assertIssuesEqualSimulator() throws Exception {
        Map<String, JsonNode> rows = SyncHarness.rows(jdbc, "issues");
        assertThat(rows).hasSize(sim.data().issueCount());
        for (IssueSnapshot issue : sim.data().issues()) {
            JsonNode row = rows.get("{\"project\":\"" + sim.projectName() + "\",\"code\":" + issue.code() + "}");
            assertThat(row).as("issue " + issue.code()).isNotNull();
            assertThat(row.path("name").asText()).isEqualTo(issue.name());
            assertThat(row.path("updated_at").asLong()).isEqualTo(issue.updatedAt());
            assertThat(row.path("status_id").asLong()).isEqualTo(issue.statusId());
        }
    }
}
