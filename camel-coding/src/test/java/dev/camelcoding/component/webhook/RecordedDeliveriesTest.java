package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The real deliveries recorded from CODING (the repository's recorded/hook-*.json) map to canonical rows. */
class RecordedDeliveriesTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final HookRows payloadOnly = new HookRows(null, "testhookgavin", "testissue", false, () -> 42L);

    private JsonNode recorded(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/recorded/" + name)) {
            return mapper.readTree(in);
        }
    }

    private ChangeEvent event(String fixture, String deliveryId) throws Exception {
        JsonNode body = recorded(fixture);
        String event = body.path("event").asText();
        HookEvents.Mapping mapping = HookEvents.map(event, body).orElseThrow();
        return payloadOnly
                .toEvent(
                        new HookDelivery(event, deliveryId, body.path("hook_id").asText(), body), mapping)
                .event();
    }

    @Test
    void theRecordedCommentDeliveryBecomesACommentCreate() throws Exception {
        ChangeEvent event = event("hook-ISSUE_COMMENT_CREATED.json", "d-1");

        assertThat(event.op()).isEqualTo(Op.CREATE);
        assertThat(event.table()).isEqualTo("comments");
        assertThat(event.key().toString())
                .isEqualTo("{\"project\":\"testissue\",\"issue_code\":71,\"comment_id\":4556442}");
        assertThat(event.after().path("content").asText()).isEqualTo("<p>AAA</p>");
        assertThat(event.after().path("creator_id").asLong()).isEqualTo(8613060L);
        assertThat(event.after().path("created_at").asLong()).isEqualTo(1665304451630L);
        assertThat(event.source().event()).isEqualTo("ISSUE_COMMENT_CREATED");
        assertThat(event.source().delivery()).isEqualTo("d-1");
        assertThat(event.source().mode()).isEqualTo("webhook");
    }

    @Test
    void theEmbeddedIssueMapsToTheSameFieldsAsPolling() throws Exception {
        JsonNode issue =
                recorded("hook-ISSUE_COMMENT_CREATED.json").path("issueComment").path("issue");
        var row = dev.camelcoding.component.schema.IssueSchema.fromHook(issue, "testissue");

        assertThat(row.path("code").asLong()).isEqualTo(71);
        assertThat(row.path("name").asText()).isEqualTo("萨达三分大赛");
        assertThat(row.path("priority").asInt())
                .as("hook priority is a number; canonical too")
                .isEqualTo(3);
        assertThat(row.path("status_id").asLong()).isEqualTo(43900887L);
        assertThat(row.path("status_type").asText()).isEqualTo("TODO");
        assertThat(row.path("iteration_code").asLong()).isEqualTo(1);
        assertThat(row.path("iteration_name").asText()).isEqualTo("#1ISSUE");
        assertThat(row.path("labels").get(0).asText()).isEqualTo("StreamRead");
        assertThat(row.path("parent_code").isNull())
                .as("parent_code 0 means none")
                .isTrue();
        assertThat(row.path("custom_fields").isNull())
                .as("hooks carry no custom fields")
                .isTrue();
        // Every canonical field of the polling schema is present, so sinks see one shape.
        var polled = dev.camelcoding.component.schema.IssueSchema.fromApi(mapper.createObjectNode(), "testissue");
        assertThat(row.fieldNames()).toIterable().containsExactlyElementsOf(() -> polled.fieldNames());
    }

    @Test
    void theRecordedMemberDeliveryBecomesAMemberCreate() throws Exception {
        ChangeEvent event = event("hook-MEMBER_CREATED.json", "d-2");

        assertThat(event.op()).isEqualTo(Op.CREATE);
        assertThat(event.table()).isEqualTo("projectMembers");
        assertThat(event.key().path("user_id").asLong()).isEqualTo(8647278L);
        assertThat(event.after().path("global_key").asText()).isEqualTo("vMBtGCrzEP");
        assertThat(event.after().path("name").asText()).isEqualTo("邱迎豪");
        var polled = dev.camelcoding.component.schema.MemberSchema.fromApi(mapper.createObjectNode(), "testissue");
        assertThat(event.after().fieldNames()).toIterable().containsExactlyElementsOf(() -> polled.fieldNames());
    }

    @Test
    void everyDocumentedEventHasItsTableAndOp() {
        assertThat(map("ISSUE_CREATED")).contains(new HookEvents.Mapping(CodingTable.ISSUES, Op.CREATE, "issue"));
        for (String update : new String[] {
            "ISSUE_UPDATED",
            "ISSUE_STATUS_UPDATED",
            "ISSUE_ASSIGNEE_CHANGED",
            "ISSUE_ITERATION_CHANGED",
            "ISSUE_RELATIONSHIP_CHANGED",
            "ISSUE_HOUR_RECORD_UPDATED",
            "ITERATION_PLANNED"
        }) {
            assertThat(map(update)).as(update).contains(new HookEvents.Mapping(CodingTable.ISSUES, Op.UPDATE, "issue"));
        }
        assertThat(map("ISSUE_DELETED")).contains(new HookEvents.Mapping(CodingTable.ISSUES, Op.DELETE, "issue"));
        assertThat(map("ITERATION_DELETED"))
                .contains(new HookEvents.Mapping(CodingTable.ITERATIONS, Op.DELETE, "iteration"));
        assertThat(map("MEMBER_ROLE_UPDATED"))
                .contains(new HookEvents.Mapping(CodingTable.PROJECT_MEMBERS, Op.UPDATE, "member"));
        assertThat(map("GIT_PUSHED")).isEmpty();
        assertThat(HookEvents.isPing("PING")).isTrue();
        assertThat(HookEvents.isPing("ping")).isTrue();
        assertThat(HookEvents.isPing("ISSUE_CREATED")).isFalse();
    }

    /** The recorded deliveries' own event names map to their table, and their payload key is in the recording. */
    @Test
    void theRecordedEventsMapToTheKeyTheirPayloadCarries() throws Exception {
        JsonNode comment = recorded("hook-ISSUE_COMMENT_CREATED.json");
        assertThat(comment.path("event").asText()).isEqualTo("ISSUE_COMMENT_CREATED");
        assertThat(comment.path("eventName").asText()).isEqualTo("增加评论");
        assertThat(comment.path("action").asText()).isEqualTo("comment");
        assertThat(HookEvents.map(comment.path("event").asText(), comment))
                .contains(new HookEvents.Mapping(CodingTable.COMMENTS, Op.CREATE, "issueComment"));
        assertThat(comment.path("issueComment").isObject()).isTrue();
        assertThat(comment.path("hook_id").asText()).isEqualTo("17fb4cb3-c679-4fb1-829c-1f02ffe2a815");

        JsonNode member = recorded("hook-MEMBER_CREATED.json");
        assertThat(member.path("event").asText()).isEqualTo("MEMBER_CREATED");
        assertThat(HookEvents.map(member.path("event").asText(), member))
                .contains(new HookEvents.Mapping(CodingTable.PROJECT_MEMBERS, Op.CREATE, "member"));
        assertThat(member.path("member").path("id").asLong()).isEqualTo(8647278L);
    }

    private Optional<HookEvents.Mapping> map(String event) {
        return HookEvents.map(event, mapper.createObjectNode().set("issue", mapper.createObjectNode()));
    }
}
