package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.FailureKind;
import dev.camelcoding.simulator.HookDelivery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * coding.observe.enabled=true: the application answers health and metrics over HTTP on the management port, the way
 * Camel Main serves them (/observe/health, /observe/health/live, /observe/health/ready, /observe/metrics). Checked
 * against what the simulator did (its row counts, its injected outage), not against the component's own numbers.
 */
class ObserveEndpointsTest {

    @TempDir
    Path data;

    private CodingSimulator sim;
    private SyncApplication app;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private record Answer(int status, String body) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(body);
        }
    }

    private Answer get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    @Test
    void healthPerSourceAndMetricsAnswerOverHttp() throws Exception {
        sim = CodingSimulator.builder()
                .issues(60)
                .iterations(3)
                .members(4)
                .maxCommentsPerIssue(0)
                .start();
        String jdbc = "jdbc:h2:mem:observe-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties settings = SyncHarness.settings(sim, jdbc, data);
        settings.setProperty("coding.tables", "issues,projectMembers,iterations");
        int port = freePort();
        settings.setProperty("coding.observe.enabled", "true");
        settings.setProperty("coding.observe.host", "127.0.0.1");
        settings.setProperty("coding.observe.port", Integer.toString(port));
        base = "http://127.0.0.1:" + port;
        app = new SyncApplication(settings);
        app.start();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> SyncHarness.count(jdbc, "issues") == sim.data().issueCount());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Answer ready = get("/observe/health/ready");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(sourceChecks(ready.json()))
                    .hasSize(3)
                    .allMatch(c -> c.path("status").asText().equals("UP"));
        });
        Answer live = get("/observe/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("status").asText()).isEqualTo("UP");
        // CODING being down makes the process not ready, never not alive: no coding check is a liveness check
        assertThat(sourceChecks(live.json())).isEmpty();

        long callsBefore = sim.counters().count("DescribeIssueListWithPage");
        Answer metrics = get("/observe/metrics");
        long callsAfter = sim.counters().count("DescribeIssueListWithPage");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(counter(metrics.body(), "coding_events_total", "table=\"issues\"", "op=\"r\""))
                .isEqualTo(sim.data().issueCount());
        // the polls go on while the page is read: between the simulator's count before (less the one call that may
        // be in flight, received but not answered yet) and after
        assertThat(counter(
                        metrics.body(),
                        "coding_api_calls_total",
                        "action=\"DescribeIssueListWithPage\"",
                        "result=\"ok\""))
                .isBetween(callsBefore - 1, callsAfter);

        // the component's dev console on the same server
        Answer console = get("/q/dev/coding");
        assertThat(console.status()).as(console.body()).isEqualTo(200);
        assertThat(console.body())
                .contains(sim.team() + "/" + sim.projectName() + "/issues")
                .doesNotContain(sim.personalToken());

        // CODING unreachable: each source turns DOWN with the reason, and readiness answers 503
        sim.faults().failureRate(1.0, FailureKind.HTTP_503);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Answer ready = get("/observe/health/ready?data=true"); // data=true: each check's details too
            assertThat(ready.status()).isEqualTo(503);
            assertThat(sourceChecks(ready.json())).hasSize(3).allSatisfy(c -> {
                assertThat(c.path("status").asText()).isEqualTo("DOWN");
                assertThat(c.path("data").path("reason").asText()).isEqualTo("unreachable");
            });
        });
        assertThat(get("/observe/health/live").status()).isEqualTo(200);
        sim.faults().reset();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/observe/health/ready").status() == 200);
    }

    /**
     * The webhook's secret path is a credential (whoever knows it may post deliveries): nothing the observe server
     * answers, and no line of the application's log, may show it or the secret, whatever Camel would tag with an
     * endpoint URI. Camel's exchange event notifier tagged its timer with each endpoint URI: with the observe server
     * on, the listener's URI reached Micrometer, whose Prometheus registry refused the meter with a WARN naming the
     * whole URI (seen in the demo). This failed until routes/application.properties turned the notifier off.
     */
    @Test
    void neitherTheObserveAnswersNorTheLogShowTheWebhooksSecretPathOrSecret() throws Exception {
        sim = CodingSimulator.builder()
                .issues(20)
                .iterations(2)
                .members(2)
                .maxCommentsPerIssue(1)
                .start();
        String jdbc = "jdbc:h2:mem:observe-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties settings = SyncHarness.settings(sim, jdbc, data);
        settings.setProperty("coding.tables", "issues,comments");
        int hookPort = freePort();
        String secretSegment = UUID.randomUUID().toString().replace("-", "");
        String secretPath = "/coding/webhook/" + secretSegment;
        String secret = "s3cret-" + UUID.randomUUID();
        settings.setProperty("coding.mode", "hybrid");
        settings.setProperty("coding.webhook.host", "127.0.0.1");
        settings.setProperty("coding.webhook.port", Integer.toString(hookPort));
        settings.setProperty("coding.webhook.path", secretPath);
        settings.setProperty("coding.webhook.secret", secret);
        int port = freePort();
        settings.setProperty("coding.observe.enabled", "true");
        settings.setProperty("coding.observe.host", "127.0.0.1");
        settings.setProperty("coding.observe.port", Integer.toString(port));
        base = "http://127.0.0.1:" + port;

        // the application's log: slf4j-simple writes each line to System.err as it is at that moment
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(new TeeOutputStream(stderr, log), true, StandardCharsets.UTF_8));
        Map<String, String> answers = new LinkedHashMap<>();
        try {
            app = new SyncApplication(settings);
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SyncHarness.count(jdbc, "issues") == sim.data().issueCount());
            // signed deliveries through the secret path, so that every meter a delivery touches exists
            sim.registerHook("http://127.0.0.1:" + hookPort + secretPath, secret, List.of());
            sim.updateIssue(sim.data().issueCodes()[0], e -> e.name("renamed through a Service Hook"));
            sim.addComment(sim.data().issueCodes()[1], "commented through a Service Hook");
            assertThat(sim.deliveries()).isNotEmpty().allMatch(HookDelivery::succeeded);
            for (String path : List.of(
                    "/observe/metrics",
                    "/observe/health?data=true",
                    "/observe/health/ready?data=true",
                    MonitorPage.PAGE,
                    MonitorPage.JSON,
                    "/q/dev/coding")) {
                Answer answer = get(path);
                assertThat(answer.status()).as(path).isIn(200, 503);
                answers.put(path, answer.body());
            }
            app.close();
            app = null;
        } finally {
            System.setErr(stderr);
        }
        answers.put("the application's log", log.toString(StandardCharsets.UTF_8));
        assertThat(answers.get("the application's log")).contains("Listening for CODING Service Hook deliveries");
        answers.forEach((where, text) -> assertThat(text)
                .as(where)
                .doesNotContain(secretSegment)
                .doesNotContain(secret)
                .doesNotContain(sim.personalToken()));
    }

    /** Writes to two streams (the console as before, and the test's copy). */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }

    private static java.util.List<JsonNode> sourceChecks(JsonNode health) {
        java.util.List<JsonNode> checks = new java.util.ArrayList<>();
        health.path("checks").forEach(c -> {
            if (c.path("name").asText().startsWith("coding-")) {
                checks.add(c);
            }
        });
        return checks;
    }

    /** A counter's value in Prometheus text format: the one line of {@code name} with all these labels. */
    private static long counter(String text, String name, String... labels) {
        return text.lines()
                .filter(l -> l.startsWith(name + "{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
