package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.protocol.HookSignature;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook mode end to end: the simulator's signed Service Hook deliveries into coding: endpoints on Jetty. */
class WebhookConsumerTest extends CamelTestSupport {

    private static final String SECRET = "test-hook-secret-" + UUID.randomUUID();
    private static CodingSimulator sim;
    private static int port;
    private static String path;

    @TempDir
    static Path data;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    static final AtomicBoolean failNextIssue = new AtomicBoolean();

    @BeforeAll
    static void startSimulator() {
        sim = CodingSimulator.builder().issues(60).iterations(5).members(8).start();
        port = AvailablePortFinder.getNextAvailable();
        path = "/coding/hooks/" + UUID.randomUUID();
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
        failNextIssue.set(false);
    }

    private String uri(String table) {
        return "coding:" + table + "?mode=webhook&teamName=" + sim.team() + "&projectName=" + sim.projectName()
                + "&apiUrl=" + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000&webhookPort=" + port
                + "&webhookHost=127.0.0.1&webhookPath=" + path + "&webhookSecret=" + SECRET + "&dataDirectory=" + data;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("issues"))
                        .routeId("issues")
                        .process(e -> {
                            if (failNextIssue.getAndSet(false)) {
                                throw new IllegalStateException("sink outage");
                            }
                        })
                        .to("mock:issues");
                from(uri("comments")).to("mock:comments");
                from(uri("iterations")).to("mock:iterations");
                from(uri("projectMembers")).to("mock:members");
            }
        };
    }

    private JsonNode body(Exchange exchange) throws Exception {
        return mapper.readTree(exchange.getMessage().getBody(String.class));
    }

    private HookDelivery last() {
        List<HookDelivery> deliveries = sim.deliveries();
        return deliveries.get(deliveries.size() - 1);
    }

    @Test
    void issueChangesArriveAsChangeEventsCompletedThroughTheOpenApi() throws Exception {
        MockEndpoint issues = getMockEndpoint("mock:issues");
        int code = sim.data().issueCodes()[3];

        sim.updateIssue(code, e -> e.name("Edited in CODING"));
        assertThat(last().responseStatus()).isEqualTo(200);
        int created = sim.createIssue("DEFECT", "Created in CODING");
        sim.deleteIssue(created);

        assertThat(issues.getExchanges()).hasSize(3);
        JsonNode update = body(issues.getExchanges().get(0));
        assertThat(update.path("op").asText()).isEqualTo("u");
        assertThat(update.path("after").path("name").asText()).isEqualTo("Edited in CODING");
        assertThat(update.path("after").path("custom_fields").isObject())
                .as("completed by DescribeIssue")
                .isTrue();
        assertThat(update.path("source").path("mode").asText()).isEqualTo("webhook");
        assertThat(update.path("source").path("event").asText()).isEqualTo("ISSUE_UPDATED");
        assertThat(issues.getExchanges().get(0).getMessage().getHeader(CodingConstants.DELIVERY_ID))
                .isEqualTo(sim.deliveries().get(0).deliveryId());
        assertThat(body(issues.getExchanges().get(1)).path("op").asText()).isEqualTo("c");
        JsonNode delete = body(issues.getExchanges().get(2));
        assertThat(delete.path("op").asText()).isEqualTo("d");
        assertThat(delete.path("after").isNull()).isTrue();
        assertThat(delete.path("before").path("code").asLong()).isEqualTo(created);
        assertThat(sim.counters().count("DescribeIssue")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void commentsIterationsAndMembersReachTheEndpointOfTheirTableOnTheSharedPath() throws Exception {
        long comment = sim.addComment(sim.data().issueCodes()[0], "A **markdown** comment");
        int iteration = sim.createIteration("Sprint from a hook");
        sim.updateIteration(iteration, e -> e.goal("ship it"));
        sim.deleteIteration(iteration);
        long member = sim.addMember("Hooked Member", "开发");
        sim.removeMember(member);

        JsonNode commentEvent =
                body(getMockEndpoint("mock:comments").getExchanges().get(0));
        assertThat(commentEvent.path("op").asText()).isEqualTo("c");
        assertThat(commentEvent.path("key").path("comment_id").asLong()).isEqualTo(comment);
        assertThat(commentEvent.path("after").path("raw_content").asText()).isEqualTo("A **markdown** comment");
        assertThat(getMockEndpoint("mock:iterations").getExchanges())
                .extracting(e -> e.getMessage().getHeader(CodingConstants.OP))
                .containsExactly("c", "u", "d");
        assertThat(getMockEndpoint("mock:members").getExchanges())
                .extracting(e -> e.getMessage().getHeader(CodingConstants.OP))
                .containsExactly("c", "d");
        JsonNode added = body(getMockEndpoint("mock:members").getExchanges().get(0));
        assertThat(added.path("after").path("roles").get(0).path("role_name").asText())
                .as("roles come from the member list, not the payload")
                .isEqualTo("开发");
        assertThat(sim.deliveries()).allMatch(d -> d.responseStatus() == 200);
    }

    @Test
    void statusAssigneeIterationAndRoleEventsAreUpdates() throws Exception {
        int code = sim.data().issueCodes()[8];
        var before = sim.data().issue(code).orElseThrow();
        sim.updateIssue(code, e -> e.status("COMPLETED".equals(before.statusType()) ? "TODO" : "COMPLETED"));
        long otherUser = sim.data().projectMembers().stream()
                .map(m -> m.id())
                .filter(id -> id != before.assigneeId())
                .findFirst()
                .orElseThrow();
        sim.updateIssue(code, e -> e.assignee(otherUser));
        int otherIteration = sim.data().iterations().stream()
                .map(i -> i.code())
                .filter(c -> c != before.iterationCode())
                .findFirst()
                .orElseThrow();
        sim.updateIssue(code, e -> e.iteration(otherIteration));
        var member = sim.data().projectMembers().get(1);
        sim.changeMemberRole(member.id(), "测试".equals(member.roleName()) ? "产品经理" : "测试");

        assertThat(sim.deliveries())
                .extracting(HookDelivery::event)
                .containsExactly(
                        "ISSUE_STATUS_UPDATED",
                        "ISSUE_ASSIGNEE_CHANGED",
                        "ISSUE_ITERATION_CHANGED",
                        "MEMBER_ROLE_UPDATED");
        assertThat(sim.deliveries()).allMatch(d -> d.responseStatus() == 200);
        List<Exchange> issues = getMockEndpoint("mock:issues").getExchanges();
        assertThat(issues)
                .extracting(e -> e.getMessage().getHeader(CodingConstants.EVENT_TYPE))
                .containsExactly("ISSUE_STATUS_UPDATED", "ISSUE_ASSIGNEE_CHANGED", "ISSUE_ITERATION_CHANGED");
        assertThat(issues).allMatch(e -> "u".equals(e.getMessage().getHeader(CodingConstants.OP)));
        assertThat(body(issues.get(1)).path("after").path("assignee_id").asLong())
                .isEqualTo(otherUser);
        assertThat(body(issues.get(2)).path("after").path("iteration_code").asLong())
                .isEqualTo(otherIteration);
        assertThat(getMockEndpoint("mock:members").getExchanges())
                .extracting(e -> e.getMessage().getHeader(CodingConstants.OP))
                .containsExactly("u");
    }

    @Test
    void forgedOrMissingSignaturesAreRefusedAndEmitNothing() throws Exception {
        byte[] body = sim.deliveries().isEmpty() ? issuePayload() : issuePayload();
        assertThat(sim.sendRaw("ISSUE_UPDATED", body, Map.of("X-Coding-Signature", "sha1=" + "0".repeat(40))))
                .allMatch(d -> d.responseStatus() == 401);
        Map<String, String> unsigned = new HashMap<>();
        unsigned.put("X-Coding-Signature", null);
        assertThat(sim.sendRaw("ISSUE_UPDATED", body, unsigned)).allMatch(d -> d.responseStatus() == 401);
        assertThat(getMockEndpoint("mock:issues").getExchanges()).isEmpty();
    }

    private byte[] issuePayload() throws Exception {
        int code = sim.data().issueCodes()[1];
        sim.updateIssue(code, e -> e.name("payload source " + UUID.randomUUID()));
        byte[] body = last().body();
        getMockEndpoint("mock:issues").reset();
        return body;
    }

    @Test
    void aReplayedDeliveryEmitsNothingNew() {
        sim.updateIssue(sim.data().issueCodes()[2], e -> e.name("once"));
        HookDelivery first = last();
        HookDelivery replay = sim.redeliver(first.deliveryId());

        assertThat(replay.responseStatus()).isEqualTo(200);
        assertThat(replay.responseBody()).contains("duplicate");
        assertThat(getMockEndpoint("mock:issues").getExchanges()).hasSize(1);
    }

    @Test
    void pingIsAnsweredAndEmitsNothing() {
        HookDelivery ping = sim.ping();
        assertThat(ping.responseStatus()).isEqualTo(200);
        assertThat(getMockEndpoint("mock:issues").getExchanges()).isEmpty();
    }

    @Test
    void aFailingRouteAnswers500AndTheRedeliveryIsProcessed() {
        failNextIssue.set(true);
        sim.updateIssue(sim.data().issueCodes()[4], e -> e.name("needs a second try"));
        HookDelivery failed = last();
        assertThat(failed.responseStatus()).isEqualTo(500);
        assertThat(getMockEndpoint("mock:issues").getExchanges()).isEmpty();

        HookDelivery again = sim.redeliver(failed.deliveryId());

        assertThat(again.responseStatus()).isEqualTo(200);
        assertThat(getMockEndpoint("mock:issues").getExchanges()).hasSize(1);
    }

    @Test
    void eventsWeDoNotSyncAreAcknowledgedWith202() {
        byte[] push = "{\"event\":\"GIT_PUSHED\",\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(sim.sendRaw("GIT_PUSHED", push, Map.of())).allMatch(d -> d.responseStatus() == 202);
    }

    private HttpResponse<String> post(String target, String contentType, byte[] body, String signature)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (signature != null) {
            request.header("X-Coding-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badInputGetsTheRightStatus() throws Exception {
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
        assertThat(post(path, "application/json", notJson, HookSignature.sign(SECRET, notJson))
                        .statusCode())
                .isEqualTo(400);
        byte[] big = new byte[1_048_577];
        assertThat(post(path, "application/json", big, HookSignature.sign(SECRET, big))
                        .statusCode())
                .isEqualTo(413);
        byte[] json = "{\"event\":\"ISSUE_UPDATED\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(post(path, "text/plain", json, HookSignature.sign(SECRET, json))
                        .statusCode())
                .isEqualTo(415);
        assertThat(post(path + "-unknown", "application/json", json, HookSignature.sign(SECRET, json))
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> get = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        byte[] noEvent = "{\"issue\":{}}".getBytes(StandardCharsets.UTF_8);
        assertThat(post(path, "application/json", noEvent, HookSignature.sign(SECRET, noEvent))
                        .statusCode())
                .isEqualTo(400);
        assertThat(getMockEndpoint("mock:issues").getExchanges()).isEmpty();
    }

    @Test
    void formEncodedDeliveriesAreAccepted() throws Exception {
        // a body CODING has not delivered yet (the delivered one again would be a replay, answered as a duplicate)
        sim.unregisterHooks();
        sim.updateIssue(sim.data().issueCodes()[6], e -> e.name("sent as a form"));
        byte[] json = ("{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"code\":"
                        + sim.data().issueCodes()[6] + ",\"title\":\"sent as a form\"}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] form = ("payload="
                        + java.net.URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);

        HttpResponse<String> response =
                post(path, "application/x-www-form-urlencoded", form, HookSignature.sign(SECRET, form));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(getMockEndpoint("mock:issues").getExchanges()).hasSize(1);
    }
}
