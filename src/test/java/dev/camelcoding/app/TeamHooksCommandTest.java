package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.protocol.HookSignature;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import dev.camelcoding.simulator.ProjectAccess;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hooks install|status|remove} for a team selection (coding.projects=* less coding.projects.exclude), against
 * the simulator's team: demo-project, sandbox (hidden from the credential here), legacy-portal (excluded), mobile-app
 * and ops, so the selection is demo-project, mobile-app and ops. What the command did is checked through the
 * simulator's own DescribeServiceHooks answers per project, read raw, and through the deliveries a receiver got.
 */
class TeamHooksCommandTest {

    private static final String PATH = "/coding/webhook/TeamHooksPathSegment42";
    private static final String SECRET = "team-hooks-secret-0123456789";
    private static final List<String> SELECTED = List.of("demo-project", "mobile-app", "ops");

    @TempDir
    Path data;

    private CodingSimulator sim;
    private HttpServer receiver;
    private String baseUrl;
    /** What reached the receiver: "project event signature-valid". */
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = CodingSimulator.builder()
                .issues(6)
                .addProject("mobile-app", 5)
                .addProject("ops", 4)
                .start();
        // a project the credential may not see: not listed, so a team selection cannot take it
        sim.projectAccess("sandbox", ProjectAccess.HIDDEN);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String project = new ObjectMapper()
                    .readTree(body)
                    .path("project")
                    .path("name")
                    .asText();
            received.add(project + " " + exchange.getRequestHeaders().getFirst("X-Coding-Service-Hook-Event") + " "
                    + HookSignature.verify(exchange.getRequestHeaders().getFirst("X-Coding-Signature"), SECRET, body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        baseUrl = "http://127.0.0.1:" + receiver.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        sim.close();
    }

    private Cli hooks(String... args) {
        List<String> all = new ArrayList<>(List.of("hooks"));
        all.addAll(List.of(args));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=",
                "coding.projects=*",
                "coding.projects.exclude=legacy-portal",
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.webhook.path=" + PATH,
                "coding.webhook.secret=" + SECRET,
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=jdbc:h2:mem:team-hooks-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")) {
            all.add("--set");
            all.add(pair);
        }
        return Cli.run(all.toArray(String[]::new));
    }

    /** The project's hooks as the simulator's DescribeServiceHooks answers them, read raw. */
    private List<JsonNode> describedHooks(String project) {
        try (CodingApiClient client = new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(sim.baseUrl())
                .credentials(CodingCredentials.personalToken(sim.personalToken()))
                .requestsPerSecond(10_000)
                .build())) {
            JsonNode answer = client.call(
                    "DescribeServiceHooks",
                    client.params().put("ProjectId", sim.project(project).id()).put("PageSize", 100));
            List<JsonNode> hooks = new ArrayList<>();
            answer.path("Data").path("ServiceHook").forEach(hooks::add);
            return hooks;
        }
    }

    private List<String> serviceUrls(String project) {
        return describedHooks(project).stream()
                .map(hook -> {
                    try {
                        return new ObjectMapper()
                                .readTree(hook.path("ActionProperties").asText())
                                .path("service_url")
                                .asText();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }

    private static List<String> lines(String text, String containing) {
        return Arrays.stream(text.split("\\R"))
                .filter(l -> l.contains(containing))
                .toList();
    }

    @Test
    void installPutsOneHookInEachSelectedProjectAndAgainCreatesNothing() {
        Cli first = hooks("install", "--base-url", baseUrl);
        Cli second = hooks("install", "--base-url", baseUrl);

        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(second.exit()).isZero();
        for (String project : SELECTED) {
            // the simulator's own list: one hook of ours per selected project, after two installs
            assertThat(serviceUrls(project)).as(project).containsExactly(baseUrl + PATH);
            assertThat(lines(first.out(), "project " + project + ": created hook"))
                    .as(first.out())
                    .hasSize(1);
            assertThat(lines(second.out(), "project " + project + ": hook "))
                    .singleElement()
                    .satisfies(l -> assertThat(l).contains("nothing created"));
        }
        // the excluded project, and the one the credential cannot see, are left alone
        assertThat(serviceUrls("legacy-portal")).isEmpty();
        sim.projectAccess("sandbox", ProjectAccess.FULL);
        assertThat(serviceUrls("sandbox")).isEmpty();
        assertThat(first.out()).doesNotContain("legacy-portal", "sandbox");

        // each project's change reaches the one URL once, signed, naming its project
        sim.createIssue("DEFECT", "in the default project");
        sim.project("mobile-app").createIssue("DEFECT", "in mobile-app");
        sim.project("ops").createIssue("MISSION", "in ops");
        sim.project("legacy-portal").createIssue("MISSION", "in the excluded project");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> received.containsAll(List.of(
                        "demo-project ISSUE_CREATED true", "mobile-app ISSUE_CREATED true", "ops ISSUE_CREATED true")));
        assertThat(received).hasSize(3);
        assertThat(first.out() + first.err() + second.out() + second.err())
                .doesNotContain(PATH)
                .doesNotContain(SECRET);
    }

    @Test
    void statusShowsEachProjectsHookAndItsLatestDelivery() {
        assertThat(hooks("install", "--base-url", baseUrl).exit()).isZero();
        sim.project("mobile-app").createIssue("DEFECT", "delivered before status");
        HookDelivery delivered = sim.project("mobile-app").deliveries().get(0);

        Cli status = hooks("status", "--base-url", baseUrl);

        assertThat(status.exit()).isZero();
        for (String project : SELECTED) {
            String hookId = describedHooks(project).get(0).path("Id").asText();
            assertThat(status.out())
                    .contains("project " + project + " (id "
                            + sim.project(project).id() + "):")
                    .contains("hook " + hookId + "  enabled");
        }
        assertThat(status.out())
                .contains(Instant.ofEpochMilli(delivered.sentAtMillis()).truncatedTo(ChronoUnit.SECONDS)
                        + "  ISSUE_CREATED  HTTP 200")
                .contains("3 projects: 3 with our hook");
        assertThat(lines(status.out(), "no delivery yet")).hasSize(2);
    }

    @Test
    void aProjectWhereTheCredentialLacksThePermissionIsNamedWithTheManualStepsAndTheOthersAreInstalled() {
        sim.denyServiceHooks("ops", true);

        Cli install = hooks("install", "--base-url", baseUrl);

        assertThat(install.exit()).isEqualTo(ExitCode.CODING_REFUSED.code());
        List<String> own = install.err()
                .strip()
                .lines()
                .filter(line -> !line.matches("\\d\\d:\\d\\d:\\d\\d INFO .*"))
                .toList();
        assertThat(own)
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("coding-sync hooks install: project ops: ")
                        .contains("service-hook:profile:"));
        assertThat(install.out())
                .contains("In project ops, CODING refused the Service Hook actions")
                .contains("In CODING: Project settings > Developer options > Service Hook > Create")
                .contains("Service URL:   " + baseUrl + "/coding/webhook/Team…");
        assertThat(install.out() + install.err()).doesNotContain(SECRET).doesNotContain(PATH);
        // the other projects went on
        assertThat(serviceUrls("demo-project")).containsExactly(baseUrl + PATH);
        assertThat(serviceUrls("mobile-app")).containsExactly(baseUrl + PATH);
        sim.denyServiceHooks("ops", false);
        assertThat(serviceUrls("ops")).isEmpty();
    }

    @Test
    void removeDeletesOurHookInEachProjectAndLeavesOthers() {
        String theirs = sim.project("mobile-app").registerHook(baseUrl + "/their-ci", "their-secret", List.of());
        assertThat(hooks("install", "--base-url", baseUrl).exit()).isZero();
        assertThat(describedHooks("mobile-app")).hasSize(2);

        Cli remove = hooks("remove", "--base-url", baseUrl);

        assertThat(remove.exit()).isZero();
        for (String project : SELECTED) {
            assertThat(lines(remove.out(), "project " + project + ": removed hook"))
                    .hasSize(1);
            assertThat(serviceUrls(project)).doesNotContain(baseUrl + PATH);
        }
        assertThat(describedHooks("mobile-app"))
                .singleElement()
                .satisfies(h -> assertThat(h.path("Id").asText()).isEqualTo(theirs));
        // nothing of ours is left: a second remove removes nothing
        Cli again = hooks("remove");
        assertThat(lines(again.out(), "nothing removed")).hasSize(3);
    }
}
