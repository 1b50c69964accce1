package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;

/**
 * The canonical iteration row: {@code project, code, name, goal, status, assignee_id, creator_id, starter_id,
 * completer_id, start_at, end_at, wait_process_count, processing_count, completed_count, completed_percent,
 * created_at, updated_at}. Unset dates (CODING sends -28800000) and unset users (0) are null.
 */
public final class IterationSchema {

    /** The declared shape of an iteration row. */
    public static final TableModel MODEL = TableModel.of("iterations", "project", "code")
            .required("project", FieldType.STRING)
            .required("code", FieldType.INTEGER)
            .optional("name", FieldType.STRING)
            .optional("goal", FieldType.STRING)
            .optional("status", FieldType.STRING)
            .optional("assignee_id", FieldType.INTEGER)
            .optional("creator_id", FieldType.INTEGER)
            .optional("starter_id", FieldType.INTEGER)
            .optional("completer_id", FieldType.INTEGER)
            .optional("start_at", FieldType.EPOCH_MILLIS)
            .optional("end_at", FieldType.EPOCH_MILLIS)
            .optional("wait_process_count", FieldType.INTEGER)
            .optional("processing_count", FieldType.INTEGER)
            .optional("completed_count", FieldType.INTEGER)
            .optional("completed_percent", FieldType.INTEGER)
            .optional("created_at", FieldType.EPOCH_MILLIS)
            .optional("updated_at", FieldType.EPOCH_MILLIS)
            .build();

    private IterationSchema() {}

    /** The key of an iteration: its project and its project-scoped code. */
    public static ObjectNode key(String project, long code) {
        return Rows.object().put("project", project).put("code", code);
    }

    public static ObjectNode fromApi(JsonNode row, String project) {
        ObjectNode out = Rows.object();
        out.put("project", project);
        out.put("code", Json.longValue(row, "Code", 0));
        Rows.rawText(out, "name", row, "Name");
        Rows.rawText(out, "goal", row, "Goal");
        Rows.text(out, "status", row, "Status");
        Rows.id(out, "assignee_id", row, "Assignee");
        Rows.id(out, "creator_id", row, "Creator");
        Rows.id(out, "starter_id", row, "Starter");
        Rows.id(out, "completer_id", row, "Completer");
        Rows.time(out, "start_at", row, "StartAt");
        Rows.time(out, "end_at", row, "EndAt");
        Rows.integer(out, "wait_process_count", row, "WaitProcessCount");
        Rows.integer(out, "processing_count", row, "ProcessingCount");
        Rows.integer(out, "completed_count", row, "CompletedCount");
        Rows.integer(out, "completed_percent", row, "CompletedPercent");
        Rows.time(out, "created_at", row, "CreatedAt");
        Rows.time(out, "updated_at", row, "UpdatedAt");
        return out;
    }

    /** An iteration of a Service Hook payload ({@code title} for the name, users as objects) in the canonical schema. */
    public static ObjectNode fromHook(JsonNode iteration, String project) {
        ObjectNode out = Rows.object();
        out.put("project", project);
        out.put("code", Json.longValue(iteration, "code", 0));
        Rows.rawText(out, "name", iteration, "title");
        Rows.rawText(out, "goal", iteration, "goal");
        Rows.text(out, "status", iteration, "status");
        Rows.id(out, "assignee_id", Json.field(iteration, "assignee"), "id");
        Rows.id(out, "creator_id", Json.field(iteration, "creator"), "id");
        out.putNull("starter_id");
        out.putNull("completer_id");
        Rows.time(out, "start_at", iteration, "start_at");
        Rows.time(out, "end_at", iteration, "end_at");
        out.putNull("wait_process_count");
        out.putNull("processing_count");
        out.putNull("completed_count");
        out.putNull("completed_percent");
        Rows.time(out, "created_at", iteration, "created_at");
        Rows.time(out, "updated_at", iteration, "updated_at");
        return out;
    }
}
