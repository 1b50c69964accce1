package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.CodingWebhookConsumer;
import dev.camelcoding.protocol.HookSignature;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile or broken sender, or a deleted row, does to the webhook receiver on Jetty: replays under fresh
 * delivery ids, rows CODING no longer has, signed but malformed payloads, spelling variants of the secret path,
 * loose content types, OPTIONS, slow bodies and routes that block past CODING's 5 s.
 */
class WebhookHardeningTest extends CamelTestSupport {

    private static final String SECRET = "hardening-secret-" + UUID.randomUUID();
    private static final String SLOW_SECRET = "slow-secret-" + UUID.randomUUID();
    private static final Duration SLOW_DEADLINE = Duration.ofSeconds(1);
    private static CodingSimulator sim;
    private static int port;
    /** The slow listener has a Jetty port of its own: a port's idle timeout is that of its first listener. */
    private static int slowPort;

    private static String path;
    private static String slowPath;

    @TempDir
    static Path data;

    static final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    static final AtomicBoolean failSlowRoute = new AtomicBoolean();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void startSimulator() {
        sim = CodingSimulator.builder().issues(30).iterations(3).start();
        port = AvailablePortFinder.getNextAvailable();
        slowPort = AvailablePortFinder.getNextAvailable();
        path = "/coding/hooks/Sec" + UUID.randomUUID();
        slowPath = "/coding/slow/" + UUID.randomUUID();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void hook() {
        sim.unregisterHooks();
        sim.clearDeliveries();
        sim.registerHook("http://127.0.0.1:" + port + path, SECRET, List.of());
        gate.set(null);
        failSlowRoute.set(false);
    }

    @AfterEach
    void openGate() {
        CountDownLatch latch = gate.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        String common = "&teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl=" + sim.baseUrl()
                + "&token=" + sim.personalToken() + "&rateLimit=1000&webhookHost=127.0.0.1&dataDirectory=" + data;
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?mode=webhook&webhookPort=" + port + "&webhookPath=" + path + "&webhookSecret="
                                + SECRET + common)
                        .routeId("issues")
                        .to("mock:issues");
                from("coding:comments?mode=webhook&webhookPort=" + port + "&webhookPath=" + path + "&webhookSecret="
                                + SECRET + common)
                        .to("mock:comments");
                from("coding:iterations?mode=webhook&webhookPort=" + port + "&webhookPath=" + path + "&webhookSecret="
                                + SECRET + common)
                        .to("mock:iterations");
                from("coding:projectMembers?mode=webhook&webhookPort=" + port + "&webhookPath=" + path
                                + "&webhookSecret=" + SECRET + common)
                        .to("mock:members");
                from("coding:iterations?mode=webhook&refetch=false&webhookAnswerTimeout=1s&webhookPort=" + slowPort
                                + "&webhookPath=" + slowPath
                                + "&webhookSecret=" + SLOW_SECRET + common)
                        .routeId("slow")
                        .process(e -> {
                            boolean fail = failSlowRoute.getAndSet(false);
                            CountDownLatch latch = gate.get();
                            if (latch != null) {
                                latch.await(); // a sink that hangs far past the deadline
                            }
                            if (fail) {
                                throw new IllegalStateException("the sink is down");
                            }
                        })
                        .to("mock:slow");
            }
        };
    }

    private WebhookStats stats(String routeId) {
        return ((CodingWebhookConsumer) context.getRoute(routeId).getConsumer())
                .handler()
                .stats();
    }

    private static RawHttp.Answer signed(String target, String secret, byte[] body, String deliveryId)
            throws IOException {
        return signed(target.equals(slowPath) ? slowPort : port, target, secret, body, deliveryId);
    }

    private static RawHttp.Answer signed(int port, String target, String secret, byte[] body, String deliveryId)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=UTF-8");
        headers.put("X-Coding-Signature", HookSignature.sign(secret, body));
        headers.put("X-Coding-Delivery", deliveryId);
        return RawHttp.send(port, "POST", target, headers, body);
    }

    private static RawHttp.Answer signed(byte[] body) throws IOException {
        return signed(path, SECRET, body, UUID.randomUUID().toString());
    }

    private HookDelivery last() {
        List<HookDelivery> deliveries = sim.deliveries();
        return deliveries.get(deliveries.size() - 1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- replays ----

    @Test
    void aCapturedDeliveryReplayedUnderAFreshDeliveryIdIsADuplicateAndCostsNoRefetch() throws Exception {
        MockEndpoint issues = getMockEndpoint("mock:issues");
        sim.updateIssue(sim.data().issueCodes()[2], e -> e.name("captured"));
        HookDelivery original = last();
        assertThat(original.responseStatus()).isEqualTo(200);
        assertThat(issues.getExchanges()).hasSize(1);
        long refetches = sim.counters().count("DescribeIssue");

        for (int i = 0; i < 3; i++) {
            RawHttp.Answer replay =
                    signed(path, SECRET, original.body(), UUID.randomUUID().toString());
            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.body()).contains("\"duplicate\"");
        }

        assertThat(issues.getExchanges()).hasSize(1);
        assertThat(sim.counters().count("DescribeIssue"))
                .as("no Open API call for a replay")
                .isEqualTo(refetches);
        assertThat(stats("issues").get("duplicate")).isEqualTo(3);
    }

    @Test
    void theSameJsonReplayedFormEncodedIsADuplicateToo() throws Exception {
        sim.updateIssue(sim.data().issueCodes()[3], e -> e.name("captured as JSON"));
        byte[] json = last().body();
        byte[] form = ("payload="
                        + java.net.URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        // the signature CODING sent over the JSON, which the form variant of the receiver also accepts
        String signature = last().headers().get("X-Coding-Signature");
        assertThat(HookSignature.verify(signature, SECRET, json))
                .as("CODING's signature of the JSON")
                .isTrue();
        headers.put("X-Coding-Signature", signature);
        headers.put("X-Coding-Delivery", UUID.randomUUID().toString());

        RawHttp.Answer replay = RawHttp.send(port, "POST", path, headers, form);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body()).contains("\"duplicate\"");
        assertThat(getMockEndpoint("mock:issues").getExchanges()).hasSize(1);
    }

    /**
     * A client that waits for {@code 100 Continue} sends its body only once the listener has started on the request:
     * the body must still reach the signature check whole (Jetty would have parsed it away as form parameters).
     */
    @Test
    void aFormDeliveryWhoseBodyFollowsA100ContinueIsVerifiedOverItsRawBytes() throws Exception {
        int code = sim.data().issueCodes()[7];
        byte[] json = utf8("{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"code\":" + code + ",\"title\":\"late form\"}}");
        byte[] form = ("payload="
                        + java.net.URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Content-Length", Integer.toString(form.length));
        headers.put("Expect", "100-continue");
        headers.put("X-Coding-Signature", HookSignature.sign(SECRET, form));
        headers.put("X-Coding-Delivery", UUID.randomUUID().toString());
        try (Socket socket = RawHttp.connect(port)) {
            RawHttp.head(socket, "POST", path, headers);
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(100);
            socket.getOutputStream().write(form);
            socket.getOutputStream().flush();

            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }
        assertThat(getMockEndpoint("mock:issues").getExchanges()).hasSize(1);
    }

    // ---- rows CODING no longer has ----

    @Test
    void aSignedCreateForAnIssueCodingNeverHadEmitsNothing() throws Exception {
        byte[] body = utf8("{\"event\":\"ISSUE_CREATED\",\"issue\":{\"code\":987654,\"title\":\"never existed\","
                + "\"created_at\":1700000000000,\"updated_at\":1700000000000}}");

        RawHttp.Answer answer = signed(body);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"gone\"");
        assertThat(getMockEndpoint("mock:issues").getExchanges()).isEmpty();
        assertThat(stats("issues").get("gone")).isEqualTo(1);
    }

    @Test
    void aResentCreateForADeletedIssueDoesNotBringItBack() throws Exception {
        MockEndpoint issues = getMockEndpoint("mock:issues");
        int code = sim.createIssue("MISSION", "short-lived");
        byte[] created = last().body();
        sim.deleteIssue(code);
        assertThat(issues.getExchanges())
                .extracting(e -> e.getMessage().getHeader(CodingConstants.OP))
                .containsExactly("c", "d");
        // the same create, re-sent later (re-serialised, so not byte-identical: not caught as a replay)
        byte[] resent = utf8(mapper.readTree(created).toPrettyString());

        RawHttp.Answer answer = signed(resent);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"gone\"");
        assertThat(issues.getExchanges()).as("no insert of the deleted issue").hasSize(2);
    }

    @Test
    void anUpdateOfAnIssueWeEmittedThatCodingDeletedSinceIsItsDelete() throws Exception {
        MockEndpoint issues = getMockEndpoint("mock:issues");
        int code = sim.createIssue("DEFECT", "deleted without a delivery");
        byte[] created = last().body();
        sim.unregisterHooks();
        sim.deleteIssue(code); // CODING's ISSUE_DELETED is lost
        JsonNode update = mapper.readTree(created);
        ((com.fasterxml.jackson.databind.node.ObjectNode) update).put("event", "ISSUE_UPDATED");

        RawHttp.Answer answer = signed(utf8(update.toString()));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(issues.getExchanges()).hasSize(2);
        JsonNode delete =
                mapper.readTree(issues.getExchanges().get(1).getMessage().getBody(String.class));
        assertThat(delete.path("op").asText()).isEqualTo("d");
        assertThat(delete.path("key").path("code").asLong()).isEqualTo(code);
        assertThat(delete.path("after").isNull()).isTrue();
    }

    @Test
    void commentsIterationsAndMembersCodingNoLongerHasEmitNothing() throws Exception {
        int issue = sim.data().issueCodes()[5];
        String[] gone = {
            // a comment id the issue's comment list does not have
            "{\"event\":\"ISSUE_COMMENT_CREATED\",\"issueComment\":{\"html_url\":\"https://t.coding.net/p/x/issues/"
                    + issue + "/detail#comment-99999999\",\"issue\":{\"code\":" + issue + "},\"content\":\"<p>x</p>\","
                    + "\"created_at\":1700000000000,\"updated_at\":1700000000000}}",
            // an iteration code DescribeIteration does not know
            "{\"event\":\"ITERATION_UPDATED\",\"iteration\":{\"code\":99999,\"title\":\"never\"}}",
            // a user who is not a member of the project
            "{\"event\":\"MEMBER_CREATED\",\"member\":{\"id\":99999999,\"name\":\"stranger\"},\"project\":{\"id\":"
                    + sim.projectId() + "}}",
        };
        for (String body : gone) {
            RawHttp.Answer answer = signed(utf8(body));
            assertThat(answer.status()).as(body).isEqualTo(200);
            assertThat(answer.body()).as(body).contains("\"gone\"");
        }
        assertThat(getMockEndpoint("mock:comments").getExchanges()).isEmpty();
        assertThat(getMockEndpoint("mock:iterations").getExchanges()).isEmpty();
        assertThat(getMockEndpoint("mock:members").getExchanges()).isEmpty();
    }

    // ---- malformed ----

    @Test
    void signedButMalformedDeliveriesGet422AndAreCounted() throws Exception {
        String[] malformed = {
            "{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"title\":\"no code\"}}",
            "{\"event\":\"ISSUE_UPDATED\",\"issue\":\"not an object\"}",
            "{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"code\":\"seventy-one\"}}",
            "{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"code\":[71]}}",
            "{\"event\":\"ISSUE_UPDATED\"}",
        };
        for (String body : malformed) {
            RawHttp.Answer answer = signed(utf8(body));
            assertThat(answer.status()).as(body).isEqualTo(422);
        }
        assertThat(stats("issues").get("malformed-payload")).isEqualTo(malformed.length);
        assertThat(getMockEndpoint("mock:issues").getExchanges()).isEmpty();
    }

    // ---- path and headers ----

    @Test
    void theSecretPathMatchesOnlyAsConfigured() throws Exception {
        byte[] ping = utf8("{\"event\":\"PING\",\"zen\":\"Coding! 让开发更简单\"}");
        int cut = path.lastIndexOf('/') + 1;
        String secretSegment = path.substring(cut);
        String[] variants = {
            path.substring(0, cut) + secretSegment.toUpperCase(),
            path + ";jsessionid=1",
            path.substring(0, cut) + "%" + Integer.toHexString(secretSegment.charAt(0)) + secretSegment.substring(1),
            "/coding/x/.." + path.substring("/coding".length()),
            path.substring(0, cut) + "./" + secretSegment,
        };
        for (String variant : variants) {
            assertThat(signed(variant, SECRET, ping, UUID.randomUUID().toString())
                            .status())
                    .as(variant)
                    .isIn(400, 404);
        }
        assertThat(signed(path, SECRET, ping, UUID.randomUUID().toString()).status())
                .isEqualTo(200);
        assertThat(signed(path + "?from=coding", SECRET, ping, UUID.randomUUID().toString())
                        .status())
                .as("a query string is not part of the path")
                .isEqualTo(200);
    }

    @Test
    void theContentTypeIsParsedNotPrefixMatched() throws Exception {
        byte[] ping = utf8("{\"event\":\"PING\"}");
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("application/jsonp", 415);
        expected.put("application/json-patch+json", 415);
        expected.put("application/json; charset=ISO-8859-1", 415);
        expected.put("application/json;", 200);
        expected.put("Application/JSON; Charset=\"utf-8\"", 200);
        expected.put("application/json; charset=UTF-8", 200);
        for (Map.Entry<String, Integer> entry : expected.entrySet()) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", entry.getKey());
            headers.put("X-Coding-Signature", HookSignature.sign(SECRET, ping));
            assertThat(RawHttp.send(port, "POST", path, headers, ping).status())
                    .as(entry.getKey())
                    .isEqualTo(entry.getValue());
        }
    }

    @Test
    void optionsIs405WithAllowPostAndNoAnswerNamesTheServer() throws Exception {
        RawHttp.Answer options = RawHttp.send(port, "OPTIONS", path, Map.of(), new byte[0]);
        assertThat(options.status()).isEqualTo(405);
        assertThat(options.headers()).containsEntry("allow", "POST");
        assertThat(options.headers()).doesNotContainKey("server");

        byte[] ping = utf8("{\"event\":\"PING\"}");
        RawHttp.Answer accepted = signed(path, SECRET, ping, UUID.randomUUID().toString());
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.headers()).doesNotContainKey("server").doesNotContainKey("x-coding-signature");
        assertThat(RawHttp.send(port, "POST", path + "-unknown", Map.of(), ping).headers())
                .doesNotContainKey("server");
    }

    // ---- time ----

    @Test
    void aBodyTricklingInIsAnswered408AtTheDeadline() throws Exception {
        try (Socket socket = RawHttp.connect(slowPort)) {
            RawHttp.head(
                    socket, "POST", slowPath, Map.of("Content-Type", "application/json", "Content-Length", "5000"));
            long started = System.nanoTime();
            Thread trickle = new Thread(() -> {
                try {
                    for (int i = 0; i < 5000; i++) {
                        socket.getOutputStream().write('{');
                        socket.getOutputStream().flush();
                        new CountDownLatch(1).await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                } catch (IOException | InterruptedException stopped) {
                    // the receiver gave up on us: expected
                }
            });
            trickle.setDaemon(true);
            trickle.start();

            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(answer.status()).isEqualTo(408);
            assertThat(took).isLessThan(SLOW_DEADLINE.plusMillis(1500));
            trickle.interrupt();
        }
        assertThat(stats("slow").get("too-slow")).isEqualTo(1);
    }

    @Test
    void aBodyThatStallsIsCutOffSoonAfterTheDeadline() throws Exception {
        try (Socket socket = RawHttp.connect(slowPort)) {
            RawHttp.head(
                    socket, "POST", slowPath, Map.of("Content-Type", "application/json", "Content-Length", "5000"));
            socket.getOutputStream().write(utf8("{\"event\":"));
            socket.getOutputStream().flush();
            long started = System.nanoTime();

            // the server's idle timeout (the deadline + 1 s) fails the blocked read; the handler answers 408
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(answer.status()).isEqualTo(408);
            assertThat(took)
                    .as("a stalled body held the request for %s", took)
                    .isLessThan(SLOW_DEADLINE.plusSeconds(1).plusMillis(1500));
        }
    }

    @Test
    void aRouteBlockingPastTheDeadlineIsAnswered503InTimeAndTheDeliveryStaysCoherent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        gate.set(release);
        byte[] body = utf8("{\"event\":\"ITERATION_UPDATED\",\"iteration\":{\"code\":2,\"title\":\"blocked\","
                + "\"created_at\":1700000000000,\"updated_at\":1700000001000}}");
        String deliveryId = UUID.randomUUID().toString();

        long started = System.nanoTime();
        RawHttp.Answer first = signed(slowPath, SLOW_SECRET, body, deliveryId);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(first.status()).isEqualTo(503);
        assertThat(took).isGreaterThanOrEqualTo(SLOW_DEADLINE).isLessThan(SLOW_DEADLINE.plusMillis(700));
        // the first attempt still runs: a redelivery now must not be answered as done
        assertThat(signed(slowPath, SLOW_SECRET, body, deliveryId).status()).isEqualTo(409);

        release.countDown();
        MockEndpoint slow = getMockEndpoint("mock:slow");
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.getExchanges().size() == 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> signed(slowPath, SLOW_SECRET, body, deliveryId).status() == 200);
        assertThat(slow.getExchanges())
                .as("the late success was kept; the redelivery emits nothing new")
                .hasSize(1);
        assertThat(stats("slow").get("deadline")).isEqualTo(1);
    }

    @Test
    void aRouteFailingAfterTheDeadlineLeavesTheRedeliveryToBeProcessed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        gate.set(release);
        failSlowRoute.set(true);
        byte[] body = utf8("{\"event\":\"ITERATION_UPDATED\",\"iteration\":{\"code\":3,\"title\":\"fails late\","
                + "\"created_at\":1700000000000,\"updated_at\":1700000002000}}");
        String deliveryId = UUID.randomUUID().toString();

        assertThat(signed(slowPath, SLOW_SECRET, body, deliveryId).status()).isEqualTo(503);
        gate.set(null);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            RawHttp.Answer again = signed(slowPath, SLOW_SECRET, body, deliveryId);
            return again.status() == 200 && again.body().contains("\"accepted\"");
        });
        assertThat(getMockEndpoint("mock:slow").getExchanges()).hasSize(1);
    }
}
