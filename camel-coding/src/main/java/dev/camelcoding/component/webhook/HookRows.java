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
 * the endpoint's client and its shared rate limiter, so a webhook row equals the row polling would emit. What the
 * Open API says now wins over the payload: a row it no longer has (NotFound, or absent from the comment or member
 * list) is {@linkplain Result#gone() gone}, never emitted from the payload, so a late or replayed delivery cannot
 * bring a deleted row back, nor a forged one insert a row CODING never had. Any other refetch failure fails the
 * delivery, so CODING delivers it again rather than a half-filled row overwriting a full one in the sink.
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

    /**
     * What a delivery means now.
     *
     * @param event the change to emit; when {@code gone}, the delete to emit if the row was emitted before
     * @param gone  whether CODING's Open API no longer has the row
     */
    public record Result(ChangeEvent event, boolean gone) {}

    /**
     * The change a delivery describes.
     *
     * @throws MalformedDeliveryException when the payload lacks its row object or the row's key
     */
    public Result toEvent(HookDelivery delivery, HookEvents.Mapping mapping) {
        JsonNode resource = delivery.body().get(mapping.payloadKey());
        if (resource == null || !resource.isObject()) {
            throw new MalformedDeliveryException(
                    delivery.event() + " without its '" + mapping.payloadKey() + "' object");
        }
        Op op = mapping.op();
        ObjectNode fromPayload;
        try {
            fromPayload = fromHook(mapping.table(), resource);
        } catch (RuntimeException wrongTypes) {
            throw new MalformedDeliveryException(delivery.event() + " has a '" + mapping.payloadKey()
                    + "' object of the wrong shape: " + wrongTypes.getMessage());
        }
        ObjectNode key = keyOf(mapping.table(), fromPayload);
        for (var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) key::fields) {
            if (field.getValue().isNumber() && field.getValue().asLong() <= 0) {
                throw new MalformedDeliveryException(delivery.event() + " without a valid '" + field.getKey()
                        + "' in its '" + mapping.payloadKey() + "' object (a positive number)");
            }
        }
        if (op == Op.DELETE) {
            return new Result(event(mapping.table(), op, key, fromPayload, null, delivery), false);
        }
        if (!refetch) {
            return new Result(event(mapping.table(), op, key, null, fromPayload, delivery), false);
        }
        ObjectNode row = refetched(mapping.table(), fromPayload, delivery);
        if (row == null) {
            return new Result(event(mapping.table(), Op.DELETE, key, fromPayload, null, delivery), true);
        }
        return new Result(event(mapping.table(), op, key, null, row, delivery), false);
    }

    private ObjectNode fromHook(CodingTable table, JsonNode resource) {
        return switch (table) {
            case ISSUES -> IssueSchema.fromHook(resource, project);
            case COMMENTS -> CommentSchema.fromHook(resource, project);
            case ITERATIONS -> IterationSchema.fromHook(resource, project);
            case PROJECT_MEMBERS -> MemberSchema.fromHook(resource, project);
            default -> throw new IllegalArgumentException("no webhook events for " + table);
        };
    }

    private ObjectNode keyOf(CodingTable table, ObjectNode fromPayload) {
        return switch (table) {
            case ISSUES -> IssueSchema.key(project, fromPayload.path("code").asLong());
            case COMMENTS ->
                CommentSchema.key(
                        project,
                        fromPayload.path("issue_code").asLong(),
                        fromPayload.path("comment_id").asLong());
            case ITERATIONS ->
                IterationSchema.key(project, fromPayload.path("code").asLong());
            case PROJECT_MEMBERS ->
                MemberSchema.key(project, fromPayload.path("user_id").asLong());
            default -> throw new IllegalArgumentException("no webhook events for " + table);
        };
    }

    /** The row as CODING's Open API has it now, or null when it has it no more. */
    private ObjectNode refetched(CodingTable table, ObjectNode fromPayload, HookDelivery delivery) {
        try {
            return switch (table) {
                case ISSUES ->
                    IssueSchema.fromApi(
                            client.issue(project, fromPayload.path("code").asLong()), project);
                case ITERATIONS ->
                    IterationSchema.fromApi(
                            client.iteration(project, fromPayload.path("code").asLong()), project);
                case COMMENTS -> comment(fromPayload);
                case PROJECT_MEMBERS -> member(fromPayload, delivery);
                default -> fromPayload;
            };
        } catch (CodingNotFoundException gone) {
            return null;
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
        return null; // the issue has the comment no more
    }

    /** Members are not readable one by one: list the project's members (the payload carries the project id). */
    private ObjectNode member(ObjectNode fromPayload, HookDelivery delivery) {
        long projectId = Json.longValue(Json.field(delivery.body(), "project"), "id", 0);
        if (projectId == 0) {
            projectId = Json.longValue(client.projectByName(project), "Id", 0);
        }
        long userId = fromPayload.path("user_id").asLong();
        return client.projectMembers(projectId, 500)
                .rows()
                .filter(row -> Json.longValue(row, "Id", 0) == userId)
                .findFirst()
                .map(row -> MemberSchema.fromApi(row, project))
                .orElse(null); // no longer a member
    }

    private ChangeEvent event(
            CodingTable table, Op op, ObjectNode key, ObjectNode before, ObjectNode after, HookDelivery delivery) {
        return new ChangeEvent(
                op,
                table.uriName(),
                key,
                before,
                after,
                new ChangeEvent.Source(team, project, "webhook", delivery.event(), delivery.deliveryId(), false),
                clock.getAsLong());
    }
}
