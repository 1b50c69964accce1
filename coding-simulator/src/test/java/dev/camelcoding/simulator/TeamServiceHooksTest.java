package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.protocol.HookSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service Hooks through the Open API, per project: CreateServiceHook, DescribeServiceHooks, DeleteServiceHook,
 * PingServiceHook and DescribeServiceHookLogs answer in the contract's shapes, deliveries go to the hooks of the
 * project that changed only, and the whole set can be denied as for a credential without the permission.
 */
class TeamServiceHooksTest {

    static final List<String> EVENTS = List.of("ISSUE_CREATED", "ISSUE_UPDATED", "ISSUE_DELETED");

    final AtomicLong clock = new AtomicLong(1_780_000_000_000L);
    CodingSimulator sim;
    Api api;
    HookReceiver web;
    HookReceiver mobileReceiver;
    SimulatedProject mobile;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder()
                .issues(20)
                .clock(clock::get)
                .addProject("mobile-app", 8)
                .start();
        api = new Api(sim);
        web = new HookReceiver();
        mobileReceiver = new HookReceiver();
        mobile = sim.project("mobile-app");
    }

    @AfterEach
    void stop() {
        sim.close();
        web.close();
        mobileReceiver.close();
    }

    private static String actionProperty(String url, String token) {
        return "{\"service_url\":\"" + url + "\",\"token\":\"" + token + "\"}";
    }

    private Api.Answer create(long projectId, String url, String token, List<String> events) {
        return api.call(
                "CreateServiceHook",
                "ProjectId",
                projectId,
                "TargetType",
                "PROJECT",
                "Name",
                "coding-sync",
                "Service",
                "WebHook",
                "ServiceAction",
                "webhook_http_post",
                "Event",
                events,
                "ActionProperty",
                actionProperty(url, token),
                "Enabled",
                true);
    }

    private static JsonNode ok(Api.Answer a) {
        assertThat(a.errorCode()).as("error in %s", a.json()).isNull();
        return a.response();
    }

    @Test
    void createListAndDeleteInTheContractsShapes() {
        JsonNode created = ok(create(mobile.id(), mobileReceiver.url(), "s3cret", EVENTS));
        assertThat(Shapes.missing(TeamProjectsTest.contract("CreateServiceHook").get("Response"), created))
                .isEmpty();
        JsonNode hook = created.get("ServiceHook");
        String id = hook.get("Id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(hook.get("TargetId").asLong()).isEqualTo(mobile.id());
        assertThat(hook.get("TargetType").asText()).isEqualTo("Project");
        assertThat(hook.get("Service").asText()).isEqualTo("WebHook");
        assertThat(hook.get("Action").asText()).isEqualTo("webhook_http_post");
        assertThat(hook.get("Event")).extracting(JsonNode::asText).containsExactlyElementsOf(EVENTS);
        assertThat(hook.get("EventLabel")).extracting(JsonNode::asText).containsExactly("创建事项", "更新事项信息", "删除事项");
        assertThat(hook.get("ActionProperties").asText())
                .contains(mobileReceiver.url())
                .doesNotContain("s3cret");
        assertThat(hook.get("CreatorBy").asLong()).isEqualTo(sim.data().currentUserId());

        // Two more, then pages of 2: the contract's page shape, every hook once.
        ok(create(mobile.id(), mobileReceiver.url() + "?b", "s3cret", List.of("ISSUE_COMMENT_CREATED")));
        ok(create(mobile.id(), mobileReceiver.url() + "?c", "s3cret", List.of("ITERATION_CREATED")));
        JsonNode example = TeamProjectsTest.contract("DescribeServiceHooks").get("Response");
        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 2; page++) {
            JsonNode r =
                    ok(api.call("DescribeServiceHooks", "ProjectId", mobile.id(), "PageNumber", page, "PageSize", 2));
            assertThat(Shapes.missing(example, r)).isEmpty();
            assertThat(r.at("/Data/TotalCount").asInt()).isEqualTo(3);
            r.at("/Data/ServiceHook").forEach(h -> seen.add(h.get("Id").asText()));
        }
        assertThat(seen).hasSize(3).doesNotHaveDuplicates().contains(id);
        JsonNode byEvent = ok(
                api.call("DescribeServiceHooks", "ProjectId", mobile.id(), "Event", List.of("ISSUE_COMMENT_CREATED")));
        assertThat(byEvent.at("/Data/TotalCount").asInt()).isEqualTo(1);

        // The default project has none of them.
        assertThat(ok(api.call("DescribeServiceHooks", "ProjectId", sim.projectId()))
                        .at("/Data/TotalCount")
                        .asInt())
                .isZero();
        // Deleting through the other project finds nothing; through its own it deletes.
        assertThat(api.call("DeleteServiceHook", "ProjectId", sim.projectId(), "Id", List.of(id))
                        .errorCode())
                .isEqualTo("ResourceNotFound");
        assertThat(ok(api.call("DeleteServiceHook", "ProjectId", mobile.id(), "Id", List.of(id)))
                        .get("Succeed")
                        .asBoolean())
                .isTrue();
        assertThat(ok(api.call("DescribeServiceHooks", "ProjectId", mobile.id()))
                        .at("/Data/TotalCount")
                        .asInt())
                .isEqualTo(2);
        mobile.createIssue("MISSION", "after the delete");
        assertThat(mobileReceiver.received).isEmpty();
    }

    @Test
    void deliveriesGoToTheHooksOfTheProjectThatChangedOnly() throws Exception {
        ok(create(sim.projectId(), web.url(), "web-secret", EVENTS));
        ok(create(mobile.id(), mobileReceiver.url(), "mobile-secret", EVENTS));

        int code = mobile.createIssue("DEFECT", "Crash on start");
        assertThat(web.received).isEmpty();
        assertThat(mobileReceiver.received).hasSize(1);
        HookReceiver.Received r = mobileReceiver.last();
        assertThat(r.headers().getFirst("X-Coding-Service-Hook-Event")).isEqualTo("ISSUE_CREATED");
        assertThat(r.headers().getFirst("X-Coding-Signature")).isEqualTo(HookSignature.sign("mobile-secret", r.body()));
        JsonNode body = Api.JSON.readTree(r.body());
        assertThat(body.at("/project/id").asLong()).isEqualTo(mobile.id());
        assertThat(body.at("/project/name").asText()).isEqualTo("mobile-app");
        assertThat(body.at("/issue/code").asInt()).isEqualTo(code);
        assertThat(body.at("/issue/project_id").asLong()).isEqualTo(mobile.id());

        sim.createIssue("MISSION", "In the default project");
        assertThat(mobileReceiver.received).hasSize(1);
        assertThat(web.received).hasSize(1);
        assertThat(Api.JSON.readTree(web.last().body()).at("/project/id").asLong())
                .isEqualTo(sim.projectId());
        assertThat(web.last().headers().getFirst("X-Coding-Signature"))
                .isEqualTo(HookSignature.sign("web-secret", web.last().body()));

        // An event the hook did not choose is not sent.
        mobile.addComment(code, "seen it");
        assertThat(mobileReceiver.received).hasSize(1);
        assertThat(mobile.deliveries()).hasSize(1);
        assertThat(sim.deliveries()).hasSize(2);
    }

    @Test
    void pingAndItsLogInTheContractsShapes() throws Exception {
        String id = ok(create(mobile.id(), mobileReceiver.url(), "s3cret", EVENTS))
                .at("/ServiceHook/Id")
                .asText();
        JsonNode pinged =
                ok(api.call("PingServiceHook", "ProjectId", mobile.id(), "TargetType", "PROJECT", "Id", List.of(id)));
        assertThat(Shapes.missing(TeamProjectsTest.contract("PingServiceHook").get("Response"), pinged))
                .isEmpty();
        assertThat(pinged.get("Succeed").asBoolean()).isTrue();
        assertThat(mobileReceiver.received).hasSize(1);
        HookReceiver.Received r = mobileReceiver.last();
        assertThat(r.headers().getFirst("X-Coding-Service-Hook-Event")).isEqualTo("PING");
        assertThat(r.headers().getFirst("X-Coding-Signature")).isEqualTo(HookSignature.sign("s3cret", r.body()));
        assertThat(Api.JSON.readTree(r.body()).at("/project/id").asLong()).isEqualTo(mobile.id());

        JsonNode logs = ok(api.call(
                "DescribeServiceHookLogs", "ProjectId", mobile.id(), "Id", id, "PageNumber", 1, "PageSize", 20));
        assertThat(Shapes.missing(
                        TeamProjectsTest.contract("DescribeServiceHookLogs").get("Response"), logs))
                .isEmpty();
        JsonNode entry = logs.at("/Data/Log/0");
        assertThat(entry.get("Event").asText()).isEqualTo("PING");
        assertThat(entry.get("ServiceHookId").asText()).isEqualTo(id);
        assertThat(entry.get("ResponseStatus").asInt()).isEqualTo(200);
        assertThat(entry.get("Status").asInt()).isEqualTo(1);
        assertThat(entry.get("RequestId").asText()).isEqualTo(r.headers().getFirst("X-Coding-Delivery"));
        assertThat(entry.get("SendAt").asLong()).isEqualTo(clock.get());

        // A failed delivery: logged with the receiver's status, the hook's Status and the FAILURE filter follow.
        mobileReceiver.status = 500;
        clock.addAndGet(60_000);
        mobile.createIssue("MISSION", "receiver down");
        JsonNode after = ok(api.call("DescribeServiceHookLogs", "ProjectId", mobile.id(), "Id", id, "PageSize", 1));
        assertThat(after.at("/Data/TotalCount").asInt()).isEqualTo(2);
        assertThat(after.at("/Data/Log/0/Event").asText()).isEqualTo("ISSUE_CREATED");
        assertThat(after.at("/Data/Log/0/ResponseStatus").asInt()).isEqualTo(500);
        assertThat(after.at("/Data/Log/0/Status").asInt()).isZero();
        JsonNode failing = ok(api.call("DescribeServiceHooks", "ProjectId", mobile.id(), "Status", "FAILURE"));
        assertThat(failing.at("/Data/TotalCount").asInt()).isEqualTo(1);
        assertThat(failing.at("/Data/ServiceHook/0/LastSucceedAt").asLong()).isEqualTo(clock.get() - 60_000);

        // Logs and pings of a hook through another project: not found.
        assertThat(api.call("DescribeServiceHookLogs", "ProjectId", sim.projectId(), "Id", id)
                        .errorCode())
                .isEqualTo("ResourceNotFound");
        assertThat(api.call("PingServiceHook", "ProjectId", sim.projectId(), "Id", List.of(id))
                        .errorCode())
                .isEqualTo("ResourceNotFound");
    }

    @Test
    void deniedPermissionAnswersUnauthorizedOperationForEveryHookAction() {
        String id = ok(create(mobile.id(), mobileReceiver.url(), "s3cret", EVENTS))
                .at("/ServiceHook/Id")
                .asText();
        sim.denyServiceHooks(true);
        List<Api.Answer> answers = List.of(
                create(mobile.id(), mobileReceiver.url(), "s3cret", EVENTS),
                api.call("DescribeServiceHooks", "ProjectId", mobile.id()),
                api.call("DeleteServiceHook", "ProjectId", mobile.id(), "Id", List.of(id)),
                api.call("PingServiceHook", "ProjectId", mobile.id(), "Id", List.of(id)),
                api.call("DescribeServiceHookLogs", "ProjectId", mobile.id(), "Id", id));
        for (Api.Answer a : answers) {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.errorCode()).isEqualTo("UnauthorizedOperation");
            assertThat(a.response().at("/Error/Message").asText()).contains("service-hook");
        }
        assertThat(mobileReceiver.received).isEmpty();
        // Other actions are not affected; the hook created before still delivers.
        assertThat(api.call("DescribeCodingProjects").errorCode()).isNull();
        mobile.createIssue("MISSION", "still delivered");
        assertThat(mobileReceiver.received).hasSize(1);

        sim.denyServiceHooks(false);
        assertThat(ok(api.call("DescribeServiceHooks", "ProjectId", mobile.id()))
                        .at("/Data/TotalCount")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void theHookActionsCanBeDeniedInOneProjectWhileItsDataAndTheOtherProjectsAnswer() {
        sim.denyServiceHooks("mobile-app", true);

        Api.Answer denied = create(mobile.id(), mobileReceiver.url(), "s3cret", EVENTS);
        assertThat(denied.errorCode()).isEqualTo("UnauthorizedOperation");
        assertThat(denied.response().at("/Error/Message").asText()).contains("service-hook:profile:rw", "mobile-app");
        assertThat(api.call("DescribeServiceHooks", "ProjectId", mobile.id())
                        .response()
                        .at("/Error/Message")
                        .asText())
                .contains("service-hook:profile:ro");
        // the project's data still answers, and the default project's hooks are allowed
        assertThat(api.call("DescribeIssueListWithPage", "ProjectName", "mobile-app", "IssueType", "ALL", "PageSize", 3)
                        .errorCode())
                .isNull();
        ok(create(sim.projectId(), web.url(), "s3cret", EVENTS));

        sim.denyServiceHooks("mobile-app", false);
        ok(create(mobile.id(), mobileReceiver.url(), "s3cret", EVENTS));
    }

    @Test
    void badRequestsAnswerTheContractsErrorCodes() {
        assertThat(create(0, mobileReceiver.url(), "x", EVENTS).errorCode()).isEqualTo("ResourceNotFound");
        assertThat(api.call("DescribeServiceHooks").errorCode()).isEqualTo("MissingParameter");
        assertThat(create(mobile.id(), mobileReceiver.url(), "x", List.of()).errorCode())
                .isEqualTo("MissingParameter");
        assertThat(create(mobile.id(), mobileReceiver.url(), "x", List.of("NO_SUCH_EVENT"))
                        .errorCode())
                .isEqualTo("InvalidParameterValue");
        assertThat(api.call(
                                "CreateServiceHook",
                                "ProjectId",
                                mobile.id(),
                                "Event",
                                EVENTS,
                                "ActionProperty",
                                "not json")
                        .errorCode())
                .isEqualTo("InvalidParameterValue");
        assertThat(api.call("DescribeServiceHooks", "ProjectId", mobile.id(), "TargetType", "PROGRAM")
                        .errorCode())
                .isEqualTo("InvalidParameterValue");
        // A documented event the simulator never sends may be chosen.
        assertThat(create(mobile.id(), mobileReceiver.url(), "x", List.of("GIT_PUSHED"))
                        .errorCode())
                .isNull();
    }

    @Test
    void aDisabledHookReceivesNoEventsButAPing() {
        String id = ok(api.call(
                        "CreateServiceHook",
                        "ProjectId",
                        mobile.id(),
                        "Event",
                        EVENTS,
                        "ActionProperty",
                        actionProperty(mobileReceiver.url(), "s"),
                        "Enabled",
                        false))
                .at("/ServiceHook/Id")
                .asText();
        mobile.createIssue("MISSION", "not delivered");
        assertThat(mobileReceiver.received).isEmpty();
        ok(api.call("PingServiceHook", "ProjectId", mobile.id(), "Id", List.of(id)));
        assertThat(mobileReceiver.received).hasSize(1);
        // A hook registered through the Java API (every event) matches any Event filter.
        sim.registerHook(web.url(), null, List.of());
        assertThat(ok(api.call("DescribeServiceHooks", "ProjectId", sim.projectId(), "Event", List.of("ISSUE_DELETED")))
                        .at("/Data/TotalCount")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void hooksOfARemovedProjectAreGone() {
        SimulatedProject temp = sim.addProject("temp", 3);
        String id = ok(create(temp.id(), mobileReceiver.url(), "s", EVENTS))
                .at("/ServiceHook/Id")
                .asText();
        temp.createIssue("MISSION", "before removal");
        assertThat(mobileReceiver.received).hasSize(1);
        sim.removeProject("temp");
        assertThat(api.call("DescribeServiceHooks", "ProjectId", temp.id()).errorCode())
                .isEqualTo("ResourceNotFound");
        assertThat(api.call("DescribeServiceHookLogs", "ProjectId", temp.id(), "Id", id)
                        .errorCode())
                .isEqualTo("ResourceNotFound");
    }
}
