package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The canonical issue row. Built from a DescribeIssueListWithPage row or a DescribeIssue detail (PascalCase, as the
 * Open API sends them); webhook payloads (snake_case) map onto the same fields. Fields CODING did not send are null.
 *
 * <pre>
 * project, code, type, issue_type_id, name, description, status_id, status_name, status_type, priority (0-3),
 * assignee_id, assignee_ids, creator_id, parent_code, iteration_code, iteration_name, start_date, due_date,
 * completed_at, created_at, updated_at, working_hours, story_point, labels [names], custom_fields {id: value},
 * custom {id: {name, type, value}}
 * </pre>
 */
public final class IssueSchema {

    /** The declared shape of an issue row: the catalog and the sink's columns come from it. */
    public static final TableModel MODEL = TableModel.of("issues", "project", "code")
            .required("project", FieldType.STRING)
            .required("code", FieldType.INTEGER)
            .optional("type", FieldType.STRING)
            .optional("issue_type_id", FieldType.INTEGER)
            .optional("name", FieldType.STRING)
            .optional("description", FieldType.STRING)
            .optional("status_id", FieldType.INTEGER)
            .optional("status_name", FieldType.STRING)
            .optional("status_type", FieldType.STRING)
            .optional("priority", FieldType.INTEGER)
            .optional("assignee_id", FieldType.INTEGER)
            .optional("assignee_ids", FieldType.ARRAY)
            .optional("creator_id", FieldType.INTEGER)
            .optional("parent_code", FieldType.INTEGER)
            .optional("iteration_code", FieldType.INTEGER)
            .optional("iteration_name", FieldType.STRING)
            .optional("start_date", FieldType.EPOCH_MILLIS)
            .optional("due_date", FieldType.EPOCH_MILLIS)
            .optional("completed_at", FieldType.EPOCH_MILLIS)
            .optional("created_at", FieldType.EPOCH_MILLIS)
            .optional("updated_at", FieldType.EPOCH_MILLIS)
            .optional("working_hours", FieldType.DECIMAL)
            .optional("story_point", FieldType.DECIMAL)
            .optional("labels", FieldType.ARRAY)
            .optional("custom_fields", FieldType.OBJECT)
            .optional("custom", FieldType.OBJECT)
            .build();

    private IssueSchema() {}

    /** The key of an issue: its project and its project-scoped code. */
    public static ObjectNode key(String project, long code) {
        return Rows.object().put("project", project).put("code", code);
    }

    /** An issue row of the Open API (list row or detail) in the canonical schema. */
    public static ObjectNode fromApi(JsonNode row, String project) {
        ObjectNode out = Rows.object();
        out.put("project", project);
        out.put("code", Json.longValue(row, "Code", 0));
        Rows.text(out, "type", row, "Type");
        Rows.putId(
                out,
                "issue_type_id",
                Json.longValue(row, "IssueTypeId", 0),
                Json.longValue(Json.field(row, "IssueTypeDetail"), "Id", 0));
        Rows.rawText(out, "name", row, "Name");
        Rows.rawText(out, "description", row, "Description");
        Rows.id(out, "status_id", row, "IssueStatusId");
        Rows.text(out, "status_name", row, "IssueStatusName");
        Rows.text(out, "status_type", row, "IssueStatusType");
        Rows.integer(out, "priority", row, "Priority");
        // List rows carry flat ids (AssigneeId); DescribeIssue carries objects (Assignee.Id): read either.
        long assignee = Rows.putId(
                out,
                "assignee_id",
                Json.longValue(row, "AssigneeId", 0),
                Json.longValue(Json.field(row, "Assignee"), "Id", 0));
        out.set("assignee_ids", userIds(Json.field(row, "Assignees"), assignee));
        Rows.putId(
                out,
                "creator_id",
                Json.longValue(row, "CreatorId", 0),
                Json.longValue(Json.field(row, "Creator"), "Id", 0));
        Rows.putId(
                out,
                "parent_code",
                Json.longValue(row, "ParentCode", 0),
                Json.longValue(Json.field(row, "Parent"), "Code", 0));
        JsonNode iteration = Json.field(row, "Iteration");
        Rows.id(out, "iteration_code", iteration, "Code");
        Rows.text(out, "iteration_name", iteration, "Name");
        Rows.time(out, "start_date", row, "StartDate");
        Rows.time(out, "due_date", row, "DueDate");
        Rows.time(out, "completed_at", row, "CompletedAt");
        Rows.time(out, "created_at", row, "CreatedAt");
        Rows.time(out, "updated_at", row, "UpdatedAt");
        Rows.decimal(out, "working_hours", row, "WorkingHours");
        // a number in the row (CODING sends "0.5"); text that is no number is kept as text
        Rows.decimal(out, "story_point", row, "StoryPoint");
        out.set("labels", labelNames(Json.field(row, "Labels"), "Name"));
        ObjectNode custom = out.putObject("custom_fields");
        for (JsonNode field : Json.array(row, "CustomFields")) {
            long id = Json.longValue(field, "Id", 0);
            if (id != 0) {
                custom.put(Long.toString(id), Json.text(field, "ValueString"));
            }
        }
        // "custom" (the typed values) is added by CustomFieldNormalizer, after the row's hash, from the field
        // definitions: rows synced before it existed do not count as changed
        return out;
    }

    /**
     * An issue of a Service Hook payload (snake_case, {@code priority} a number, {@code title} for the name) in the
     * canonical schema. Hooks do not carry custom fields, working hours, story points, completion time or the issue
     * type id: those are null unless the row is completed with DescribeIssue ({@code refetch}).
     */
    public static ObjectNode fromHook(JsonNode issue, String project) {
        ObjectNode out = Rows.object();
        out.put("project", project);
        out.put("code", Json.longValue(issue, "code", 0));
        Rows.text(out, "type", issue, "type");
        out.putNull("issue_type_id");
        Rows.rawText(out, "name", issue, "title");
        Rows.rawText(out, "description", issue, "description");
        JsonNode status = Json.field(issue, "issue_status");
        Rows.id(out, "status_id", status, "id");
        String statusName = Json.text(status, "name");
        if (statusName == null || statusName.isEmpty()) {
            Rows.text(out, "status_name", issue, "status");
        } else {
            out.put("status_name", statusName);
        }
        Rows.text(out, "status_type", status, "type");
        Rows.integer(out, "priority", issue, "priority");
        long assignee = Rows.putId(out, "assignee_id", Json.longValue(Json.field(issue, "assignee"), "id", 0));
        out.set("assignee_ids", userIds(Json.field(issue, "assignees"), assignee));
        Rows.id(out, "creator_id", Json.field(issue, "creator"), "id");
        Rows.id(out, "parent_code", issue, "parent_code");
        JsonNode iteration = Json.field(issue, "iteration");
        Rows.id(out, "iteration_code", iteration, "code");
        Rows.text(out, "iteration_name", iteration, "title");
        Rows.time(out, "start_date", issue, "start_date");
        Rows.time(out, "due_date", issue, "due_date");
        out.putNull("completed_at");
        Rows.time(out, "created_at", issue, "created_at");
        Rows.time(out, "updated_at", issue, "updated_at");
        out.putNull("working_hours");
        out.putNull("story_point");
        out.set("labels", labelNames(Json.field(issue, "labels"), "name"));
        out.putNull("custom_fields");
        return out;
    }

    /** The issue's code; 0 when the row has none. */
    public static long code(JsonNode apiRow) {
        return Json.longValue(apiRow, "Code", 0);
    }

    /** The issue's UpdatedAt in epoch ms; 0 when the row has none. */
    public static long updatedAt(JsonNode apiRow) {
        return Json.longValue(apiRow, "UpdatedAt", 0);
    }

    /** The issue's CreatedAt in epoch ms; 0 when the row has none. */
    public static long createdAt(JsonNode apiRow) {
        return Json.longValue(apiRow, "CreatedAt", 0);
    }

    static ArrayNode userIds(JsonNode users, long fallback) {
        List<Long> ids = new ArrayList<>();
        if (users.isArray()) {
            for (JsonNode user : users) {
                long id = user.isNumber() ? user.asLong() : Json.longValue(user, "Id", 0);
                if (id != 0 && !ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        if (ids.isEmpty() && fallback != 0) {
            ids.add(fallback);
        }
        ids.sort(Comparator.naturalOrder());
        ArrayNode array = Rows.array();
        ids.forEach(array::add);
        return array;
    }

    static ArrayNode labelNames(JsonNode labels, String nameField) {
        List<String> names = new ArrayList<>();
        if (labels.isArray()) {
            for (JsonNode label : labels) {
                String name = Json.text(label, nameField);
                if (name != null && !name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        names.sort(Comparator.naturalOrder());
        ArrayNode array = Rows.array();
        names.forEach(array::add);
        return array;
    }
}
