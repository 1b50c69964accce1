package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.simulator.CodingSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code test} checks what {@code run} will do: the sink it writes to, the tables it reads, the port it opens. */
class TestCommandTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(30).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Cli test(String... sets) {
        List<String> args = new ArrayList<>(List.of("test"));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.data-dir=" + data.resolve("state"),
                "coding.dead-letter.dir=" + data.resolve("dead"),
                "coding.sink.jdbc.url=jdbc:h2:mem:test-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")) {
            args.add("--set");
            args.add(pair);
        }
        for (String pair : sets) {
            args.add("--set");
            args.add(pair);
        }
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aGoodConfigurationIsReady() {
        Cli cli = test();
        assertThat(cli.exit()).isZero();
        assertThat(cli.out())
                .contains(
                        "[passed]  sink jdbc",
                        "issues readable",
                        "comments readable",
                        "projectMembers readable",
                        "iterations readable",
                        "Ready: 0 failed");
    }

    @Test
    void aMalformedJdbcUrlFailsTheSinkCheck() {
        Cli cli = test("coding.sink.jdbc.url=jdbc:nosuchdb//here");
        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.out()).contains("[failed]  sink jdbc").contains("Not ready");
    }

    @Test
    void aDatabaseThatIsDownFailsTheSinkCheck() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Cli cli = test(
                "coding.sink.jdbc.url=jdbc:postgresql://127.0.0.1:" + closed + "/coding",
                "coding.sink.jdbc.user=postgres");
        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.out()).contains("[failed]  sink jdbc").containsIgnoringCase("refused");
    }

    @Test
    void aTokenWithoutTheProjectsScopeIsReadyBecauseRunNeverReadsProjects() {
        // the calls run makes for its default tables, and nothing else (DescribeCodingProjects,
        // DescribeCodingCurrentUser
        // are refused)
        sim.restrictToken(
                sim.personalToken(),
                Set.of(
                        "DescribeIssueListWithPage",
                        "DescribeIssueCommentList",
                        "DescribeIterationList",
                        "DescribeProjectByName",
                        "DescribeProjectMembers",
                        // the reference tables on by default: project scope, as issues
                        "DescribeProjectIssueTypeList",
                        "DescribeProjectIssueStatusList",
                        "DescribeProjectIssueFieldList"));
        Cli cli = test();
        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).doesNotContain("projects readable", "[failed]");
    }

    @Test
    void onlyTheTablesOfCodingTablesAreChecked() {
        sim.restrictToken(sim.personalToken(), Set.of("DescribeIssueListWithPage", "DescribeIterationList"));
        Cli cli = test("coding.tables=issues,iterations");
        assertThat(cli.exit()).isZero();
        assertThat(cli.out())
                .contains("issues readable", "iterations readable")
                .doesNotContain("comments readable", "projectMembers readable");
    }

    @Test
    void aBadTokenIsReportedAsABadToken() {
        Cli cli = test("coding.token=wrong");
        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.out()).contains("the credential is not valid");
    }

    @Test
    void aTakenWebhookPortFailsTheListenerCheck() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli cli = test(
                    "coding.mode=hybrid",
                    "coding.webhook.secret=s3cret-s3cret",
                    "coding.webhook.host=127.0.0.1",
                    "coding.webhook.port=" + taken.getLocalPort());
            assertThat(cli.exit()).isEqualTo(1);
            assertThat(cli.out()).contains("[failed]  webhook listener can open");
        }
    }
}
