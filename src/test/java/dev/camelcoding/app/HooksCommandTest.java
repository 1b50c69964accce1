package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.protocol.HookSignature;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hooks install|status|remove} against the simulator: what the command did is checked through the simulator's
 * own Open API answers (DescribeServiceHooks read raw), the deliveries it recorded and what a receiver on the hook's
 * URL got, signed with the secret (contract §4.1), not through the command's own output alone.
 */
class HooksCommandTest {

    private static final String PATH = "/coding/webhook/Zq7xTestPathSegment";
    private static final String SECRET = "hooks-test-secret-0123456789";

    @TempDir
    Path data;

    private CodingSimulator sim;
    private HttpServer receiver;
    private String baseUrl;
    /** What reached the receiver: "path event signature-valid-with-SECRET". */
    private final List<String> received = new CopyOnWriteArrayList<>();
    /** The raw bodies and signatures that reached it, for the test that checks a generated secret. */
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

    private final List<String> signatures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = CodingSimulator.builder().issues(12).start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Coding-Signature");
            received.add(exchange.getRequestURI().getRawPath() + " "
                    + exchange.getRequestHeaders().getFirst("X-Coding-Service-Hook-Event") + " "
                    + HookSignature.verify(signature, SECRET, body));
            bodies.add(body);
            signatures.add(signature);
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

    private Cli hooks(String secret, String... args) {
        List<String> all = new ArrayList<>(List.of("hooks"));
        all.addAll(List.of(args));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.webhook.path=" + PATH,
                "coding.webhook.secret=" + secret,
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=jdbc:h2:mem:hooks-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")) {
            all.add("--set");
            all.add(pair);
        }
        return Cli.run(all.toArray(String[]::new));
    }

    /** The project's hooks as the simulator's DescribeServiceHooks answers them, read raw (not through our records). */
    private List<JsonNode> describedHooks() {
        try (CodingApiClient client = new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(sim.baseUrl())
                .credentials(CodingCredentials.personalToken(sim.personalToken()))
                .requestsPerSecond(10_000)
                .build())) {
            JsonNode answer = client.call(
                    "DescribeServiceHooks",
                    client.params().put("ProjectId", sim.projectId()).put("PageSize", 100));
            List<JsonNode> hooks = new ArrayList<>();
            answer.path("Data").path("ServiceHook").forEach(hooks::add);
            return hooks;
        }
    }

    private static String serviceUrl(JsonNode hook) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(hook.path("ActionProperties").asText())
                    .path("service_url")
                    .asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long deliveriesTo(String url, String event) {
        return sim.deliveries().stream()
                .filter(d -> d.url().equals(url) && d.event().equals(event))
                .count();
    }

    @Test
    void installTwiceCreatesOneHookAndTheProjectsChangesReachTheUrlSigned() {
        Cli first = hooks(SECRET, "install", "--base-url", baseUrl + "/");
        Cli second = hooks(SECRET, "install", "--base-url", baseUrl, "--ping");

        assertThat(first.exit()).isZero();
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("nothing created");
        // the simulator's registry: one hook, to our URL, with every event the webhook consumer maps
        List<JsonNode> hooks = describedHooks();
        assertThat(hooks).hasSize(1);
        assertThat(serviceUrl(hooks.get(0))).isEqualTo(baseUrl + PATH);
        List<String> events = new ArrayList<>();
        hooks.get(0).path("Event").forEach(e -> events.add(e.asText()));
        // the handled events CreateServiceHook's Event enum (OpenAPI export) offers: all but these two
        List<String> offered = new ArrayList<>(WebhookUrlCommand.EVENTS);
        offered.removeAll(List.of("ISSUE_HOUR_RECORD_UPDATED", "ITERATION_PLANNED"));
        assertThat(events).containsExactlyInAnyOrderElementsOf(offered);
        // --ping: CODING's PING reached the receiver, and the command showed how it answered
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(PATH + " PING true"));
        assertThat(second.out()).containsPattern("ping: \\S+  PING  HTTP 200");

        int code = sim.data().issueCodes()[0];
        sim.updateIssue(code, e -> e.name("Renamed after the hook was installed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(PATH + " ISSUE_UPDATED true"));
        // one hook: the change was sent once, not once per install
        assertThat(deliveriesTo(baseUrl + PATH, "ISSUE_UPDATED")).isEqualTo(1);
        // the secret path and the secret are not printed in full
        assertThat(first.out() + first.err() + second.out() + second.err())
                .doesNotContain(PATH)
                .doesNotContain(SECRET)
                .contains("/coding/webhook/Zq7x…");
    }

    @Test
    void statusShowsOurHookAndItsLatestDelivery() {
        assertThat(hooks(SECRET, "install", "--base-url", baseUrl).exit()).isZero();
        sim.updateIssue(sim.data().issueCodes()[1], e -> e.description("Changed for the status test"));
        HookDelivery delivered = sim.deliveries().get(sim.deliveries().size() - 1);
        String hookId = describedHooks().get(0).path("Id").asText();

        Cli status = hooks(SECRET, "status", "--base-url", baseUrl);

        assertThat(status.exit()).isZero();
        assertThat(status.out())
                .contains("hook " + hookId + "  enabled  " + (WebhookUrlCommand.EVENTS.size() - 2) + " events")
                .contains(Instant.ofEpochMilli(delivered.sentAtMillis())
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString()
                        + "  " + delivered.event() + "  HTTP " + delivered.responseStatus());
        assertThat(delivered.event()).isEqualTo("ISSUE_UPDATED");
        assertThat(delivered.responseStatus()).isEqualTo(200);
    }

    @Test
    void statusWithoutOurHookSaysSoWithExitCode1() {
        Cli status = hooks(SECRET, "status");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.out()).contains("no hook posts to <any host>/coding/webhook/Zq7x…");
    }

    @Test
    void removeDeletesOursAndLeavesAHookSomeoneElseMade() {
        String theirs = sim.registerHook(baseUrl + "/their-ci", "their-secret", List.of());
        assertThat(hooks(SECRET, "install", "--base-url", baseUrl).exit()).isZero();
        assertThat(describedHooks()).hasSize(2);

        Cli remove = hooks(SECRET, "remove", "--base-url", baseUrl);

        assertThat(remove.exit()).isZero();
        assertThat(remove.out()).contains("1 other hook of this project (not ours): left alone");
        List<JsonNode> left = describedHooks();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("Id").asText()).isEqualTo(theirs);
        // nothing reaches our URL any more; their hook still gets the change
        sim.updateIssue(sim.data().issueCodes()[2], e -> e.name("Changed after remove"));
        assertThat(deliveriesTo(baseUrl + PATH, "ISSUE_UPDATED")).isZero();
        assertThat(deliveriesTo(baseUrl + "/their-ci", "ISSUE_UPDATED")).isEqualTo(1);
        // a second remove finds nothing of ours
        assertThat(hooks(SECRET, "remove").out()).contains("nothing removed");
    }

    @Test
    void aCredentialWithoutThePermissionGetsTheScopeAndTheManualStepsWithExitCode3() {
        sim.denyServiceHooks(true);

        Cli install = hooks(SECRET, "install", "--base-url", baseUrl);

        assertThat(install.exit()).isEqualTo(3);
        // one line of the command's own (the application's INFO log lines, such as the JDBC sink saying how it
        // commits offsets, go to the same stream)
        List<String> own = install.err()
                .strip()
                .lines()
                .filter(line -> !line.matches("\\d\\d:\\d\\d:\\d\\d INFO .*"))
                .toList();
        assertThat(own).hasSize(1);
        assertThat(own.get(0)).startsWith("coding-sync hooks install: ").contains("service-hook:profile:");
        // the scope of contract §3 the simulator names for a refused Service Hook action
        assertThat(install.out())
                .contains("In CODING: Project settings > Developer options > Service Hook > Create")
                .contains("Service URL:   " + baseUrl + "/coding/webhook/Zq7x…")
                .contains("Token:         the value of coding.webhook.secret");
        WebhookUrlCommand.EVENTS.forEach(event -> assertThat(install.out()).contains("     " + event + "\n"));
        assertThat(install.out() + install.err()).doesNotContain(SECRET).doesNotContain(PATH);
        assertThat(describedHooksWhenAllowed()).isEmpty();
    }

    private List<JsonNode> describedHooksWhenAllowed() {
        sim.denyServiceHooks(false);
        return describedHooks();
    }

    @Test
    void anEmptySecretIsGeneratedPrintedOnceAndSignsTheDeliveries() {
        Cli install = hooksWithDefaultPath("", "install", "--base-url", baseUrl);

        assertThat(install.exit()).isZero();
        Matcher path = Pattern.compile("(?m)^   coding\\.webhook\\.path=(/coding/webhook/[A-Za-z0-9_-]{32})$")
                .matcher(install.out());
        Matcher secret = Pattern.compile("(?m)^   coding\\.webhook\\.secret=([A-Za-z0-9_-]{43})$")
                .matcher(install.out());
        assertThat(path.find()).as(install.out()).isTrue();
        assertThat(secret.find()).as(install.out()).isTrue();
        assertThat(serviceUrl(describedHooks().get(0))).isEqualTo(baseUrl + path.group(1));

        sim.updateIssue(sim.data().issueCodes()[3], e -> e.name("Signed with the generated secret"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !bodies.isEmpty());
        assertThat(HookSignature.verify(signatures.get(0), secret.group(1), bodies.get(0)))
                .isTrue();

        // run again before the values were set: the hook made with them is not doubled
        Cli again = hooksWithDefaultPath("", "install", "--base-url", baseUrl);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).contains("nothing created");
        assertThat(describedHooks()).hasSize(1);
    }

    /** With the shipped coding.webhook.path (not set): what a first install on a fresh configuration sees. */
    private Cli hooksWithDefaultPath(String secret, String... args) {
        List<String> all = new ArrayList<>(List.of("hooks"));
        all.addAll(List.of(args));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.webhook.secret=" + secret,
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=jdbc:h2:mem:hooks-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")) {
            all.add("--set");
            all.add(pair);
        }
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void helpNamesTheSubcommandsAndTheScopeAndInstallNeedsABaseUrl() {
        Cli help = Cli.run("hooks", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("install", "status", "remove", "service-hook:profile:rw");
        assertThat(Cli.run("hooks", "install", "--help").out()).contains("--base-url", "--ping");

        Cli noBase = hooks(SECRET, "install");
        assertThat(noBase.exit()).isEqualTo(2);
        assertThat(noBase.err()).contains("--base-url");
        Cli notAUrl = hooks(SECRET, "install", "--base-url", "sync.example.com");
        assertThat(notAUrl.exit()).isEqualTo(2);
        assertThat(notAUrl.err()).contains("--base-url sync.example.com is not allowed");
    }

    @Test
    void anEmptySecretBesideOurExistingHookPrintsNoValuesTheHookWasNotMadeWith() {
        assertThat(hooks(SECRET, "install", "--base-url", baseUrl).exit()).isZero();

        Cli again = hooks("", "install", "--base-url", baseUrl);

        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out())
                .contains("nothing created")
                .contains("coding.webhook.secret is empty: set it to the token the hook above was made with")
                .doesNotContainPattern("coding\\.webhook\\.secret=\\S");
        assertThat(describedHooks()).hasSize(1);
    }
}
