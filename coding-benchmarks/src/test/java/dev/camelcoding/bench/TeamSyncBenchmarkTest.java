package dev.camelcoding.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.client.CallPriority;
import dev.camelcoding.component.CodingSchemaEndpoint;
import dev.camelcoding.component.schema.RefreshSchedule;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * TeamSyncBenchmark's accounting on a small team (three projects, short simulated phases), against facts that do not
 * come from its own counters: the issue pages a snapshot must read ({@code ceil(issues / 500)}, plus the pass's one
 * call for the newest UpdatedAt), the simulator's rows in the sink, and the limiter's spacing (no more calls than the
 * rate allows in the simulated time).
 */
class TeamSyncBenchmarkTest {

    private static final List<Integer> SIZES = List.of(1_200, 300, 100);

    @Test
    void aSmallTeamsFirstSyncReadsExactlyTheIssuePagesAndEveryChangeArrives() throws Exception {
        TeamSyncOptions options = new TeamSyncOptions(
                SIZES,
                5,
                7,
                1,
                Duration.ofMinutes(10),
                Duration.ofMinutes(20),
                Duration.ofMinutes(40),
                false,
                Duration.ofMinutes(30),
                Duration.ofMinutes(10));
        TeamSyncReport report = TeamSyncBenchmark.run(options);

        assertThat(report.failures).isEmpty();
        long pages = SIZES.stream().mapToLong(n -> (n + 499) / 500).sum(); // 3 + 1 + 1
        assertThat(report.idealIssuePages()).isEqualTo(pages);
        assertThat(report.backfill.byPriority().get(CallPriority.BACKFILL))
                .as("the backfill priority carries the snapshot pages and each pass's newest-UpdatedAt call, nothing"
                        + " more")
                .isEqualTo(pages + SIZES.size());
        assertThat(report.backfill.of("schema")
                        + report.backfill.of("issueTypes")
                        + report.backfill.of("issueFields")
                        + report.backfill.of("issueStatuses"))
                .as("each project's schema and reference tables share one reading (as the product does): its issue"
                        + " types, then fields and statuses for each of the 5; 11 calls, not 22")
                .isEqualTo(SIZES.size() * 11L);
        assertThat(report.backfill.of("projectMembers DescribeProjectByName"))
                .as("the members' project id comes from the team's project list (DescribeCodingProjects' Id)")
                .isZero();
        for (int i = 0; i < SIZES.size(); i++) {
            String project = String.format("p%02d-%d", i, SIZES.get(i));
            assertThat(report.completedAt(project))
                    .as(project + ": its issues, iterations and members all in the sink")
                    .isBetween(0L, report.backfillMillis);
        }
        assertThat(report.backfill.total())
                .as("never more calls than the rate allows in the simulated time (one every 200 ms)")
                .isLessThanOrEqualTo(report.backfillMillis / 200 + 1);
        assertThat(report.p95(true))
                .as("the active project's changes all arrived")
                .isPositive();
        assertThat(report.p95(false))
                .as("the dormant projects' changes all arrived")
                .isPositive();
        // Issue 19: the simulated projects' members last changed long before the start (only issues are edited), so
        // every project's members start backed off: in the 40-minute window, at most once per maxIdleDelay (15 min)
        // each, where a start counted as a change had them polled every minute for the first idle hour (~40 each).
        assertThat(report.window.of("projectMembers"))
                .as("members polls in the window: the start is no change for a project dormant since long before")
                .isLessThanOrEqualTo(SIZES.size() * (40 / 15 + 1));
        assertThat(report.windowMinutes).hasSize(40);
        assertThat(report.windowMinutes)
                .as("no minute of the window has more calls than the rate allows (5 calls/s: 300)")
                .allMatch(n -> n <= 300);
    }

    @Test
    void eachProjectsSchemaJobRunsTheScheduleCodingSchemaMakesAtTheApplicationsDefaults() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            java.util.Set<String> crons = new java.util.HashSet<>();
            for (int i = 0; i < SIZES.size(); i++) {
                String project = String.format("p%02d-%d", i, SIZES.get(i));
                // routes/coding-sources.camel.yaml's coding:schema at application.properties' values (refresh-cron
                // empty: the parameter is passed empty)
                RefreshSchedule product = camel.getEndpoint(
                                "coding:schema?teamName=acme&projectName=" + project + "&token=t&schemaRefresh=true"
                                        + "&schemaRefreshTime=02:00&schemaTimeZone=Asia/Shanghai&modelThreshold=10000"
                                        + "&schemaRefreshCron=",
                                CodingSchemaEndpoint.class)
                        .schedule();
                assertThat(TeamRoutes.schemaSchedule("acme", project)).isEqualTo(product);
                crons.add(product.cron(5).orElseThrow());
            }
            assertThat(crons).as("each project at its own second of the hour").hasSize(SIZES.size());
        }
    }
}
