package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./coding-sync verify} end to end: the simulator as CODING, the real routes synced into H2 and PostgreSQL,
 * rows removed, added and altered in the sink by hand; verify finds exactly those (counts and keys) and the calls it
 * made (checked against the simulator's own counters), {@code --repair} puts the fixes in the change log, the next
 * run delivers them, and verify then finds the sink complete.
 */
class VerifyCommandTest {

    private static final String TABLES = "issues,projectMembers,iterations,issueTypes,issueStatuses,issueFields";

    @TempDir
    Path data;

    private CodingSimulator sim;
    private SyncApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void verifyFindsExactlyTheRowsChangedByHandAndRepairMakesTheSinkComplete(String database) throws Exception {
        sim = CodingSimulator.builder().issues(300).iterations(5).members(6).start();
        String jdbc = database(database);
        Properties settings = settings(jdbc);
        syncUntilEqual(settings, jdbc);
        app.close(); // verify --repair appends to the log while no run reads it
        app = null;

        String project = sim.projectName();
        int[] codes = sim.data().issueCodes();
        String removed1 = issueKey(codes[3]);
        String removed2 = issueKey(codes[150]);
        String altered = issueKey(codes[42]);
        String added = issueKey(999_999);
        long memberRemoved = sim.data().projectMembers().get(1).id();
        SyncHarness.execute(
                jdbc, "DELETE FROM coding_issues WHERE row_key IN ('" + removed1 + "', '" + removed2 + "')");
        SyncHarness.execute(
                jdbc, "UPDATE coding_issues SET updated_at = updated_at - 60000 WHERE row_key = '" + altered + "'");
        SyncHarness.execute(
                jdbc,
                "INSERT INTO coding_issues (row_key, project, updated_at, ts_ms, deleted, doc, synced_at, code)"
                        + " VALUES ('" + added + "', '" + project + "', 1, 1, FALSE, '{\"project\":\"" + project
                        + "\",\"code\":999999,\"name\":\"added by hand\"}', CURRENT_TIMESTAMP, 999999)");
        SyncHarness.execute(jdbc, "DELETE FROM coding_projectmembers WHERE user_id = " + memberRemoved);

        long before = sim.counters().total();
        Cli found = Cli.run(args("verify", settings));
        long calls = sim.counters().total() - before;

        assertThat(found.exit()).as(found.out() + found.err()).isEqualTo(1);
        String issues = section(found.out(), "issues");
        assertThat(issues).contains("CODING 300 rows, sink 299 rows: NOT complete");
        assertThat(line(issues, "missing")).startsWith("missing       2 ").contains(removed1, removed2);
        assertThat(line(issues, "gone")).startsWith("gone          1 ").contains(added);
        assertThat(line(issues, "stale")).startsWith("stale         1 ").contains(altered);
        String members = section(found.out(), "projectMembers");
        assertThat(line(members, "missing")).startsWith("missing       1 ").contains("\"user_id\":" + memberRemoved);
        assertThat(members).doesNotContain("gone", "stale");
        for (String table : List.of("iterations", "issueTypes", "issueStatuses", "issueFields")) {
            assertThat(section(found.out(), table)).contains(": complete");
        }
        assertThat(found.out()).contains("The sink is NOT complete.");
        // the calls it printed are the calls CODING saw: one issue page (300 < 500), members (project + list),
        // iterations, types, and statuses and fields per type (5 each)
        assertThat(printedCalls(found.out())).isEqualTo(calls);
        assertThat(calls).isLessThanOrEqualTo(1 + 2 + 1 + 1 + 5 + 5 + 1);
        assertThat(sim.counters().count("DescribeIssueListWithPage")).isGreaterThan(0);

        Cli repaired = Cli.run(args("verify", settings, "--repair"));
        assertThat(repaired.exit()).as(repaired.out() + repaired.err()).isEqualTo(1);
        assertThat(repaired.out()).contains("repair          5 changes appended to the change log");

        // the next run's log consumer delivers the repair; nothing else would touch these rows
        app = new SyncApplication(settings);
        app.start();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, JsonNode> rows = SyncHarness.rows(jdbc, "issues");
            assertThat(rows).containsKeys(removed1, removed2).doesNotContainKey(added);
            assertThat(rows.get(altered).path("updated_at").asLong())
                    .isEqualTo(sim.data().issue(codes[42]).orElseThrow().updatedAt());
            assertThat(versionOf(jdbc, altered))
                    .isEqualTo(sim.data().issue(codes[42]).orElseThrow().updatedAt());
            assertThat(SyncHarness.count(jdbc, "projectMembers"))
                    .isEqualTo(sim.data().projectMembers().size());
        });
        app.close();
        app = null;

        Cli again = Cli.run(args("verify", settings));
        assertThat(again.exit()).as(again.out() + again.err()).isEqualTo(0);
        assertThat(again.out()).contains("The sink is complete.").doesNotContain("NOT complete");
    }

    @Test
    void aJsonLinesSinkIsReplayedIntoItsLatestRowsAndRepairedThroughTheLog() throws Exception {
        sim = CodingSimulator.builder().issues(120).iterations(2).members(2).start();
        Properties settings = settings("jdbc:h2:mem:unused-" + UUID.randomUUID());
        settings.setProperty("coding.tables", "issues");
        settings.setProperty("coding.sink", "jsonl");
        Path dir = data.resolve("jsonl");
        settings.setProperty("coding.sink.jsonl.dir", dir.toString());
        Path file = dir.resolve("issues.jsonl");
        app = new SyncApplication(settings);
        app.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> latestIssueKeys(file) == sim.data().issueCount());
        app.close();
        app = null;

        int[] codes = sim.data().issueCodes();
        String removed = issueKey(codes[7]);
        String altered = issueKey(codes[70]);
        String added = issueKey(777_777);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(file)) {
            com.fasterxml.jackson.databind.node.ObjectNode event =
                    (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(line);
            String key = event.path("key").toString();
            if (key.equals(removed)) {
                continue; // every event of this issue taken out of the file
            }
            if (key.equals(altered)) {
                com.fasterxml.jackson.databind.node.ObjectNode after =
                        (com.fasterxml.jackson.databind.node.ObjectNode) event.path("after");
                after.put("updated_at", after.path("updated_at").asLong() - 60_000);
            }
            lines.add(event.toString());
        }
        lines.add("{\"op\":\"c\",\"table\":\"issues\",\"key\":" + added + ",\"before\":null,\"after\":{\"project\":\""
                + sim.projectName() + "\",\"code\":777777,\"updated_at\":5},\"source\":{\"project\":\""
                + sim.projectName() + "\"},\"ts_ms\":5}");
        java.nio.file.Files.write(file, lines);

        Cli found = Cli.run(args("verify", settings));

        assertThat(found.exit()).as(found.out() + found.err()).isEqualTo(1);
        String issues = section(found.out(), "issues");
        assertThat(issues).contains("CODING 120 rows, sink 120 rows: NOT complete");
        assertThat(line(issues, "missing")).startsWith("missing       1 ").contains(removed);
        assertThat(line(issues, "gone")).startsWith("gone          1 ").contains(added);
        assertThat(line(issues, "stale")).startsWith("stale         1 ").contains(altered);
        assertThat(printedCalls(found.out())).isEqualTo(1); // 120 issues: one page

        Cli repaired = Cli.run(args("verify", settings, "--repair"));
        assertThat(repaired.out()).contains("repair          3 changes appended to the change log");
        app = new SyncApplication(settings);
        app.start();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(java.nio.file.Files.readString(file)).contains("\"key\":" + removed));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Cli.run(args("verify", settings)).exit() == 0);
    }

    /** The keys whose latest event in the file is not a delete. */
    private static long latestIssueKeys(Path file) throws Exception {
        if (!java.nio.file.Files.exists(file)) {
            return 0;
        }
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, Boolean> live = new java.util.HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(file)) {
            if (!line.isBlank()) {
                JsonNode event = mapper.readTree(line);
                live.put(
                        event.path("key").toString(),
                        !"d".equals(event.path("op").asText()));
            }
        }
        return live.values().stream().filter(b -> b).count();
    }

    @Test
    void commentsAreCompleteOnceEveryIssuesCommentsWereRead() throws Exception {
        sim = CodingSimulator.builder()
                .issues(15)
                .iterations(1)
                .members(1)
                .maxCommentsPerIssue(2)
                .start();
        Properties settings = settings("jdbc:h2:mem:verify-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        settings.setProperty("coding.tables", "issues,comments");
        app = new SyncApplication(settings);
        app.start();

        // the comments backfill reads every issue's comments once; verify says so from the sync's saved state
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        Cli.run(args("verify", settings, "--table", "comments")).exit() == 0);
        Cli done = Cli.run(args("verify", settings, "--table", "comments"));

        assertThat(done.out())
                .contains("comments        the comments of all 15 issues read at least once")
                .contains("not compared row by row")
                .contains("API calls       0");
    }

    @Test
    void repairIsRefusedWhileRunReadsTheSource() throws Exception {
        sim = CodingSimulator.builder().issues(20).iterations(2).members(2).start();
        String jdbc = database("h2");
        Properties settings = settings(jdbc);
        syncUntilEqual(settings, jdbc);
        SyncHarness.execute(
                jdbc,
                "DELETE FROM coding_issues WHERE row_key = '"
                        + issueKey(sim.data().issueCodes()[0]) + "'");

        Cli refused = Cli.run(args("verify", settings, "--repair", "--table", "issues"));

        assertThat(refused.exit()).isEqualTo(1);
        // one line (Camel's own log lines aside)
        assertThat(refused.err()
                        .lines()
                        .filter(l -> l.startsWith("coding-sync"))
                        .toList())
                .singleElement()
                .asString()
                .contains("is read by", "stop it, or wait");
    }

    @Test
    void theCallsForFiveThousandIssuesAreTheListPages() throws Exception {
        sim = CodingSimulator.builder().issues(5_000).iterations(1).members(1).start();
        // an empty sink: every issue is missing, and the calls are the same as for a complete one
        Properties settings = settings("jdbc:h2:mem:verify-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

        Cli found = Cli.run(args("verify", settings, "--table", "issues"));

        assertThat(found.exit()).isEqualTo(1);
        assertThat(line(section(found.out(), "issues"), "missing")).startsWith("missing       5000 ");
        long pages = (5_000 + 499) / 500;
        assertThat(sim.counters().count("DescribeIssueListWithPage")).isEqualTo(pages);
        assertThat(sim.counters().total()).isLessThanOrEqualTo(pages + 2);
        assertThat(printedCalls(found.out())).isEqualTo(sim.counters().total());
    }

    @Test
    void aKafkaSinkIsSaidToBeUncheckableWithExitCode2() {
        sim = CodingSimulator.builder().issues(1).iterations(1).members(1).start();
        Properties settings = settings("jdbc:h2:mem:unused-" + UUID.randomUUID());
        settings.setProperty("coding.sink", "kafka");

        Cli cli = Cli.run(args("verify", settings));

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("cannot be read back", "status");
        assertThat(sim.counters().total()).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Properties settings(String jdbc) {
        Properties p = SyncHarness.settings(sim, jdbc, data);
        p.setProperty("coding.tables", TABLES);
        return p;
    }

    private void syncUntilEqual(Properties settings, String jdbc) {
        app = new SyncApplication(settings);
        app.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SyncHarness.count(jdbc, "issues") == sim.data().issueCount()
                        && SyncHarness.count(jdbc, "iterations")
                                == sim.data().iterations().size()
                        && SyncHarness.count(jdbc, "projectMembers")
                                == sim.data().projectMembers().size()
                        && SyncHarness.count(jdbc, "issueFields") > 0
                        && SyncHarness.count(jdbc, "issueStatuses") > 0
                        && SyncHarness.count(jdbc, "issueTypes") > 0);
    }

    private String issueKey(int code) {
        return "{\"project\":\"" + sim.projectName() + "\",\"code\":" + code + "}";
    }

    private static long versionOf(String jdbc, String key) throws Exception {
        try (Connection c = SyncHarness.connect(jdbc);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT updated_at FROM coding_issues WHERE row_key = '" + key + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String database(String kind) throws Exception {
        if (kind.equals("h2")) {
            return "jdbc:h2:mem:verify-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        }
        String url = dev.camelcoding.app.it.TestPostgres.jdbcUrl();
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

    private static String[] args(String command, Properties p, String... more) {
        List<String> args = new ArrayList<>();
        args.add(command);
        for (String key : p.stringPropertyNames()) {
            args.add("--set");
            args.add(key + "=" + p.getProperty(key));
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A table's lines of the report: its heading and the indented lines after it. */
    private static String section(String out, String table) {
        StringBuilder section = new StringBuilder();
        boolean in = false;
        for (String line : out.lines().toList()) {
            if (line.startsWith(table + " ")) {
                in = true;
            } else if (in && !line.startsWith("  ")) {
                break;
            }
            if (in) {
                section.append(line).append('\n');
            }
        }
        assertThat(section).as("the report of " + table + " in:\n" + out).isNotEmpty();
        return section.toString();
    }

    private static String line(String section, String kind) {
        return section.lines()
                .map(String::strip)
                .filter(l -> l.startsWith(kind + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " line in:\n" + section));
    }

    private static long printedCalls(String out) {
        Matcher m = Pattern.compile("API calls\\s+(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }
}
