package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code authorize} against the simulated CODING, and {@code test} on the grant it saved. */
class AuthorizeCommandTest {

    @TempDir
    Path data;

    private CodingSimulator sim;
    private Path file;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(10).start();
        file = data.resolve("coding-oauth.json");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void authorizePrintsTheUrlWaitsForTheRedirectAndSavesTheGrantWithoutPrintingATokenAndTestPasses() throws Exception {
        String out = authorize();
        assertThat(out)
                .contains("Authorized for team acme")
                .contains(file.toString())
                .contains("coding.oauth.credentials=" + file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String saved = Files.readString(file);
        for (String field : List.of("access_token", "refresh_token")) {
            Matcher m = Pattern.compile("\"" + field + "\" : \"([^\"]+)\"").matcher(saved);
            assertThat(m.find()).isTrue();
            assertThat(out).doesNotContain(m.group(1));
        }
        assertThat(out).doesNotContain(sim.oauthClientSecret());

        Cli test = test();
        assertThat(test.exit()).isZero();
        assertThat(test.out())
                .containsPattern("\\[passed\\]  OAuth grant +team acme, access token valid until")
                .contains("issues readable");
        assertThat(sim.oauth().calls()).isNotEmpty();
    }

    @Test
    void testReportsARevokedGrantAsSuchWithTheCommandToRunAgain() throws Exception {
        authorize();
        sim.oauth().revoke(1);
        Cli test = test();
        assertThat(test.exit()).isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(test.out())
                .contains("[failed]  OAuth grant")
                .contains("the OAuth grant of team acme in " + file + " is expired or revoked")
                .contains("run ./coding-sync authorize --client-id " + sim.oauthClientId() + " --credentials " + file
                        + " again")
                .doesNotContain("issues readable");
    }

    @Test
    void testWithoutAGrantSaysToAuthorize() {
        Cli test = test();
        assertThat(test.exit()).isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(test.out())
                .contains("[failed]  OAuth grant")
                .contains("no grant in " + file)
                .contains("run ./coding-sync authorize --client-id");
    }

    @Test
    void authorizeWithoutAClientSecretIsOneLine() {
        Cli cli =
                Cli.run("authorize", "--client-id", "x", "--credentials", file.toString(), "--site-url", sim.siteUrl());
        if (System.getenv("CODING_OAUTH_CLIENT_SECRET") == null) {
            assertThat(cli.exit()).isEqualTo(ExitCode.CONFIGURATION.code());
            assertThat(cli.err()).contains("client secret").contains("CODING_OAUTH_CLIENT_SECRET");
        }
    }

    @Test
    void authorizeHasHelp() {
        Cli cli = Cli.run("authorize", "--help");
        assertThat(cli.exit()).isZero();
        assertThat(cli.out())
                .contains(
                        "--client-id",
                        "--client-secret",
                        "--redirect-port",
                        "--credentials",
                        "--scopes",
                        "--scope-format",
                        "CODING_OAUTH_CLIENT_SECRET");
    }

    /** Runs authorize and plays the browser: opens the printed URL and follows CODING's redirect. */
    private String authorize() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = CodingSync.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "authorize",
                "--client-id",
                sim.oauthClientId(),
                "--client-secret",
                sim.oauthClientSecret(),
                "--credentials",
                file.toString(),
                "--site-url",
                sim.siteUrl(),
                "--set",
                "coding.team=" + sim.team(),
                "--wait",
                "30"));
        Pattern url = Pattern.compile("(http://\\S+/oauth_authorize\\.html\\S+)");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> url.matcher(out.toString()).find() || exit.isDone());
        Matcher m = url.matcher(out.toString());
        assertThat(m.find()).as("printed: %s %s", out, err).isTrue();
        assertThat(m.group(1))
                .contains("scope=user%3Aprofile%3Aro%2Cproject%3Aprofile%3Aro%2Ccollaboration"
                        + "%3Aissue%3Aro%2Cproject%3Amember%3Aro");
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> page =
                http.send(HttpRequest.newBuilder(URI.create(m.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        http.send(
                HttpRequest.newBuilder(
                                URI.create(page.headers().firstValue("Location").orElseThrow()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(exit.get()).as("err: %s", err).isZero();
        System.out.println(out);
        return out + err.toString();
    }

    private Cli test() {
        List<String> args = new ArrayList<>(List.of("test"));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.oauth.credentials=" + file,
                "coding.api-url=" + sim.baseUrl(),
                "coding.tables=issues",
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink=log")) {
            args.add("--set");
            args.add(pair);
        }
        return Cli.run(args.toArray(String[]::new));
    }
}
