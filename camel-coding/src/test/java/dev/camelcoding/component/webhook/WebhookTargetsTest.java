package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.CodingTable;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Which target of a shared path a delivery goes to, on the deliveries recorded from CODING (recorded/hook-*.json:
 * project {@code testissue}, contract section 4.3).
 */
class WebhookTargetsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode recorded(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/recorded/" + name)) {
            return mapper.readTree(in);
        }
    }

    private static WebhookTarget target(CodingTable table, String project) {
        return new WebhookTarget() {
            @Override
            public CodingTable table() {
                return table;
            }

            @Override
            public String project() {
                return project;
            }

            @Override
            public Outcome deliver(HookDelivery delivery, HookEvents.Mapping mapping) {
                return Outcome.EMITTED;
            }
        };
    }

    @Test
    void aRecordedDeliveryGoesToItsProjectsTargetOfItsTable() throws Exception {
        WebhookTargets targets = new WebhookTargets();
        WebhookTarget ours = target(CodingTable.PROJECT_MEMBERS, "TestIssue"); // written otherwise: same project
        targets.add(target(CodingTable.PROJECT_MEMBERS, "other"), "/p");
        targets.add(ours, "/p");
        targets.add(target(CodingTable.COMMENTS, "other"), "/p");

        assertThat(targets.route(CodingTable.PROJECT_MEMBERS, recorded("hook-MEMBER_CREATED.json")))
                .isEqualTo(new WebhookTargets.Found(ours));
        assertThat(targets.route(CodingTable.COMMENTS, recorded("hook-ISSUE_COMMENT_CREATED.json")))
                .as("the project is synced here, but not this table")
                .isInstanceOf(WebhookTargets.NoTable.class);
    }

    @Test
    void aDeliveryOfAProjectNobodySyncsHereIsNamedAsSuch() throws Exception {
        WebhookTargets targets = new WebhookTargets();
        targets.add(target(CodingTable.PROJECT_MEMBERS, "web"), "/p");

        assertThat(targets.route(CodingTable.PROJECT_MEMBERS, recorded("hook-MEMBER_CREATED.json")))
                .isEqualTo(new WebhookTargets.UnsyncedProject("testissue"));
    }

    @Test
    void withoutAProjectNamedOnlyASingleTargetCanTakeIt() throws Exception {
        ObjectNode anonymous = (ObjectNode) recorded("hook-MEMBER_CREATED.json");
        anonymous.remove("project");
        WebhookTargets targets = new WebhookTargets();
        WebhookTarget web = target(CodingTable.PROJECT_MEMBERS, "web");
        targets.add(web, "/p");
        assertThat(targets.route(CodingTable.PROJECT_MEMBERS, anonymous)).isEqualTo(new WebhookTargets.Found(web));

        targets.add(target(CodingTable.PROJECT_MEMBERS, "api"), "/p");
        assertThat(targets.route(CodingTable.PROJECT_MEMBERS, anonymous))
                .isEqualTo(new WebhookTargets.NoProjectNamed(2));
    }

    @Test
    void twoTargetsOfOneProjectAndTableOnOnePathAreRefused() {
        WebhookTargets targets = new WebhookTargets();
        targets.add(target(CodingTable.ISSUES, "web"), "/p");
        targets.add(target(CodingTable.ISSUES, "api"), "/p");

        assertThatThrownBy(() -> targets.add(target(CodingTable.ISSUES, "Web"), "/p"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("project Web");
    }
}
