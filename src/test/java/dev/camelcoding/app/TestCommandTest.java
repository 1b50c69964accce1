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
    void aMalformedJdbcUrlIsAConfigurationMistakeInTestAsInRun() {
        // one meaning per exit code: 2 is a configuration mistake, for test as for run
        String expected = "coding.sink.jdbc.url=jdbc:nosuchdb//here is not allowed: use an H2 (jdbc:h2:...) or"
                + " PostgreSQL (jdbc:postgresql://host:5432/db) URL";
        Cli test = test("coding.sink.jdbc.url=jdbc:nosuchdb//here");
        assertThat(test.exit()).isEqualTo(2);
        assertThat(test.err().strip()).isEqualTo("coding-sync test: " + expected);
        Cli run = Cli.run(
                "run",
                "--set",
                "coding.team=acme",
                "--set",
                "coding.project=web",
                "--set",
                "coding.token=t",
                "--set",
                "coding.sink.jdbc.url=jdbc:nosuchdb//here");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("coding-sync run: " + expected);
    }

    @Test
    void anUnwritableDataDirectoryFailsTestAndRunInOneLine() throws IOException {
        // root ignores permission bits: a parent that is a regular file stops everyone
        Path file = java.nio.file.Files.writeString(data.resolve("a-file"), "x");
        String expected = "coding.data-dir: " + file.resolve("state") + " cannot be written: " + file
                + " is a file, not a directory; use a path this user can create and write";
        Cli test = test("coding.data-dir=" + file.resolve("state"));
        assertThat(test.exit()).isEqualTo(2);
        assertThat(test.err().strip()).isEqualTo("coding-sync test: " + expected);
        Cli run = run("coding.data-dir=" + file.resolve("state"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("coding-sync run: " + expected);
    }

    @Test
    void everyPathRunWritesIsCheckedByTestAndRun() throws IOException {
        Path file = java.nio.file.Files.writeString(data.resolve("a-file"), "x");
        String[][] cases = {
            {
                "coding.store.url=jdbc:h2:file:" + file.resolve("store") + ";AUTO_SERVER=TRUE",
                "coding.store.url: " + file.resolve("store.mv.db")
            },
            {
                "coding.sink.jdbc.url=jdbc:h2:file:" + file.resolve("db") + ";AUTO_SERVER=TRUE",
                "coding.sink.jdbc.url: " + file.resolve("db.mv.db")
            },
            {
                "coding.oauth.credentials=" + file.resolve("oauth.json"),
                "coding.oauth.credentials: " + file.resolve("oauth.json")
            },
        };
        for (String[] c : cases) {
            for (Cli cli : List.of(test(c[0]), run(c[0]))) {
                assertThat(cli.exit()).as(c[0]).isEqualTo(2);
                assertThat(cli.err().strip())
                        .as(c[0])
                        .endsWith(c[1] + " cannot be written: " + file
                                + " is a file, not a directory; use a path this user can create and write");
            }
        }
        Cli jsonl = test("coding.sink=jsonl", "coding.sink.jsonl.dir=" + file.resolve("jsonl"));
        assertThat(jsonl.exit()).isEqualTo(2);
        assertThat(jsonl.err()).contains("coding.sink.jsonl.dir: " + file.resolve("jsonl") + " cannot be written");
    }

    /** run with the same settings as test, in this JVM: it fails before starting anything, so it returns. */
    private Cli run(String... sets) {
        List<String> args = new ArrayList<>(List.of("run"));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=jdbc:h2:mem:run-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")) {
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
        // run gives the same failure the same exit code: a check against the sink, not a configuration mistake
        Cli run = run(
                "coding.sink.jdbc.url=jdbc:postgresql://127.0.0.1:" + closed + "/coding",
                "coding.sink.jdbc.user=postgres");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("coding-sync run: ").containsIgnoringCase("refused");
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
