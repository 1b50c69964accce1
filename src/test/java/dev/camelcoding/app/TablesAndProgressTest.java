package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** coding.tables chooses the synced tables under Camel Main and plain Camel (camel run); progress counts rows. */
class TablesAndProgressTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder()
                .issues(40)
                .iterations(5)
                .members(4)
                .maxCommentsPerIssue(2)
                .start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Properties settings(String jdbc) {
        return SyncHarness.settings(sim, jdbc, data);
    }

    @Test
    void tablesLeftOutOfCodingTablesAreNotSyncedUnderCamelMain() {
        String jdbc = "jdbc:h2:mem:tables-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties p = settings(jdbc);
        p.setProperty("coding.tables", "issues,iterations");
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SyncHarness.count(jdbc, "issues") == sim.data().issueCount()
                            && SyncHarness.count(jdbc, "iterations") == 5);
            assertThat(app.camel().getRouteController().getRouteStatus("coding-comments"))
                    .isEqualTo(ServiceStatus.Stopped);
            assertThat(app.camel().getRouteController().getRouteStatus("coding-project-members"))
                    .isEqualTo(ServiceStatus.Stopped);
            assertThat(sim.counters().snapshot())
                    .doesNotContainKeys("DescribeIssueCommentList", "DescribeProjectMembers");
            assertThat(SyncHarness.count(jdbc, "comments")).isZero();
        }
    }

    @Test
    void codingTablesWorksInPlainCamelAsUnderCamelRun() throws Exception {
        // camel run: the YAML files and application.properties in a CamelContext, no SyncApplication
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setLocation("file:routes/application.properties");
            Properties overrides = new Properties();
            overrides.setProperty("coding.tables", "iterations");
            camel.getPropertiesComponent().setOverrideProperties(overrides);
            CodingComponent coding = camel.getComponent("coding", CodingComponent.class);
            coding.getConfiguration().setTeamName(sim.team());
            coding.getConfiguration().setProjectName(sim.projectName());
            coding.getConfiguration().setToken(sim.personalToken());
            coding.getConfiguration().setApiUrl(sim.baseUrl());
            coding.getConfiguration().setDataDirectory(data.toString());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:coding-normalize").routeId("coding-normalize").to("mock:events");
                }
            });
            PluginHelper.getRoutesLoader(camel)
                    .loadRoutes(ResourceHelper.resolveResource(camel, "file:routes/coding-sources.camel.yaml"));
            camel.start();
            assertThat(camel.getRouteController().getRouteStatus("coding-iterations"))
                    .isEqualTo(ServiceStatus.Started);
            assertThat(camel.getRouteController().getRouteStatus("coding-issues"))
                    .isEqualTo(ServiceStatus.Stopped);
            assertThat(camel.getRouteController().getRouteStatus("coding-comments"))
                    .isEqualTo(ServiceStatus.Stopped);
        }
    }

    @Test
    void progressCountsRowsNotEventsAndIsRightAfterARestart() {
        String jdbc = "jdbc:h2:mem:progress-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        int issues = sim.data().issueCount();
        try (SyncApplication app = new SyncApplication(settings(jdbc))) {
            app.start();
            ProgressMeter progress = app.progress();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> progress.count("iterations") >= 5 && SyncHarness.count(jdbc, "issues") == issues);
            // an overwrite pass logs only the rows that changed and a pass end with every key: two renamed iterations
            // are three more events, still 5 rows
            var renamed = sim.data().iterations().stream().limit(2).toList();
            renamed.forEach(it -> sim.updateIteration((int) it.code(), edit -> edit.name(it.name() + " (renamed)")));
            await().atMost(Duration.ofSeconds(60)).until(() -> progress.count("iterations") >= 8);
            String line = progress.line(issues);
            assertThat(line)
                    .contains("iterations 5")
                    .contains("issues " + issues + "/" + issues)
                    .contains("projectMembers " + sim.data().projectMembers().size());
        }
        // a restart: the snapshot is done, so no issue is read again; progress is still right from the first line
        try (SyncApplication app = new SyncApplication(settings(jdbc))) {
            app.start();
            ProgressMeter progress = app.progress();
            assertThat(progress.line(issues)).contains("issues " + issues + "/" + issues);
            assertThat(progress.rows("issues")).isEqualTo(issues);
            // a deleted row is a tombstone in the sink table: progress counts the rows that are still there
            sim.deleteIteration(sim.data().iterations().iterator().next().code());
            await().atMost(Duration.ofSeconds(60)).until(() -> progress.rows("iterations") == 4);
            assertThat(progress.line(issues)).contains("iterations 4");
        }
    }
}
