package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * {@code ./coding-sync run} with several projects: each project's hourly schema refresh is a Quartz trigger at its own
 * minute and second of the hour (not all at minute 0, issue 19's top-of-hour storm), unless coding.schema.refresh-cron
 * says otherwise, which every project then runs as written.
 */
class SchemaRefreshSpreadTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder()
                .issues(3)
                .addProject("mobile-app", 2)
                .addProject("ops", 2)
                .start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Properties settings() {
        Properties p =
                SyncHarness.settings(sim, "jdbc:h2:mem:spread-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", data);
        p.setProperty("coding.project", "");
        p.setProperty("coding.projects", "*");
        p.setProperty("coding.tables", "issues"); // the schema route starts with the issues
        p.setProperty("coding.projects.refresh-interval", "0");
        return p;
    }

    /** The cron expressions of the schema refresh triggers Quartz holds (group coding-schema), once there are 5. */
    private static List<String> schemaTriggers(SyncApplication app) throws Exception {
        Scheduler scheduler =
                app.camel().getComponent("quartz", QuartzComponent.class).getScheduler();
        List<String> crons = new ArrayList<>();
        await().atMost(Duration.ofSeconds(120))
                .until(() -> scheduler
                                .getTriggerKeys(GroupMatcher.triggerGroupEquals("coding-schema"))
                                .size()
                        == 5);
        for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals("coding-schema"))) {
            crons.add(((CronTrigger) scheduler.getTrigger(key)).getCronExpression());
        }
        return crons;
    }

    @Test
    void byDefaultEveryProjectOfTheTeamRefreshesAtItsOwnSecondOfTheHour() throws Exception {
        try (SyncApplication app = new SyncApplication(settings())) {
            app.start();
            // the team's five projects, each at SHA-256("acme/<project>")'s first 8 bytes modulo 3600 seconds
            // (computed apart from the product, with Python's hashlib)
            assertThat(sim.team()).isEqualTo("acme");
            assertThat(schemaTriggers(app))
                    .containsExactlyInAnyOrder(
                            "59 28 * * * ?", // demo-project 28:59
                            "21 10 * * * ?", // sandbox
                            "21 41 * * * ?", // legacy-portal
                            "4 25 * * * ?", // mobile-app
                            "20 16 * * * ?"); // ops
        }
    }

    @Test
    void aCronSetByTheUserIsEveryProjectsAsWritten() throws Exception {
        Properties settings = settings();
        settings.setProperty("coding.schema.refresh-cron", "0 0 * * * ?");
        try (SyncApplication app = new SyncApplication(settings)) {
            app.start();
            assertThat(schemaTriggers(app)).containsOnly("0 0 * * * ?").hasSize(5);
        }
    }
}
