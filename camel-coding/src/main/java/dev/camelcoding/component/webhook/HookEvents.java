package dev.camelcoding.component.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.Op;
import java.util.Map;
import java.util.Optional;

/**
 * Which table and operation each CODING Service Hook event means (coding-api.md section 4.2), and where its row is
 * in the payload. Events not listed here (Git pushes, merge requests, CI, wiki, artifacts...) are acknowledged and
 * counted but produce no change event.
 */
public final class HookEvents {

    /** The table, operation and payload key of one event. */
    public record Mapping(CodingTable table, Op op, String payloadKey) {}

    private static final Map<String, Mapping> EVENTS = Map.ofEntries(
            Map.entry("ISSUE_CREATED", new Mapping(CodingTable.ISSUES, Op.CREATE, "issue")),
            Map.entry("ISSUE_UPDATED", new Mapping(CodingTable.ISSUES, Op.UPDATE, "issue")),
            Map.entry("ISSUE_STATUS_UPDATED", new Mapping(CodingTable.ISSUES, Op.UPDATE, "issue")),
            Map.entry("ISSUE_ASSIGNEE_CHANGED", new Mapping(CodingTable.ISSUES, Op.UPDATE, "issue")),
            Map.entry("ISSUE_ITERATION_CHANGED", new Mapping(CodingTable.ISSUES, Op.UPDATE, "issue")),
            Map.entry("ISSUE_RELATIONSHIP_CHANGED", new Mapping(CodingTable.ISSUES, Op.UPDATE, "issue")),
            Map.entry("ISSUE_HOUR_RECORD_UPDATED", new Mapping(CodingTable.ISSUES, Op.UPDATE, "issue")),
            Map.entry("ITERATION_PLANNED", new Mapping(CodingTable.ISSUES, Op.UPDATE, "issue")),
            Map.entry("ISSUE_DELETED", new Mapping(CodingTable.ISSUES, Op.DELETE, "issue")),
            Map.entry("ISSUE_COMMENT_CREATED", new Mapping(CodingTable.COMMENTS, Op.CREATE, "issueComment")),
            Map.entry("ITERATION_CREATED", new Mapping(CodingTable.ITERATIONS, Op.CREATE, "iteration")),
            Map.entry("ITERATION_UPDATED", new Mapping(CodingTable.ITERATIONS, Op.UPDATE, "iteration")),
            Map.entry("ITERATION_DELETED", new Mapping(CodingTable.ITERATIONS, Op.DELETE, "iteration")),
            Map.entry("MEMBER_CREATED", new Mapping(CodingTable.PROJECT_MEMBERS, Op.CREATE, "member")),
            Map.entry("MEMBER_ROLE_UPDATED", new Mapping(CodingTable.PROJECT_MEMBERS, Op.UPDATE, "member")),
            Map.entry("MEMBER_DELETED", new Mapping(CodingTable.PROJECT_MEMBERS, Op.DELETE, "member")));

    private HookEvents() {}

    /**
     * The mapping of an event, if it is one we turn into a change. ITERATION_PLANNED ("an issue was planned into an
     * iteration") is an issue update when the payload carries the issue; a payload with only the iteration is read
     * as an update of the iteration.
     */
    public static Optional<Mapping> map(String event, JsonNode body) {
        Mapping mapping = EVENTS.get(event);
        if (mapping != null && "ITERATION_PLANNED".equals(event) && !body.has("issue") && body.has("iteration")) {
            return Optional.of(new Mapping(CodingTable.ITERATIONS, Op.UPDATE, "iteration"));
        }
        return Optional.ofNullable(mapping);
    }

    /** Whether the event is CODING's test delivery (PING for Service Hooks, ping for WebHook v1/v2). */
    public static boolean isPing(String event) {
        return "PING".equalsIgnoreCase(event);
    }
}
