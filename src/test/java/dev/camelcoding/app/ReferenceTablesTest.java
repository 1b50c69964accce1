package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference tables (projects, issue types, issue statuses, issue fields) are synced by the shipped routes with
 * the default coding.tables, and coding.tables accepts them: before, their sink tables were created and stayed empty,
 * and coding.tables=projects was refused. Checked against the simulator's own catalog, not against our rows.
 */
class ReferenceTablesTest {

    /** The issue types CODING lists for a project (the contract's five system types). */
    private static final List<String> TYPES = List.of("EPIC", "REQUIREMENT", "DEFECT", "MISSION", "SUB_TASK");

    @TempDir
    Path data;

    private CodingSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void theProjectReferenceTablesAreSyncedByDefaultAndEqualCoding() throws Exception {
        sim = CodingSimulator.builder().issues(20).iterations(2).members(3).start();
        String jdbc = "jdbc:h2:mem:reference-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties p = SyncHarness.settings(sim, jdbc, data);
        p.remove("coding.tables"); // the shipped default of routes/application.properties
        int statuses =
                TYPES.stream().mapToInt(t -> sim.data().statusNames(t).size()).sum();
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SyncHarness.count(jdbc, "issueStatuses") == statuses
                            && SyncHarness.count(jdbc, "issueTypes") == TYPES.size()
                            && SyncHarness.count(jdbc, "issueFields") > 0);
            assertThat(app.camel().getRouteController().getRouteStatus("coding-projects"))
                    .as("projects is off by default (it needs the credential to list the team's projects)")
                    .isEqualTo(org.apache.camel.ServiceStatus.Stopped);
            assertThat(values(SyncHarness.rows(jdbc, "issueTypes").values(), "issue_type"))
                    .containsExactlyInAnyOrderElementsOf(TYPES);
            for (String type : TYPES) {
                assertThat(SyncHarness.rows(jdbc, "issueStatuses").values().stream()
                                .filter(r -> r.path("issue_type").asText().equals(type))
                                .map(r -> r.path("name").asText())
                                .collect(Collectors.toSet()))
                        .as("the statuses of %s", type)
                        .isEqualTo(Set.copyOf(sim.data().statusNames(type)));
            }
            assertThat(values(SyncHarness.rows(jdbc, "issueFields").values(), "name"))
                    .as("every custom field of the project is a row")
                    .containsAll(sim.data().customFieldNames());

            // a field added in CODING becomes a row of coding_issuefields within a poll or two
            long added = sim.addCustomField("严重程度", "SELECT_SINGLE", List.of("轻微", "严重"), List.of("DEFECT"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> SyncHarness.rows(jdbc, "issueFields").values().stream()
                            .anyMatch(r -> r.path("field_id").asLong() == added
                                    && r.path("issue_type").asText().equals("DEFECT")));
        }
    }

    @Test
    void theTeamsProjectsAreSyncedWhenCodingTablesListsThem() throws Exception {
        sim = CodingSimulator.builder().issues(5).iterations(1).members(2).start();
        String jdbc = "jdbc:h2:mem:projects-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties p = SyncHarness.settings(sim, jdbc, data);
        p.setProperty("coding.tables", "issues,projects");
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> SyncHarness.count(jdbc, "projects") >= 1);
            assertThat(SyncHarness.rows(jdbc, "projects").values()).anySatisfy(row -> {
                assertThat(row.path("name").asText()).isEqualTo(sim.projectName());
                assertThat(row.path("project_id").asLong()).isEqualTo(sim.projectId());
                assertThat(row.path("team").asText()).isEqualTo(sim.team());
            });
        }
    }

    @Test
    void theReferenceTablesArePolledEveryTenMinutesNotEveryPoll() throws Exception {
        // about 11 calls a poll: at the issues' 60 s delay they alone would cost 660 calls an hour of an idle project
        sim = CodingSimulator.builder().issues(5).iterations(1).members(2).start();
        String jdbc = "jdbc:h2:mem:reference-delay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties p = SyncHarness.settings(sim, jdbc, data);
        p.remove("coding.tables");
        p.remove("coding.poll.delay");
        p.remove("coding.reference.poll-delay"); // the shipped defaults of routes/application.properties
        // (the delay the source's reader polls CODING at, with or without the change log, is the endpoint's)
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            for (String route : List.of("coding-issue-types", "coding-issue-statuses", "coding-issue-fields")) {
                assertThat(((org.apache.camel.support.ScheduledPollEndpoint)
                                        app.camel().getRoute(route).getEndpoint())
                                .getDelay())
                        .as("the delay of %s", route)
                        .isEqualTo(600_000L);
            }
            assertThat(((org.apache.camel.support.ScheduledPollEndpoint)
                                    app.camel().getRoute("coding-issues").getEndpoint())
                            .getDelay())
                    .isEqualTo(60_000L);
        }
    }

    @Test
    void codingTablesAcceptsEachReferenceTable() {
        for (String table : List.of("projects", "issueTypes", "issueStatuses", "issueFields")) {
            Properties overrides = new Properties();
            overrides.setProperty("coding.tables", "issues," + table);
            SyncSettings settings = new SyncSettings(overrides);
            assertThatCode(() -> new SettingsCheck(settings).validate())
                    .as("coding.tables=issues,%s", table)
                    .doesNotThrowAnyException();
        }
    }

    private static Set<String> values(Collection<JsonNode> rows, String field) {
        return rows.stream().map(r -> r.path(field).asText()).collect(Collectors.toSet());
    }
}
