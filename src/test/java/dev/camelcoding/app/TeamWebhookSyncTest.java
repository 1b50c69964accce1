package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.client.ServiceHook;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} of a team selection (coding.projects: demo-project, mobile-app, ops) in webhook and hybrid mode: the
 * Service Hooks {@code hooks install} made in each project post to the one listener and path, and every project's
 * changes land in the sink under their project. A project outside the selection (legacy-portal) whose hook posts to
 * the same URL is answered 202 and changes nothing. Facts are read from the simulator (its deliveries and their HTTP
 * status, its issues) and from the sink's tables.
 */
class TeamWebhookSyncTest {

    private static final List<String> SELECTED = List.of("demo-project", "mobile-app", "ops");

    @TempDir
    Path data;

    private CodingSimulator sim;
    private String jdbc;
    private int hookPort;
    private final String path =
            "/coding/webhook/" + UUID.randomUUID().toString().replace("-", "");
    private final String secret = "team-webhook-" + UUID.randomUUID();

    @BeforeEach
    void start() throws IOException {
        sim = CodingSimulator.builder()
                .issues(6)
                .addProject("mobile-app", 5)
                .addProject("ops", 4)
                .start();
        jdbc = "jdbc:h2:mem:team-webhook-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (ServerSocket socket = new ServerSocket(0)) {
            hookPort = socket.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + hookPort + path;
    }

    private Properties settings(String mode) {
        Properties p = SyncHarness.settings(sim, jdbc, data);
        p.setProperty("coding.project", "");
        p.setProperty("coding.projects", String.join(",", SELECTED));
        p.setProperty("coding.tables", "issues");
        p.setProperty("coding.projects.refresh-interval", "0");
        p.setProperty("coding.mode", mode);
        p.setProperty("coding.backstop-interval", "1s");
        p.setProperty("coding.webhook.host", "127.0.0.1");
        p.setProperty("coding.webhook.port", Integer.toString(hookPort));
        p.setProperty("coding.webhook.path", path);
        p.setProperty("coding.webhook.secret", secret);
        return p;
    }

    /** {@code hooks install} with the run's settings: one hook per selected project, to the one URL. */
    private void installHooks(Properties settings) {
        List<String> args = new ArrayList<>(List.of("hooks", "install", "--base-url", "http://127.0.0.1:" + hookPort));
        for (String key : settings.stringPropertyNames()) {
            args.add("--set");
            args.add(key + "=" + settings.getProperty(key));
        }
        // the command's own store: the run's is opened by the application under test
        args.add("--set");
        args.add("coding.data-dir=" + data.resolve("hooks-state"));
        Cli install = Cli.run(args.toArray(String[]::new));
        assertThat(install.exit()).as(install.out() + install.err()).isZero();
    }

    /** The sink's live issue of {@code project} named {@code name} (its project column as written), or 0. */
    private long issuesNamed(String project, String name) throws Exception {
        try (Connection c = SyncHarness.connect(jdbc);
                PreparedStatement s = c.prepareStatement(
                        "SELECT COUNT(*) FROM coding_issues_live WHERE project = ? AND doc LIKE ?")) {
            s.setString(1, project);
            s.setString(2, "%\"" + name + "\"%");
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (java.sql.SQLException tableNotYetCreated) {
            return 0;
        }
    }

    private long issues(String project) throws Exception {
        try (Connection c = SyncHarness.connect(jdbc);
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM coding_issues_live WHERE project = ?")) {
            s.setString(1, project);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (java.sql.SQLException tableNotYetCreated) {
            return 0;
        }
    }

    private static HookDelivery last(List<HookDelivery> deliveries) {
        return deliveries.get(deliveries.size() - 1);
    }

    /** Each project's issue change lands under its project; the unselected project's delivery: 202, no row. */
    private void eachProjectsChangeLandsUnderItsProject() throws Exception {
        // a project outside the selection whose hook posts to our URL too (made by hand, say)
        sim.project("legacy-portal").registerHook(hookUrl(), secret, List.of());
        for (String project : SELECTED) {
            sim.project(project).createIssue("DEFECT", "created in " + project);
        }
        int renamed = sim.project("ops").data().issueCodes()[0];
        sim.project("ops").updateIssue(renamed, e -> e.name("renamed in ops"));
        sim.project("legacy-portal").createIssue("DEFECT", "created in legacy-portal");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> issuesNamed("demo-project", "created in demo-project") == 1
                        && issuesNamed("mobile-app", "created in mobile-app") == 1
                        && issuesNamed("ops", "created in ops") == 1
                        && issuesNamed("ops", "renamed in ops") == 1);
        for (String project : SELECTED) {
            assertThat(sim.project(project).deliveries())
                    .as(project)
                    .isNotEmpty()
                    .allSatisfy(d -> assertThat(d.responseStatus()).isEqualTo(200));
        }
        // no row of one project's change went under another
        for (String project : SELECTED) {
            for (String other : SELECTED) {
                if (!other.equals(project)) {
                    assertThat(issuesNamed(other, "created in " + project)).isZero();
                }
            }
        }
        HookDelivery outside = last(sim.project("legacy-portal").deliveries());
        assertThat(outside.event()).isEqualTo("ISSUE_CREATED");
        assertThat(outside.responseStatus()).isEqualTo(202);
        assertThat(issues("legacy-portal")).isZero();
    }

    @Test
    void webhookModeSyncsEveryProjectsDeliveriesThroughTheOneListener() throws Exception {
        Properties settings = settings("webhook");
        installHooks(settings);
        try (SyncApplication app = new SyncApplication(settings)) {
            app.start();
            // the listener answers (a PING of each project's hook is answered 200)
            for (String project : SELECTED) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> sim.project(project).ping().responseStatus() == 200);
            }
            eachProjectsChangeLandsUnderItsProject();
            // webhook only: no snapshot, the sink has the delivered rows alone
            assertThat(issues("mobile-app")).isEqualTo(1);
        }
    }

    @Test
    void hybridModeTakesEachProjectsSnapshotAndDeliveriesAndEachProjectsBackstopPollIsItsOwn() throws Exception {
        Properties settings = settings("hybrid");
        installHooks(settings);
        try (SyncApplication app = new SyncApplication(settings)) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SELECTED.stream().allMatch(p -> {
                        try {
                            return issues(p) == sim.project(p).data().issueCount();
                        } catch (Exception e) {
                            return false;
                        }
                    }));
            eachProjectsChangeLandsUnderItsProject();

            // ops loses its hook: its changes reach the sink through ops's own backstop poll, under ops
            try (CodingApiClient client = new CodingApiClient(CodingClientOptions.builder()
                    .apiUrl(sim.baseUrl())
                    .credentials(CodingCredentials.personalToken(sim.personalToken()))
                    .requestsPerSecond(10_000)
                    .build())) {
                for (ServiceHook hook : client.serviceHooks(sim.project("ops").id())) {
                    client.deleteServiceHook(sim.project("ops").id(), hook.id());
                }
            }
            int deliveredToOps = sim.project("ops").deliveries().size();
            sim.project("ops").createIssue("MISSION", "no hook in ops");
            sim.project("mobile-app").createIssue("MISSION", "hook in mobile-app");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> issuesNamed("ops", "no hook in ops") == 1
                            && issuesNamed("mobile-app", "hook in mobile-app") == 1);
            assertThat(sim.project("ops").deliveries()).hasSize(deliveredToOps);
            for (String project : SELECTED) {
                assertThat(issues(project))
                        .as(project)
                        .isEqualTo(sim.project(project).data().issueCount());
            }
            assertThat(issues("legacy-portal")).isZero();
        }
    }

    /**
     * The readers of the projects take their lease one after the other at start. Taking it restarted the reader's
     * whole webhook consumer (for the backstop's first poll to run at once), which took the project's target off the
     * shared listener for a moment: the first project's restart closed and reopened the listener (seen as "Stopped
     * listening" right after start), and a later project's left its deliveries to be answered 202 unsynced-project
     * (acknowledged, never synced) while the other projects kept the listener open. Only the backstop poll restarts.
     */
    @Test
    void theOneListenerStaysOpenAndEachProjectKeepsItsTargetWhileTheReadersTakeTheLead() throws Exception {
        Properties settings = settings("hybrid");
        installHooks(settings);
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(
                new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        stderr.write(b);
                        synchronized (log) {
                            log.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        stderr.write(b, off, len);
                        synchronized (log) {
                            log.write(b, off, len);
                        }
                    }
                },
                true,
                java.nio.charset.StandardCharsets.UTF_8));
        java.util.function.Function<String, Long> lines = text -> {
            synchronized (log) {
                return log.toString(java.nio.charset.StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> l.contains(text))
                        .count();
            }
        };
        try (SyncApplication app = new SyncApplication(settings)) {
            app.start();
            // each reader led and took its project's snapshot (its backstop's first poll, run when it took the lead)
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SELECTED.stream()
                            .allMatch(p -> lines.apply("Leading coding-reader/acme/" + p + "/issues") == 1));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SELECTED.stream().allMatch(p -> {
                        try {
                            return issues(p) == sim.project(p).data().issueCount();
                        } catch (Exception e) {
                            return false;
                        }
                    }));
            for (String project : SELECTED) {
                assertThat(sim.project(project).ping().responseStatus()).isEqualTo(200);
            }
            assertThat(lines.apply("Listening for CODING Service Hook deliveries"))
                    .isEqualTo(1);
            assertThat(lines.apply("Stopped listening for CODING deliveries")).isZero();
            eachProjectsChangeLandsUnderItsProject();
        } finally {
            System.setErr(stderr);
        }
    }
}
