package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.team.ProjectRoutes;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.ProjectAccess;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process syncing a selection of the team's projects (coding.projects), against the simulator's team: the default
 * project (demo-project), its empty neighbours sandbox and legacy-portal, and two projects with issues of their own.
 */
class TeamSyncTest {

    @TempDir
    Path data;

    private CodingSimulator sim;
    private String jdbc;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder()
                .issues(12)
                .addProject("mobile-app", 9)
                .addProject("ops", 7)
                .start();
        jdbc = "jdbc:h2:mem:team-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Properties settings(String projects, String exclude) {
        Properties p = SyncHarness.settings(sim, jdbc, data);
        p.setProperty("coding.project", "");
        p.setProperty("coding.projects", projects);
        p.setProperty("coding.projects.exclude", exclude);
        p.setProperty("coding.tables", "issues,iterations,projects");
        // the tests refresh on demand (ProjectRoutes.refresh), not on a schedule
        p.setProperty("coding.projects.refresh-interval", "0");
        return p;
    }

    private long issues(String project) throws Exception {
        try (Connection c = SyncHarness.connect(jdbc);
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM coding_issues_live WHERE project = ?")) {
            s.setString(1, project);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private long issuesOf(String project) {
        return sim.project(project).data().issueCount();
    }

    @Test
    void allSyncsEveryProjectAndTheTeamsProjectsTable() throws Exception {
        try (SyncApplication app = new SyncApplication(settings("*", ""))) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> issues(sim.projectName()) == sim.data().issueCount()
                            && issues("mobile-app") == issuesOf("mobile-app")
                            && issues("ops") == issuesOf("ops")
                            && SyncHarness.count(jdbc, "projects") == 5);
            assertThat(SyncHarness.rows(jdbc, "projects").values().stream()
                            .map(r -> r.path("name").asText())
                            .toList())
                    .containsExactlyInAnyOrder(sim.projectName(), "sandbox", "legacy-portal", "mobile-app", "ops");
            // route ids say table and project; the team's projects table is one route
            assertThat(app.camel().getRouteController().getRouteStatus("coding-issues@ops"))
                    .isEqualTo(ServiceStatus.Started);
            assertThat(app.camel().getRouteController().getRouteStatus("coding-iterations@mobile-app"))
                    .isEqualTo(ServiceStatus.Started);
            assertThat(app.camel().getRouteController().getRouteStatus("coding-projects"))
                    .isEqualTo(ServiceStatus.Started);
            assertThat(app.camel().getRoutes().stream()
                            .filter(r -> r.getEndpoint().getEndpointUri().startsWith("coding://projects"))
                            .count())
                    .isEqualTo(1);
            assertThat(app.projectRoutes().orElseThrow().runningProjects())
                    .containsExactlyInAnyOrder(sim.projectName(), "sandbox", "legacy-portal", "mobile-app", "ops");
            assertThat(syncMarks()).contains("ops synced", "mobile-app synced");
        }
    }

    @Test
    void membersTakeTheirProjectIdFromTheTeamsProjectList() throws Exception {
        Properties p = settings("mobile-app, ops", "");
        p.setProperty("coding.tables", "projectMembers");
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            members("mobile-app") == membersOf("mobile-app") && members("ops") == membersOf("ops"));
            assertThat(sim.counters().count("DescribeProjectMembers")).isPositive();
            assertThat(sim.counters().count("DescribeProjectByName"))
                    .as("DescribeCodingProjects, read for the selection, carries each project's Id: no lookup by name")
                    .isZero();
        }
    }

    private long members(String project) throws Exception {
        return SyncHarness.rows(jdbc, "projectMembers").values().stream()
                .filter(r -> r.path("project").asText().equals(project))
                .count();
    }

    private long membersOf(String project) {
        return sim.project(project).data().projectMembers().size();
    }

    @Test
    void allExceptLeavesTheExcludedProjectsOut() throws Exception {
        try (SyncApplication app = new SyncApplication(settings("*", "ops,sand*"))) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> issues(sim.projectName()) == sim.data().issueCount()
                            && issues("mobile-app") == issuesOf("mobile-app"));
            assertThat(issues("ops")).isZero();
            assertThat(app.projectRoutes().orElseThrow().runningProjects())
                    .containsExactlyInAnyOrder(sim.projectName(), "legacy-portal", "mobile-app");
            assertThat(sim.counters().snapshot()).containsKey("DescribeCodingProjects");
        }
    }

    @Test
    void onlyTheListedProjectsAreSynced() throws Exception {
        try (SyncApplication app = new SyncApplication(settings("mobile-*, ops", ""))) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> issues("mobile-app") == issuesOf("mobile-app") && issues("ops") == issuesOf("ops"));
            assertThat(issues(sim.projectName())).isZero();
            assertThat(app.projectRoutes().orElseThrow().runningProjects())
                    .containsExactlyInAnyOrder("mobile-app", "ops");
        }
    }

    @Test
    void aProjectAddedBackfillsAndOneRemovedStopsWithOneLineKeepingItsRows() throws Exception {
        Captured log = Captured.stderr();
        try (log;
                SyncApplication app = new SyncApplication(settings("*", ""))) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> issues("ops") == issuesOf("ops") && issues("mobile-app") == issuesOf("mobile-app"));
            ProjectRoutes routes = app.projectRoutes().orElseThrow();

            sim.addProject("late-comer", 6);
            sim.removeProject("ops");
            assertThat(routes.refresh()).contains("late-comer").doesNotContain("ops");

            await().atMost(Duration.ofSeconds(60)).until(() -> issues("late-comer") == 6);
            assertThat(app.camel().getRoute("coding-issues@ops")).isNull();
            assertThat(app.camel().getRouteController().getRouteStatus("coding-issues@late-comer"))
                    .isEqualTo(ServiceStatus.Started);
            // its rows stay in the sink, marked there as no longer synced
            assertThat(issues("ops")).isEqualTo(7);
            assertThat(syncMarks()).contains("ops stopped", "late-comer synced", "mobile-app synced");
            // the others keep syncing
            sim.project("mobile-app").createIssue("DEFECT", "after ops left");
            await().atMost(Duration.ofSeconds(60)).until(() -> issues("mobile-app") == issuesOf("mobile-app"));
            assertThat(app.refusedEndpoint()).isEmpty();
        }
        assertThat(log.lines("Project ops: stopped syncing")).hasSize(1);
        assertThat(log.lines("Project late-comer: newly selected")).hasSize(1);
    }

    @Test
    void oneProjectsPermissionErrorStopsThatProjectOnlyWithOneLine() throws Exception {
        sim.projectAccess("ops", ProjectAccess.DENIED);
        Captured log = Captured.stderr();
        try (log;
                SyncApplication app = new SyncApplication(settings("*", ""))) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> issues(sim.projectName()) == sim.data().issueCount()
                            && issues("mobile-app") == issuesOf("mobile-app")
                            && app.projectRoutes()
                                    .orElseThrow()
                                    .stoppedProjects()
                                    .containsKey("ops")
                            && app.camel().getRoute("coding-issues@ops") == null
                            && app.camel().getRoute("coding-iterations@ops") == null);
            assertThat(app.projectRoutes().orElseThrow().stoppedProjects().get("ops"))
                    .contains("permission");
            // run goes on: the refusal concerns one project, not the credential
            assertThat(app.refusedEndpoint()).isEmpty();
            sim.createIssue("DEFECT", "still synced");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> issues(sim.projectName()) == sim.data().issueCount());
            assertThat(issues("ops")).isZero();
            assertThat(syncMarks()).contains("ops stopped");
        }
        // one line for the project, none per table (Camel's own INFO lines on removing a route say neither)
        assertThat(Arrays.stream(log.text().split("\\R"))
                        .filter(l -> l.contains("refused") || l.contains("permission") || l.contains("Unauthorized"))
                        .toList())
                .as(log.text())
                .singleElement()
                .satisfies(l -> assertThat(l).contains("Project ops: stopped syncing", "permission"));
    }

    @Test
    void aRefusedProjectIsAskedOnceARefreshAndComesBackWhenAccessDoes() throws Exception {
        sim.projectAccess("ops", ProjectAccess.DENIED);
        Captured log = Captured.stderr();
        try (log;
                SyncApplication app = new SyncApplication(settings("*", ""))) {
            app.start();
            ProjectRoutes routes = app.projectRoutes().orElseThrow();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> issues("mobile-app") == issuesOf("mobile-app")
                            && routes.stoppedProjects().containsKey("ops")
                            && app.camel().getRoute("coding-issues@ops") == null
                            && app.camel().getRoute("coding-iterations@ops") == null);

            // still refused: each refresh asks CODING once (the only refusals the simulator answers are ops's), and
            // says nothing more
            for (int refresh = 1; refresh <= 2; refresh++) {
                long refusals = sim.counters().totalErrors();
                assertThat(routes.refresh()).doesNotContain("ops");
                assertThat(sim.counters().totalErrors() - refusals)
                        .as("calls refused for ops in refresh %d", refresh)
                        .isEqualTo(1);
            }
            assertThat(app.camel().getRoute("coding-issues@ops")).isNull();

            // access back: the next refresh starts it, without a restart
            sim.projectAccess("ops", ProjectAccess.FULL);
            assertThat(routes.refresh()).contains("ops");
            await().atMost(Duration.ofSeconds(60)).until(() -> issues("ops") == issuesOf("ops"));
            assertThat(routes.stoppedProjects()).doesNotContainKey("ops");
            assertThat(app.camel().getRouteController().getRouteStatus("coding-iterations@ops"))
                    .isEqualTo(ServiceStatus.Started);
            assertThat(syncMarks()).contains("ops synced");
        }
        assertThat(log.lines("Project ops: stopped syncing")).hasSize(1);
        assertThat(log.lines("Project ops: CODING answers its")).hasSize(1);
    }

    @Test
    void aProjectListedAgainComesBackWithoutARestart() throws Exception {
        Captured log = Captured.stderr();
        try (log;
                SyncApplication app = new SyncApplication(settings("*", ""))) {
            app.start();
            ProjectRoutes routes = app.projectRoutes().orElseThrow();
            await().atMost(Duration.ofSeconds(60)).until(() -> issues("ops") == issuesOf("ops"));

            sim.projectAccess("ops", ProjectAccess.HIDDEN); // no longer listed to the credential
            assertThat(routes.refresh()).doesNotContain("ops");
            assertThat(app.camel().getRoute("coding-issues@ops")).isNull();

            sim.projectAccess("ops", ProjectAccess.FULL);
            sim.project("ops").createIssue("DEFECT", "made while ops was not listed");
            assertThat(routes.refresh()).contains("ops");
            await().atMost(Duration.ofSeconds(60)).until(() -> issues("ops") == issuesOf("ops"));
            assertThat(syncMarks()).contains("ops synced");
        }
        assertThat(log.lines("Project ops: stopped syncing")).hasSize(1);
        assertThat(log.lines("Project ops: listed to the credential again")).hasSize(1);
    }

    @Test
    void projectsRefreshReachesTheRunningSyncBeforeItsRefreshInterval() throws Exception {
        Properties p = settings("*", "");
        p.setProperty("coding.projects.refresh-interval", "1h"); // the command must not wait for the schedule
        p.setProperty("coding.tables", "issues"); // no projects table: its polls list the projects too
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> issues("ops") == issuesOf("ops"));
            long listings = sim.counters().count("DescribeCodingProjects");

            sim.addProject("late-comer", 6);
            List<String> args = new ArrayList<>(List.of("projects", "--refresh", "--wait", "60"));
            for (String pair : List.of(
                    "coding.team=" + sim.team(),
                    "coding.projects=*",
                    "coding.token=" + sim.personalToken(),
                    "coding.api-url=" + sim.baseUrl(),
                    "coding.data-dir=" + p.getProperty("coding.data-dir"),
                    "coding.sink.jdbc.url=" + jdbc)) {
                args.add("--set");
                args.add(pair);
            }
            Cli cli = Cli.run(args.toArray(String[]::new));
            assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
            assertThat(cli.out())
                    .contains("project list refresh of team " + sim.team() + " requested", "started late-comer");
            // the running sync read the list once more (the command itself calls nothing)
            assertThat(sim.counters().count("DescribeCodingProjects")).isEqualTo(listings + 1);
            assertThat(app.projectRoutes().orElseThrow().runningProjects()).contains("late-comer");
            await().atMost(Duration.ofSeconds(60)).until(() -> issues("late-comer") == 6);
        }
    }

    @Test
    void projectsRefreshIsRefusedForOneProject() {
        List<String> args = new ArrayList<>(List.of("projects", "--refresh"));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=" + jdbc)) {
            args.add("--set");
            args.add(pair);
        }
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exit()).isNotZero();
        assertThat(cli.err()).contains("--refresh: coding.project syncs one project");
    }

    @Test
    void aSelectionMatchingNothingIsAClearErrorNamingWhatTheCredentialSees() {
        try (SyncApplication app = new SyncApplication(settings("web-*", ""))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(app::start)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("coding.projects=web-* selects none of the 5 projects the credential sees")
                    .hasMessageContaining("mobile-app");
        }
    }

    @Test
    void bothProjectSettingsAreRefused() {
        Properties p = settings("*", "");
        p.setProperty("coding.project", sim.projectName());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SyncApplication(p))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not both");
    }

    @Test
    void testChecksTheCredentialOnceAndEachSelectedProject() {
        sim.projectAccess("ops", ProjectAccess.DENIED);
        List<String> args = new ArrayList<>(List.of("test"));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.projects=mobile-app,ops",
                "coding.tables=issues,iterations",
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=" + jdbc)) {
            args.add("--set");
            args.add(pair);
        }
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.out()).containsOnlyOnce("CODING credential");
        assertThat(lines(cli.out(), "project mobile-app"))
                .singleElement()
                .satisfies(l -> assertThat(l).contains("[passed]", "9 issues", "iterations"));
        assertThat(lines(cli.out(), "project ops"))
                .singleElement()
                .satisfies(l -> assertThat(l).contains("[failed]", "no permission"));
        assertThat(cli.exit()).isEqualTo(ExitCode.CHECK_FAILED.code());
    }

    @Test
    void projectsSaysWhichProjectsTheTeamSelectionSyncs() {
        List<String> args = new ArrayList<>(List.of("projects", "--no-counts"));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.projects=mobile-*,ops",
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=" + jdbc)) {
            args.add("--set");
            args.add(pair);
        }
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exit()).isZero();
        assertThat(cli.out())
                .containsPattern("(?m)^mobile-app\\s+-\\s+yes\\s")
                .containsPattern("(?m)^ops\\s+-\\s+yes\\s")
                .containsPattern("(?m)^" + sim.projectName() + "\\s+-\\s+no\\s")
                .contains("5 projects of team " + sim.team() + " visible to this credential, 2 synced by this"
                        + " configuration (coding.projects)");
    }

    private static List<String> lines(String text, String containing) {
        return Arrays.stream(text.split("\\R"))
                .filter(l -> l.contains(containing))
                .toList();
    }

    /** coding_project_sync as "project synced|stopped" lines. */
    private List<String> syncMarks() throws Exception {
        List<String> marks = new ArrayList<>();
        try (Connection c = SyncHarness.connect(jdbc);
                ResultSet r =
                        c.createStatement().executeQuery("SELECT project, synced, since_ms FROM coding_project_sync")) {
            while (r.next()) {
                assertThat(r.getLong(3)).isPositive();
                marks.add(r.getString(1) + (r.getBoolean(2) ? " synced" : " stopped"));
            }
        }
        return marks;
    }

    /** The application's log (slf4j-simple writes to System.err) while a test runs, and on the console as before. */
    private static final class Captured implements AutoCloseable {
        private final PrintStream before = System.err;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        static Captured stderr() {
            Captured c = new Captured();
            System.setErr(new PrintStream(
                    new OutputStream() {
                        @Override
                        public void write(int b) {
                            c.before.write(b);
                            c.copy.write(b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            c.before.write(b, off, len);
                            c.copy.write(b, off, len);
                        }
                    },
                    true,
                    StandardCharsets.UTF_8));
            return c;
        }

        String text() {
            return copy.toString(StandardCharsets.UTF_8);
        }

        List<String> lines(String containing) {
            return TeamSyncTest.lines(text(), containing);
        }

        @Override
        public void close() {
            System.setErr(before);
        }
    }
}
