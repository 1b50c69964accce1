package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's "two processes splitting 20 projects and one killed": two {@code coding-sync run} child JVMs on one
 * PostgreSQL store, each with its own H2 sink, {@code coding.projects=scale-*} selecting 20 projects of the
 * simulator's team (one source each: {@code coding.tables=issues}). Checked against the store's lease rows (by the
 * database's clock, the holder id naming the process id) and the simulator, not against logs:
 * <ul>
 *   <li>the 20 sources are split, 10 per process (the fair share, ceil(20 / 2));</li>
 *   <li>after one process is killed with SIGKILL (no clean stop, no lease given back), the survivor holds all 20
 *       within the configured lease expiry ({@code coding.store.lease-duration=6s}, renewed every 2 s): the dead
 *       member's leases and heartbeat row run out at most one lease after the kill, and the survivor's next beat,
 *       at most one renewal later, takes them; one more renewal is allowed for a beat slowed by a loaded machine;</li>
 *   <li>a change made in every project after the kill reaches the survivor's sink, with CODING's version, and, each
 *       process being in a consumer group of its own ({@code coding.sink.consumer-group}), the survivor's sink
 *       holds every issue of every project, those the killed process read included;</li>
 *   <li>the log holds no two entries for one (project, table, key, version): the killed reader's pages are not
 *       appended again by the one that took over (its cursor and appends are fenced by the lease epoch).</li>
 * </ul>
 */
class TeamScaleOutKillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROJECTS = 20;
    private static final int ISSUES_EACH = 4;
    /** coding.store.lease-duration: short, so that the takeover takes seconds; renewed every third of it. */
    private static final Duration LEASE = Duration.ofSeconds(6);

    private static final Duration RENEW = LEASE.dividedBy(3);
    /** An upper bound for a child JVM's start, not a pause: seconds on a quiet machine, minutes on a loaded one. */
    private static final Duration START = Duration.ofMinutes(5);

    @TempDir
    Path data;

    private CodingSimulator sim;
    private StoreProcesses processes;

    @BeforeEach
    void start() throws SQLException {
        CodingSimulator.Builder builder = CodingSimulator.builder().issues(2);
        for (int i = 1; i <= PROJECTS; i++) {
            builder.addProject(project(i), ISSUES_EACH);
        }
        sim = builder.start();
        processes = new StoreProcesses("scale_out");
    }

    @AfterEach
    void stop() throws Exception {
        processes.close();
        sim.close();
    }

    private static String project(int i) {
        return String.format("scale-%02d", i);
    }

    /** One process: the shared store, its own data directory and sink. */
    private record Node(String name, String sinkUrl, List<String> sets) {}

    private Node node(String name) throws Exception {
        Path dir = data.resolve(name);
        String sinkUrl = "jdbc:h2:file:" + dir.resolve("sink").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        processes.holdSink(sinkUrl);
        List<String> sets = List.of(
                "coding.team=" + sim.team(),
                "coding.project=",
                "coding.projects=scale-*",
                "coding.projects.refresh-interval=0",
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.rate-limit=1000",
                "coding.tables=issues",
                "coding.poll.delay=300",
                "coding.reconcile-interval=0",
                "coding.store.url=" + processes.storeUrl(),
                "coding.store.user=postgres",
                "coding.store.lease-duration=" + LEASE.toSeconds() + "s",
                "coding.webhook.port=" + freePort(),
                "coding.data-dir=" + dir.resolve("state"),
                "coding.sink.jdbc.url=" + sinkUrl,
                "coding.sink.jdbc.user=sa",
                // a sink of its own: a consumer group of its own, so the survivor's sink gets every change
                "coding.sink.consumer-group=" + name);
        return new Node(name, sinkUrl, sets);
    }

    private ChildRun run(Node node) throws Exception {
        ChildRun child = ChildRun.start(data.resolve(node.name()).resolve("run"), List.of("run"), node.sets());
        processes.started(child);
        return child;
    }

    /** Two child JVM starts, a split and a lease expiry: about a minute on a quiet machine, minutes on a loaded one. */
    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void twoProcessesSplitTwentyProjectsAndTheSurvivorTakesTheKilledOnesOverWithinTheLease() throws Exception {
        Node a = node("a");
        Node b = node("b");
        ChildRun runA = run(a);
        ChildRun runB = run(b);
        String holderA = "node-" + runA.pid() + "-";
        String holderB = "node-" + runB.pid() + "-";

        // split: every source read, 10 by each process, and the backfill of every project in the log
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, Integer> held = leasesByProcess(holderA, holderB);
            return held.get("a") == PROJECTS / 2 && held.get("b") == PROJECTS / 2 && loggedEveryIssue();
        });
        System.out.println("split: " + leasesByProcess(holderA, holderB));

        long killed = System.nanoTime();
        runA.kill();
        await().atMost(START)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> leasesByProcess(holderA, holderB).get("b") == PROJECTS);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf(
                "takeover: the survivor held all %d sources %d ms after the kill (lease %s, renewed every %s)%n",
                PROJECTS, takeover.toMillis(), LEASE, RENEW);
        assertThat(takeover)
                .as("the survivor takes the killed process's sources over within the lease expiry plus its next beat")
                .isLessThanOrEqualTo(LEASE.plus(RENEW.multipliedBy(2)));

        // a change in every project, the killed process's and the survivor's, after the kill
        Map<String, Long> changed = new HashMap<>();
        for (int i = 1; i <= PROJECTS; i++) {
            String p = project(i);
            int code = sim.project(p).data().issueCodes()[0];
            sim.project(p).updateIssue(code, e -> e.name("changed after the kill"));
            changed.put(
                    p + "#" + code,
                    sim.project(p).data().issue(code).orElseThrow().updatedAt());
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sinkVersions(b).entrySet().containsAll(changed.entrySet()));
        // in a consumer group of its own, the survivor's sink holds every issue of every project, not only the
        // changes made after the kill: those the killed process read reached it through the log too
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sinkVersions(b).equals(simulatorVersions()));
        assertThat(runB.err()).doesNotContain("Exception in thread");
        assertThat(duplicateLogEntries())
                .as("log entries repeating a (project, table, key, version)")
                .isZero();
        assertThat(runB.stop()).isZero();
    }

    /** Every issue of the scale-* projects with its version, keyed {@code project#code}: CODING's own figures. */
    private Map<String, Long> simulatorVersions() {
        Map<String, Long> versions = new HashMap<>();
        for (int i = 1; i <= PROJECTS; i++) {
            String p = project(i);
            for (int code : sim.project(p).data().issueCodes()) {
                versions.put(
                        p + "#" + code,
                        sim.project(p).data().issue(code).orElseThrow().updatedAt());
            }
        }
        return versions;
    }

    /** The running reader leases of the scale-* sources by process (a, b), by the database's clock. */
    private Map<String, Integer> leasesByProcess(String holderA, String holderB) {
        Map<String, Integer> held = new HashMap<>(Map.of("a", 0, "b", 0, "other", 0));
        try (Connection c = DriverManager.getConnection(processes.storeUrl());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT HOLDER FROM CODING_LOG_LEASE WHERE NAMESPACE LIKE"
                        + " 'coding-reader/%/scale-%/issues' AND HOLDER IS NOT NULL AND EXPIRES_AT > NOW()")) {
            while (r.next()) {
                String holder = r.getString(1);
                held.merge(
                        holder.startsWith(holderA) ? "a" : holder.startsWith(holderB) ? "b" : "other", 1, Integer::sum);
            }
        } catch (SQLException notYet) {
            // the tables are made by the first run
        }
        return held;
    }

    /** Whether the log holds an entry for every issue of every scale-* project (the backfill is done). */
    private boolean loggedEveryIssue() {
        try (Connection c = DriverManager.getConnection(processes.storeUrl());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(DISTINCT PROJECT || ' ' || KEY_JSON) FROM CODING_LOG_ENTRY"
                        + " WHERE TBL = 'issues' AND PROJECT LIKE 'scale-%'")) {
            r.next();
            return r.getLong(1) == (long) PROJECTS * ISSUES_EACH;
        } catch (SQLException notYet) {
            return false;
        }
    }

    private long duplicateLogEntries() throws SQLException {
        try (Connection c = DriverManager.getConnection(processes.storeUrl());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM"
                        + " CODING_LOG_ENTRY WHERE VERSION_MS > 0 GROUP BY TEAM, PROJECT, TBL, KEY_JSON, VERSION_MS"
                        + " HAVING COUNT(*) > 1) repeats")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Each issue's version in a node's sink, keyed {@code project#code} (empty while the sink has no table). */
    private static Map<String, Long> sinkVersions(Node node) {
        Map<String, Long> versions = new HashMap<>();
        try (Connection c = DriverManager.getConnection(node.sinkUrl(), "sa", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT project, doc FROM coding_issues WHERE deleted = FALSE")) {
            while (r.next()) {
                JsonNode doc = JSON.readTree(r.getString(2));
                versions.put(
                        r.getString(1) + "#" + doc.path("code").asLong(),
                        doc.path("updated_at").asLong());
            }
        } catch (Exception notYet) {
            return Map.of();
        }
        return versions;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
