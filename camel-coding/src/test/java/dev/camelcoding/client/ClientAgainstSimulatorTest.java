package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.protocol.IterationOffsetMode;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.FailureKind;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against the simulator: every action, each error class, paging edges, faults. */
class ClientAgainstSimulatorTest {

    private static CodingSimulator sim;

    @BeforeAll
    static void start() {
        sim = CodingSimulator.builder().issues(240).iterations(30).members(14).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        sim.faults().reset();
        sim.counters().reset();
    }

    private static CodingApiClient client(CodingSimulator simulator, CodingCredentials credentials) {
        return new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(simulator.baseUrl())
                .credentials(credentials)
                .requestsPerSecond(10_000)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(10))
                .maxTotalWait(Duration.ofSeconds(20))
                .build());
    }

    private static CodingApiClient client() {
        return client(sim, CodingCredentials.personalToken(sim.personalToken()));
    }

    @Test
    void everyActionAnswersInTheDocumentedShape() {
        CodingApiClient client = client();
        String project = sim.projectName();

        assertThat(client.currentUser().path("Id").asLong())
                .isEqualTo(sim.data().currentUserId());
        ObjectNode found = client.projectByName(project);
        assertThat(found.path("Id").asLong()).isEqualTo(sim.projectId());
        assertThat(client.projects(10).rows().map(p -> p.path("Name").asText()).toList())
                .contains(project);

        List<ObjectNode> issues =
                client.issues(IssueQuery.byUpdateTime(project, 100)).rows().toList();
        assertThat(issues).hasSize(sim.data().issueCount());
        long code = issues.get(0).path("Code").asLong();
        assertThat(client.issue(project, code).path("Code").asLong()).isEqualTo(code);
        assertThat(client.issueComments(project, code))
                .hasSize(sim.data().comments((int) code).size());

        assertThat(client.iterations(project, 10).rows().count())
                .isEqualTo(sim.data().iterations().size());
        int iteration = sim.data().iterations().get(0).code();
        assertThat(client.iteration(project, iteration).path("Code").asLong()).isEqualTo(iteration);

        assertThat(client.projectMembers(sim.projectId(), 5).rows().count())
                .isEqualTo(sim.data().projectMembers().size());
        assertThat(client.teamMembers(5).rows().count())
                .isEqualTo(sim.data().teamMembers().size());

        assertThat(client.projectIssueTypes(project))
                .extracting(t -> t.path("IssueType").asText())
                .contains("EPIC", "REQUIREMENT", "MISSION", "DEFECT", "SUB_TASK");
        assertThat(client.teamIssueTypes()).isNotEmpty();
        assertThat(client.projectIssueFields(project, "REQUIREMENT")).isNotEmpty();
        assertThat(client.projectIssueStatuses(project, "DEFECT")).isNotEmpty();
        assertThat(sim.counters().errors("DescribeIssue")).isZero();
    }

    @ParameterizedTest(name = "{0} issues")
    @ValueSource(ints = {0, 1, 500, 501})
    void pagingAtTheEdges(int count) {
        try (CodingSimulator small = CodingSimulator.builder().issues(count).start()) {
            CodingApiClient client = client(small, CodingCredentials.personalToken(small.personalToken()));

            List<Long> codes = client.issues(IssueQuery.byUpdateTime(small.projectName(), 500))
                    .rows()
                    .map(r -> r.path("Code").asLong())
                    .toList();

            assertThat(codes).hasSize(small.data().issueCount()).doesNotHaveDuplicates();
            long expectedCalls = Math.max(1, (long) Math.ceil(small.data().issueCount() / 500.0));
            assertThat(small.counters().count("DescribeIssueListWithPage"))
                    .as("no page is fetched beyond the last one")
                    .isEqualTo(expectedCalls);
        }
    }

    @Test
    void pagesAreFetchedOnlyWhenNeeded() {
        Listing listing = client().issues(IssueQuery.byUpdateTime(sim.projectName(), 50));
        assertThat(sim.counters().count("DescribeIssueListWithPage")).isZero();
        listing.next();
        assertThat(sim.counters().count("DescribeIssueListWithPage")).isEqualTo(1);
        client().issues(IssueQuery.byUpdateTime(sim.projectName(), 50))
                .rows()
                .limit(60)
                .count();
        assertThat(sim.counters().count("DescribeIssueListWithPage")).isEqualTo(1 + 2);
    }

    @ParameterizedTest
    @EnumSource(value = IterationOffsetMode.class, names = "DETECT", mode = EnumSource.Mode.EXCLUDE)
    void iterationsPageCorrectlyWhicheverWayOffsetIsRead(IterationOffsetMode mode) {
        try (CodingSimulator s = CodingSimulator.builder()
                .issues(5)
                .iterations(47)
                .iterationOffsetMode(mode)
                .start()) {
            CodingApiClient client = client(s, CodingCredentials.personalToken(s.personalToken()));

            List<Long> codes = client.iterations(s.projectName(), 10)
                    .rows()
                    .map(r -> r.path("Code").asLong())
                    .toList();

            assertThat(codes)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(s.data().iterations().stream()
                            .map(i -> (long) i.code())
                            .toList());
            assertThat(client.iterationOffsetMode().name()).isEqualTo(mode.name());
        }
    }

    @Test
    void oauthAndProjectTokensAreAccepted() {
        assertThat(client(sim, CodingCredentials.oauthToken(sim.oauthToken()))
                        .projectByName(sim.projectName())
                        .path("Id")
                        .asLong())
                .isEqualTo(sim.projectId());
        var projectToken = sim.projectToken();
        assertThat(client(sim, CodingCredentials.projectToken(projectToken.getKey(), projectToken.getValue()))
                        .issuePage(IssueQuery.byUpdateTime(sim.projectName(), 10), 1)
                        .rows())
                .hasSize(10);
    }

    @Test
    void aBadTokenIsAnAuthenticationFailure() {
        assertThatThrownBy(() -> client(sim, CodingCredentials.personalToken("not-the-token"))
                        .currentUser())
                .isInstanceOf(CodingAuthenticationException.class)
                .hasMessageContaining("personal access token")
                .hasMessageNotContaining("not-the-token");
    }

    @Test
    void aRestrictedTokenIsAPermissionFailureNamingTheScope() {
        String token = "members-forbidden-token";
        try (CodingSimulator s =
                CodingSimulator.builder().issues(3).personalToken(token).start()) {
            s.restrictToken(token, Set.of("DescribeIssueListWithPage", "DescribeProjectByName"));
            CodingApiClient client = client(s, CodingCredentials.personalToken(token));

            assertThat(client.issuePage(IssueQuery.byUpdateTime(s.projectName(), 10), 1)
                            .rows())
                    .isNotEmpty();
            assertThatThrownBy(() -> client.projectMembers(s.projectId(), 10).next())
                    .isInstanceOf(CodingPermissionException.class)
                    .hasMessageContaining("project:member:ro");
        }
    }

    @Test
    void anUnknownProjectIsNotFound() {
        assertThatThrownBy(() -> client().projectByName("no-such-project"))
                .isInstanceOf(CodingNotFoundException.class)
                .hasMessageContaining("projectName");
        assertThatThrownBy(() -> client().issuePage(IssueQuery.byUpdateTime("no-such-project", 10), 1))
                .isInstanceOf(CodingNotFoundException.class);
    }

    @Test
    void aMissingParameterIsAnInvalidRequestAndIsNotRetried() {
        CodingApiClient client = client();
        assertThatThrownBy(() -> client.call("DescribeIssue", client.params().put("ProjectName", sim.projectName())))
                .isInstanceOf(CodingInvalidRequestException.class)
                .hasMessageContaining("MissingParameter");
        assertThat(sim.counters().count("DescribeIssue")).isEqualTo(1);
    }

    @Test
    void throttlingWithRetryAfterIsWaitedOut() {
        sim.faults().throttleNext(1, 1, true);
        long started = System.nanoTime();

        assertThat(client().currentUser().path("Id").asLong()).isPositive();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(sim.counters().count("DescribeCodingCurrentUser")).isEqualTo(2);
    }

    @Test
    void theRequestLimitEnvelopeIsRetried() {
        sim.faults().throttleNext(2, 0, false);
        assertThat(client().projectByName(sim.projectName()).path("Id").asLong())
                .isEqualTo(sim.projectId());
        assertThat(sim.counters().count("DescribeProjectByName")).isEqualTo(3);
    }

    @Test
    void injectedFaultsAreRetriedToSuccess() {
        sim.faults().failNext(1, FailureKind.INTERNAL_ERROR).failNext(1, FailureKind.HTTP_502);
        sim.faults().truncateNext(1).resetNext(1);

        List<ObjectNode> rows = client().issues(IssueQuery.byUpdateTime(sim.projectName(), 100))
                .rows()
                .toList();

        assertThat(rows).hasSize(sim.data().issueCount());
        assertThat(sim.counters().errors("DescribeIssueListWithPage")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void unknownFieldsAreKept() {
        sim.faults().unknownFieldsInResponses(true);
        ObjectNode row = client().issuePage(IssueQuery.byUpdateTime(sim.projectName(), 5), 1)
                .rows()
                .get(0);
        assertThat(row.path("XSimulatorUnknown").asText()).isEqualTo("ignore-me");
        assertThat(row.path("Code").asLong()).isPositive();
    }
}
