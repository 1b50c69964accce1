package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.IssueSnapshot;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A name copied into an issue row from the table that owns it goes stale when it is renamed there: CODING does not
 * move an issue's UpdatedAt when its iteration is renamed, so only the issues inside the lookback were re-sent with
 * the new name. The issues' live view takes the current name from coding_iterations (and the status names from
 * coding_issuestatuses), on H2 and PostgreSQL. Checked against the simulator's own issues and iterations.
 */
class CurrentNamesTest {

    @TempDir
    Path data;

    private CodingSimulator sim;
    private SyncApplication app;

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
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

    @ParameterizedTest
    @MethodSource("databases")
    void everyIssueShowsTheCurrentNameOfARenamedIteration(String database) throws Exception {
        sim = CodingSimulator.builder().issues(300).iterations(4).members(5).start();
        String jdbc;
        if (database.equals("h2")) {
            jdbc = "jdbc:h2:mem:names-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        } else {
            jdbc = dev.camelcoding.app.it.TestPostgres.jdbcUrl();
            for (String table : new String[] {"issues", "iterations", "issuestatuses"}) {
                SyncHarness.execute(jdbc, "DROP TABLE IF EXISTS coding_" + table + " CASCADE");
            }
        }
        Properties p = SyncHarness.settings(sim, jdbc, data);
        p.setProperty("coding.tables", "issues,iterations,issueStatuses");
        app = new SyncApplication(p);
        app.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SyncHarness.count(jdbc, "issues") == sim.data().issueCount()
                        && SyncHarness.count(jdbc, "iterations")
                                == sim.data().iterations().size());

        Map<Integer, Long> perIteration = new HashMap<>();
        for (IssueSnapshot issue : sim.data().issues()) {
            if (issue.iterationCode() != 0) {
                perIteration.merge(issue.iterationCode(), 1L, Long::sum);
            }
        }
        int iteration = perIteration.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        long issuesInIt = perIteration.get(iteration);
        assertThat(issuesInIt).as("the seed puts issues in iterations").isGreaterThan(3);
        sim.updateIteration(iteration, e -> e.name("Sprint renamed while syncing"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(
                                jdbc,
                                "SELECT COUNT(*) FROM coding_issues_live WHERE iteration_code = " + iteration
                                        + " AND iteration_name = 'Sprint renamed while syncing'")
                        == issuesInIt);
        assertThat(count(jdbc, "SELECT COUNT(*) FROM coding_issues_live WHERE iteration_code = " + iteration))
                .isEqualTo(issuesInIt);

        // the status names are the statuses table's: each issue's status name is its workflow's name for its status
        await().atMost(Duration.ofSeconds(30)).until(() -> SyncHarness.count(jdbc, "issueStatuses") > 0);
        for (String type : new String[] {"DEFECT", "MISSION"}) {
            assertThat(count(
                            jdbc,
                            "SELECT COUNT(*) FROM coding_issues_live WHERE type = '" + type
                                    + "' AND status_name IN ("
                                    + String.join(
                                            ", ",
                                            sim.data().statusNames(type).stream()
                                                    .map(n -> "'" + n + "'")
                                                    .toList())
                                    + ")"))
                    .isEqualTo(sim.data().issues().stream()
                            .filter(i -> i.type().equals(type))
                            .count());
        }
    }

    private static long count(String jdbc, String sql) throws Exception {
        try (Connection c = SyncHarness.connect(jdbc);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
