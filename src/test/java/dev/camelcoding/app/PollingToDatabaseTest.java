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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real routes/ files under Camel Main, polling the simulator into H2. */
class PollingToDatabaseTest {

    @TempDir
    Path data;
    private CodingSimulator sim;
    private SyncApplication app;
    private String jdbc;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(400).iterations(7).members(9).maxCommentsPerIssue(2).start();
        jdbc = "jdbc:h2:mem:e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        app = new SyncApplication(SyncHarness.settings(sim, jdbc, data));
        app.start();
    }

    @AfterEach
    void stop() {
        app.close();
        sim.close();
    }

    @Test
    void theSinkTablesEqualCodingAfterTheBackfillAndAfterChanges() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> SyncHarness.count(jdbc, "issues") == sim.data().issueCount()
                && SyncHarness.count(jdbc, "iterations") == sim.data().iterations().size()
                && SyncHarness.count(jdbc, "projectMembers") == sim.data().projectMembers().size());
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
            assertThat(SyncHarness.count(jdbc, "iterations")).isEqualTo(sim.data().iterations().size());
            assertIssuesEqualSimulator();
        });
        Map<String, JsonNode> iterations = SyncHarness.rows(jdbc, "iterations");
        assertThat(iterations.keySet()).noneMatch(k -> k.contains("\"code\":" + iterationGone + "}"));
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
