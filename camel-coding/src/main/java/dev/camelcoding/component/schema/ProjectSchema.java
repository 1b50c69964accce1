package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;

/**
 * The canonical project row: {@code team, project_id, name, display_name, description, icon, type, status,
 * archived, is_demo, start_date, end_date, created_at, updated_at}.
 */
public final class ProjectSchema {

    /** The declared shape of a project row. */
    public static final TableModel MODEL = TableModel.of("projects", "team", "project_id")
            .required("team", FieldType.STRING)
            .required("project_id", FieldType.INTEGER)
            .optional("name", FieldType.STRING)
            .optional("display_name", FieldType.STRING)
            .optional("description", FieldType.STRING)
            .optional("icon", FieldType.STRING)
            .optional("type", FieldType.INTEGER)
            .optional("status", FieldType.INTEGER)
            .optional("archived", FieldType.BOOLEAN)
            .optional("is_demo", FieldType.BOOLEAN)
            .optional("start_date", FieldType.EPOCH_MILLIS)
            .optional("end_date", FieldType.EPOCH_MILLIS)
            .optional("created_at", FieldType.EPOCH_MILLIS)
            .optional("updated_at", FieldType.EPOCH_MILLIS)
            .build();

    private ProjectSchema() {}

    /** The key of a project: the team and the project id. */
    public static ObjectNode key(String team, long projectId) {
        return Rows.object().put("team", team).put("project_id", projectId);
    }

    public static ObjectNode fromApi(JsonNode row, String team) {
        ObjectNode out = Rows.object();
        out.put("team", team);
        out.put("project_id", Json.longValue(row, "Id", 0));
        Rows.rawText(out, "name", row, "Name");
        Rows.rawText(out, "display_name", row, "DisplayName");
        Rows.rawText(out, "description", row, "Description");
        Rows.text(out, "icon", row, "Icon");
        Rows.integer(out, "type", row, "Type");
        Rows.integer(out, "status", row, "Status");
        Rows.bool(out, "archived", row, "Archived");
        Rows.bool(out, "is_demo", row, "IsDemo");
        Rows.time(out, "start_date", row, "StartDate");
        Rows.time(out, "end_date", row, "EndDate");
        Rows.time(out, "created_at", row, "CreatedAt");
        Rows.time(out, "updated_at", row, "UpdatedAt");
        return out;
    }
}
