package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.protocol.HookSignature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Service Hook deliveries: headers, HMAC-SHA1 signature, payload shapes, event choice, ping, resend, raw sends. */
class ServiceHookTest {

    static final String SECRET = "hook-secret-123";

    CodingSimulator sim;
    HookReceiver receiver;
    final AtomicLong clock = new AtomicLong(1_780_000_000_000L);

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(100).clock(clock::get).start();
        receiver = new HookReceiver();
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    static JsonNode json(byte[] body) throws Exception {
        return Api.JSON.readTree(body);
    }

    @Test
    void createdIssueIsDeliveredSignedBeforeTheCallReturns() throws Exception {
        String hookId = sim.registerHook(receiver.url(), SECRET, List.of());
        int code = sim.createIssue("REQUIREMENT", "作为管理员，我希望导出订单");

        assertThat(receiver.received).hasSize(1);
        HookReceiver.Received r = receiver.last();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json; charset=UTF-8");
        assertThat(r.headers().getFirst("User-Agent")).isEqualTo("Coding.net Hook");
        assertThat(r.headers().getFirst("X-Coding-Service-Hook-Event")).isEqualTo("ISSUE_CREATED");
        assertThat(r.headers().getFirst("X-Coding-Service-Hook-Id")).isEqualTo(hookId);
        assertThat(r.headers().getFirst("X-Coding-Service-Hook-Action")).isEqualTo("webhook_http_post");
        assertThat(r.headers().getFirst("X-Coding-Delivery")).matches("[0-9a-f-]{36}");
        assertThat(r.headers().getFirst("X-Coding-Signature")).isEqualTo(HookSignature.sign(SECRET, r.body()));

        JsonNode body = json(r.body());
        assertThat(body.get("event").asText()).isEqualTo("ISSUE_CREATED");
        assertThat(body.get("eventName").asText()).isEqualTo("创建事项");
        assertThat(body.at("/issue/code").asInt()).isEqualTo(code);
        assertThat(body.at("/issue/title").asText()).isEqualTo("作为管理员，我希望导出订单");
        assertThat(body.at("/issue/priority").isNumber()).isTrue();
        assertThat(body.at("/issue/created_at").asLong()).isEqualTo(1_780_000_000_000L);
        assertThat(body.get("hook_id").asText()).isEqualTo(hookId);
        assertThat(body.at("/project/id").asLong()).isEqualTo(sim.projectId());
        assertThat(body.at("/team/domain").asText()).isEqualTo(sim.team());

        HookDelivery logged = sim.deliveries().get(0);
        assertThat(logged.succeeded()).isTrue();
        assertThat(logged.responseStatus()).isEqualTo(200);
        assertThat(logged.body()).isEqualTo(r.body());
        assertThat(logged.deliveryId()).isEqualTo(r.headers().getFirst("X-Coding-Delivery"));
    }

    @Test
    void payloadsHaveTheRecordedShapes() throws Exception {
        sim.registerHook(receiver.url(), null, List.of());
        IssueSnapshot planned = sim.data().issues().stream()
                .filter(i -> i.iterationCode() != 0
                        && i.assigneeId() != 0
                        && !i.labelIds().isEmpty())
                .findFirst()
                .orElseThrow();
        sim.addComment(planned.code(), "AAA");
        JsonNode comment = json(receiver.last().body());
        JsonNode recordedComment = Api.recorded("hook-ISSUE_COMMENT_CREATED.json");
        assertThat(Shapes.missing(recordedComment, comment)).isEmpty();
        assertThat(comment.fieldNames()).toIterable().containsExactlyElementsOf(recordedComment::fieldNames);
        assertThat(comment.at("/issueComment/content").asText()).isEqualTo("<p>AAA</p>");
        assertThat(receiver.last().headers().containsKey("X-Coding-Signature")).isFalse();

        long member = sim.addMember("Alice", "开发");
        JsonNode added = json(receiver.last().body());
        JsonNode recordedMember = Api.recorded("hook-MEMBER_CREATED.json");
        assertThat(Shapes.missing(recordedMember, added)).isEmpty();
        assertThat(added.fieldNames()).toIterable().containsExactlyElementsOf(recordedMember::fieldNames);
        assertThat(added.get("action").asText()).isEqualTo("added");
        assertThat(added.at("/member/id").asLong()).isEqualTo(member);

        int iteration = sim.createIteration("Sprint X");
        JsonNode it = json(receiver.last().body());
        assertThat(it.get("event").asText()).isEqualTo("ITERATION_CREATED");
        assertThat(it.at("/iteration/code").asInt()).isEqualTo(iteration);
        assertThat(it.at("/iteration/start_at").asLong()).isEqualTo(-28_800_000L);
        assertThat(Shapes.missing(recordedComment.at("/issueComment/issue/iteration"), it.get("iteration")))
                .allSatisfy(m -> assertThat(m).contains("assignee")); // a new iteration has no assignee
    }

    @Test
    void theEventNamesWhatChanged() throws Exception {
        sim.registerHook(receiver.url(), SECRET, List.of());
        IssueSnapshot i = sim.data().issues().stream()
                .filter(x -> x.type().equals("MISSION") && x.statusType().equals("TODO"))
                .findFirst()
                .orElseThrow();
        long before = i.updatedAt();

        clock.addAndGet(60_000);
        sim.updateIssue(i.code(), e -> e.status("已完成"));
        assertThat(receiver.last().headers().getFirst("X-Coding-Service-Hook-Event"))
                .isEqualTo("ISSUE_STATUS_UPDATED");
        IssueSnapshot done = sim.data().issue(i.code()).orElseThrow();
        assertThat(done.updatedAt()).isEqualTo(clock.get()).isGreaterThan(before);
        assertThat(done.completedAt()).isEqualTo(clock.get());
        assertThat(json(receiver.last().body()).at("/issue/issue_status/type").asText())
                .isEqualTo("COMPLETED");

        long other = sim.data().projectMembers().stream()
                .map(MemberSnapshot::id)
                .filter(id -> id != i.assigneeId())
                .findFirst()
                .orElseThrow();
        sim.updateIssue(i.code(), e -> e.assignee(other));
        assertThat(receiver.last().headers().getFirst("X-Coding-Service-Hook-Event"))
                .isEqualTo("ISSUE_ASSIGNEE_CHANGED");
        sim.updateIssue(i.code(), e -> e.iteration(i.iterationCode() == 1 ? 2 : 1));
        assertThat(receiver.last().headers().getFirst("X-Coding-Service-Hook-Event"))
                .isEqualTo("ISSUE_ITERATION_CHANGED");
        sim.updateIssue(i.code(), e -> e.name("Renamed").status("未开始"));
        assertThat(receiver.last().headers().getFirst("X-Coding-Service-Hook-Event"))
                .isEqualTo("ISSUE_UPDATED");
        assertThat(sim.data().issue(i.code()).orElseThrow().completedAt()).isZero();

        int count = receiver.received.size();
        sim.updateIssue(i.code(), e -> e.name("Renamed"));
        assertThat(receiver.received).hasSize(count); // nothing changed: no event

        sim.deleteIssue(i.code());
        assertThat(receiver.last().headers().getFirst("X-Coding-Service-Hook-Event"))
                .isEqualTo("ISSUE_DELETED");
        assertThat(new Api(sim)
                        .call("DescribeIssue", "ProjectName", sim.projectName(), "IssueCode", i.code())
                        .errorCode())
                .isEqualTo("ResourceNotFound");
        assertThatThrownBy(() -> sim.updateIssue(i.code(), e -> e.name("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commentsDoNotMoveTheIssue() {
        IssueSnapshot i = sim.data().issues().get(3);
        clock.addAndGet(120_000);
        long id = sim.addComment(i.code(), "Looks **good**");
        assertThat(sim.data().issue(i.code()).orElseThrow().updatedAt()).isEqualTo(i.updatedAt());
        JsonNode list = new Api(sim)
                .call("DescribeIssueCommentList", "ProjectName", sim.projectName(), "IssueCode", i.code())
                .response()
                .get("CommentList");
        JsonNode last = list.get(list.size() - 1);
        assertThat(last.get("CommentId").asLong()).isEqualTo(id);
        assertThat(last.get("RawContent").asText()).isEqualTo("Looks **good**");
        assertThat(last.get("Content").asText()).isEqualTo("<p>Looks <strong>good</strong></p>");
        assertThat(last.get("CreatedAt").asLong()).isEqualTo(clock.get());
    }

    @Test
    void eventFilterPingRedeliveryAndFailures() throws Exception {
        sim.registerHook(receiver.url(), SECRET, List.of("ISSUE_DELETED"));
        sim.createIssue("MISSION", "not delivered");
        assertThat(receiver.received).isEmpty();

        HookDelivery ping = sim.ping();
        assertThat(ping.event()).isEqualTo("PING");
        assertThat(ping.succeeded()).isTrue();
        JsonNode body = json(receiver.last().body());
        assertThat(body.get("event").asText()).isEqualTo("PING");
        assertThat(receiver.last().headers().getFirst("X-Coding-Signature"))
                .isEqualTo(HookSignature.sign(SECRET, ping.body()));

        HookDelivery again = sim.redeliver(ping.deliveryId());
        assertThat(again.redelivery()).isTrue();
        assertThat(receiver.received).hasSize(2);
        assertThat(receiver.received.get(1).body())
                .isEqualTo(receiver.received.get(0).body());
        assertThat(receiver.received.get(1).headers().getFirst("X-Coding-Delivery"))
                .isEqualTo(ping.deliveryId());

        receiver.status = 500;
        HookDelivery failed = sim.ping();
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.responseStatus()).isEqualTo(500);

        sim.unregisterHooks();
        sim.registerHook("http://127.0.0.1:1/nowhere", null, List.of());
        HookDelivery unreachable = sim.ping();
        assertThat(unreachable.responseStatus()).isEqualTo(-1);
        assertThat(unreachable.error()).isNotBlank();
        assertThat(sim.deliveries()).hasSize(4);
    }

    @Test
    void rawSendsForForgedAndMalformedDeliveries() throws Exception {
        sim.registerHook(receiver.url(), SECRET, List.of());
        byte[] malformed = "{\"event\":\"ISSUE_CREATED\",".getBytes(StandardCharsets.UTF_8);
        sim.sendRaw("ISSUE_CREATED", malformed, Map.of());
        assertThat(receiver.last().body()).isEqualTo(malformed);
        assertThat(receiver.last().headers().getFirst("X-Coding-Signature"))
                .isEqualTo(HookSignature.sign(SECRET, malformed));

        sim.sendRaw(
                "ISSUE_CREATED",
                "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("X-Coding-Signature", "sha1=0000000000000000000000000000000000000000"));
        assertThat(receiver.last().headers().getFirst("X-Coding-Signature"))
                .isEqualTo("sha1=0000000000000000000000000000000000000000");
        java.util.HashMap<String, String> remove = new java.util.HashMap<>();
        remove.put("X-Coding-Signature", null);
        sim.sendRaw("ISSUE_CREATED", "{}".getBytes(StandardCharsets.UTF_8), remove);
        assertThat(receiver.last().headers().containsKey("X-Coding-Signature")).isFalse();
    }

    @Test
    void memberAndIterationMutations() throws Exception {
        sim.registerHook(receiver.url(), SECRET, List.of());
        long id = sim.addMember("Bob", "测试");
        Api api = new Api(sim);
        JsonNode members = api.call("DescribeProjectMembers", "ProjectId", sim.projectId(), "PageSize", 100)
                .response()
                .at("/Data/ProjectMembers");
        assertThat(members.findValuesAsText("Id")).contains(Long.toString(id));
        sim.changeMemberRole(id, "产品经理");
        assertThat(json(receiver.last().body()).get("event").asText()).isEqualTo("MEMBER_ROLE_UPDATED");
        sim.removeMember(id);
        assertThat(json(receiver.last().body()).get("event").asText()).isEqualTo("MEMBER_DELETED");
        assertThat(api.call("DescribeProjectMembers", "ProjectId", sim.projectId(), "PageSize", 100)
                        .response()
                        .at("/Data/ProjectMembers")
                        .findValuesAsText("Id"))
                .doesNotContain(Long.toString(id));

        int code = sim.createIteration("Sprint Z");
        assertThatThrownBy(() -> sim.createIteration("Sprint Z")).hasMessage("Title Duplicated");
        clock.addAndGet(1000);
        sim.updateIteration(
                code,
                e -> e.status("PROCESSING")
                        .startDate(java.time.LocalDate.of(2026, 5, 1))
                        .endDate(java.time.LocalDate.of(2026, 5, 14)));
        JsonNode it = api.call("DescribeIteration", "ProjectName", sim.projectName(), "IterationCode", code)
                .response()
                .get("Iteration");
        assertThat(it.get("Status").asText()).isEqualTo("PROCESSING");
        assertThat(it.get("StartAt").asLong()).isEqualTo(1_777_564_800_000L); // 2026-05-01T00:00+08:00
        assertThat(it.get("EndAt").asLong()).isEqualTo(1_778_774_399_000L); // 2026-05-14T23:59:59+08:00
        assertThat(it.get("UpdatedAt").asLong()).isEqualTo(clock.get());
        sim.deleteIteration(code);
        assertThat(json(receiver.last().body()).get("event").asText()).isEqualTo("ITERATION_DELETED");
        assertThat(api.call("DescribeIteration", "ProjectName", sim.projectName(), "IterationCode", code)
                        .errorCode())
                .isEqualTo("ResourceNotFound");
    }
}
