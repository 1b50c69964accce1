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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues 18 and 19: several processes on one store, each writing a sink of its OWN. Two {@code coding-sync run} child
 * JVMs on one PostgreSQL store, an H2 sink each, the same team selection ({@code coding.projects=grp-*}, three
 * projects, {@code coding.tables=issues}) and a consumer group each ({@code coding.sink.consumer-group=sink-a},
 * {@code sink-b}). The two split the reading of CODING (one reader per source), but each sink must hold every row:
 * checked against the simulator (every issue of every project at CODING's version, a change made while both run
 * included), the store (the offsets are named {@code <group>/<route id>}) and the log (no entry twice). Without the
 * groups the processes share each route's offset and each sink holds only part of the changes.
 */
class SinkGroupsProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROJECTS = List.of("grp-1", "grp-2", "grp-3");
    private static final int ISSUES_EACH = 5;
    /** An upper bound for a child JVM's start and backfill, not a pause: seconds quiet, minutes on a loaded machine. */
    private static final Duration START = Duration.ofMinutes(5);

    @TempDir
    Path data;

    private CodingSimulator sim;
    private StoreProcesses processes;

    @BeforeEach
    void start() throws SQLException {
        CodingSimulator.Builder builder = CodingSimulator.builder().issues(2);
        for (String project : PROJECTS) {
            builder.addProject(project, ISSUES_EACH);
        }
        sim = builder.start();
        processes = new StoreProcesses("sink_groups");
    }

    @AfterEach
    void stop() throws Exception {
        processes.close();
        sim.close();
    }

    /** One process: the shared store, its own data directory, its own sink and its own consumer group. */
    private record Node(String group, String sinkUrl, List<String> sets) {}

    private Node node(String group) throws Exception {
        Path dir = data.resolve(group);
        String sinkUrl = "jdbc:h2:file:" + dir.resolve("sink").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        processes.holdSink(sinkUrl);
        List<String> sets = List.of(
                "coding.team=" + sim.team(),
                "coding.project=",
                "coding.projects=grp-*",
                "coding.projects.refresh-interval=0",
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.rate-limit=1000",
                "coding.tables=issues",
                "coding.poll.delay=300",
                "coding.reconcile-interval=0",
                "coding.store.url=" + processes.storeUrl(),
                "coding.store.user=postgres",
                "coding.webhook.port=" + freePort(),
                "coding.data-dir=" + dir.resolve("state"),
                "coding.sink.jdbc.url=" + sinkUrl,
                "coding.sink.jdbc.user=sa",
                "coding.sink.consumer-group=" + group);
        return new Node(group, sinkUrl, sets);
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void twoProcessesWithSinksOfTheirOwnInTwoConsumerGroupsEachWriteEveryChange() throws Exception {
        Node a = node("sink-a");
        Node b = node("sink-b");
        ChildRun runA = ChildRun.start(data.resolve("sink-a").resolve("run"), List.of("run"), a.sets());
        processes.started(runA);
        ChildRun runB = ChildRun.start(data.resolve("sink-b").resolve("run"), List.of("run"), b.sets());
        processes.started(runB);

        // the backfill: every issue of every project at CODING's version, in both sinks
        await().atMost(START)
                .pollInterval(Duration.ofMillis(200))
                .failFast("a run exited", () -> !runA.alive() || !runB.alive())
                .until(() -> sinkVersions(a).equals(simulatorVersions())
                        && sinkVersions(b).equals(simulatorVersions()));

        // a change in every project while both run: whichever process reads a project, both sinks get it
        for (String p : PROJECTS) {
            int code = sim.project(p).data().issueCodes()[0];
            sim.project(p).updateIssue(code, e -> e.name("changed while both run"));
        }
        Map<String, Long> changed = simulatorVersions();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sinkVersions(a).equals(changed) && sinkVersions(b).equals(changed));
        System.out.printf(
                "each sink holds the %d issues of %d projects at CODING's version%n", changed.size(), PROJECTS.size());

        assertThat(offsetNames())
                .as("the offsets in the store, one per group and route")
                .containsExactlyElementsOf(new TreeSet<>(PROJECTS.stream()
                        .flatMap(p -> List.of("sink-a/coding-issues@" + p, "sink-b/coding-issues@" + p).stream())
                        .toList()));
        // status lists the log's offsets by consumer name, so each group's progress is on its own line
        List<String> status = new ArrayList<>(List.of("status"));
        for (String pair : a.sets()) {
            status.add("--set");
            status.add(pair);
        }
        Cli statusOfA = Cli.run(status.toArray(String[]::new));
        assertThat(statusOfA.out())
                .contains("consumer    sink-a/coding-issues@grp-1 at ", "consumer    sink-b/coding-issues@grp-1 at ");
        assertThat(duplicateLogEntries())
                .as("log entries repeating a (project, table, key, version)")
                .isZero();
        assertThat(runA.err()).doesNotContain("Exception in thread");
        assertThat(runB.err()).doesNotContain("Exception in thread");
        assertThat(runA.stop()).isZero();
        assertThat(runB.stop()).isZero();
    }

    /** Every issue of the grp-* projects with its version, keyed {@code project#code}: CODING's own figures. */
    private Map<String, Long> simulatorVersions() {
        Map<String, Long> versions = new HashMap<>();
        for (String p : PROJECTS) {
            for (int code : sim.project(p).data().issueCodes()) {
                versions.put(
                        p + "#" + code,
                        sim.project(p).data().issue(code).orElseThrow().updatedAt());
            }
        }
        return versions;
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

    /** The consumer names of the offsets of the grp-* sources, sorted. */
    private List<String> offsetNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(processes.storeUrl());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT DISTINCT CONSUMER FROM CODING_LOG_OFFSET WHERE PROJECT LIKE"
                        + " 'grp-%' ORDER BY CONSUMER")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
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

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
