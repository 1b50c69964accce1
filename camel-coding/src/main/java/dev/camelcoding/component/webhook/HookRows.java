package dev.camelcoding.component.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.client.Json;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.schema.CommentSchema;
import dev.camelcoding.component.schema.IssueSchema;
import dev.camelcoding.component.schema.IterationSchema;
import dev.camelcoding.component.schema.MemberSchema;
import java.util.function.LongSupplier;

/**
 * Turns a delivery into the change event of its table, in the same canonical schema polling produces.
 *
 * <p>Hook payloads lack fields the Open API has (issues: custom fields, working hours...; members: roles;
 * comments: the Markdown). With {@code refetch} on (the default) the row is read again through the Open API, with
 * the endpoint's client and its shared rate limiter, so a webhook row equals the row polling would emit. A row that
 * is gone by then (deleted meanwhile) falls back to the payload; any other refetch failure fails the delivery, so
 * CODING delivers it again rather than a half-filled row overwriting a full one in the sink.
 */
public final class HookRows {

    private final CodingApiClient client;
    private final String team;
    private final String project;
    private final boolean refetch;
    private final LongSupplier clock;

    public HookRows(CodingApiClient client, String team, String project, boolean refetch, LongSupplier clock) {
        this.client = client;
        this.team = team;
        this.project = project;
        this.refetch = refetch;
        this.clock = clock;
    }

    public ChangeEvent toEvent(HookDelivery delivery, HookEvents.Mapping mapping) {
        JsonNode resource = delivery.body().get(mapping.payloadKey());
        if (resource == null || !resource.isObject()) {
            throw new IllegalArgumentException(delivery.event() + " without its '" + mapping.payloadKey() + "' object");
        }
        Op op = mapping.op();
        ObjectNode fromPayload;
        ObjectNode key;
        switch (mapping.table()) {
            case ISSUES -> {
                fromPayload = IssueSchema.fromHook(resource, project);
                key = IssueSchema.key(project, fromPayload.path("code").asLong());
            }
            case COMMENTS -> {
                fromPayload = CommentSchema.fromHook(resource, project);
                key = CommentSchema.key(project, fromPayload.path("issue_code").asLong(),
                        fromPayload.path("comment_id").asLong());
            }
            case ITERATIONS -> {
                fromPayload = IterationSchema.fromHook(resource, project);
                key = IterationSchema.key(project, fromPayload.path("code").asLong());
            }
            case PROJECT_MEMBERS -> {
                fromPayload = MemberSchema.fromHook(resource, project);
                key = MemberSchema.key(project, fromPayload.path("user_id").asLong());
            }
            default -> throw new IllegalArgumentException("no webhook events for " + mapping.table());
        }
        if (op == Op.DELETE) {
            return event(mapping.table(), op, key, fromPayload, null, delivery);
        }
        ObjectNode row = refetch ? refetched(mapping.table(), fromPayload, delivery) : fromPayload;
        return event(mapping.table(), op, key, null, row, delivery);
    }

    private ObjectNode refetched(CodingTable table, ObjectNode fromPayload, HookDelivery delivery) {
        try {
            return switch (table) {
                case ISSUES -> IssueSchema.fromApi(client.issue(project, fromPayload.path("code").asLong()), project);
                case ITERATIONS -> IterationSchema.fromApi(client.iteration(project, fromPayload.path("code").asLong()),
                        project);
                case COMMENTS -> comment(fromPayload);
                case PROJECT_MEMBERS -> member(fromPayload, delivery);
                default -> fromPayload;
            };
        } catch (CodingNotFoundException goneMeanwhile) {
            return fromPayload;
        }
    }

    private ObjectNode comment(ObjectNode fromPayload) {
        long issueCode = fromPayload.path("issue_code").asLong();
        long commentId = fromPayload.path("comment_id").asLong();
        for (ObjectNode comment : client.issueComments(project, issueCode)) {
            if (Json.longValue(comment, "CommentId", 0) == commentId) {
                return CommentSchema.fromApi(comment, project, issueCode);
            }
        }
        return fromPayload;
    }

    /** Members are not readable one by one: list the project's members (the payload carries the project id). */
    private ObjectNode member(ObjectNode fromPayload, HookDelivery delivery) {
        long projectId = Json.longValue(Json.field(delivery.body(), "project"), "id", 0);
        if (projectId == 0) {
            projectId = Json.longValue(client.projectByName(project), "Id", 0);
        }
        long userId = fromPayload.path("user_id").asLong();
        return client.projectMembers(projectId, 500).rows()
                .filter(row -> Json.longValue(row, "Id", 0) == userId)
                .findFirst()
                .map(row -> MemberSchema.fromApi(row, project))
                .orElse(fromPayload);
    }

    private ChangeEvent event(CodingTable table, Op op, ObjectNode key, ObjectNode before, ObjectNode after,
            HookDelivery delivery) {
        return new ChangeEvent(op, table.uriName(), key, before, after,
                new ChangeEvent.Source(team, project, "webhook", delivery.event(), delivery.deliveryId(), false),
                clock.getAsLong());
    }
}
