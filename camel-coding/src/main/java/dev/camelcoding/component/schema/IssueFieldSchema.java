package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;

/**
 * The canonical issue field row, one per field and issue type of a project: {@code project, issue_type, field_id,
 * name, field_type (ASSIGNEE... CUSTOM), component_type, description, unit, required, need_default, default_value,
 * options [{value, title, sort}], created_at, updated_at}.
 */
public final class IssueFieldSchema {

    /** The declared shape of an issue field row. */
    public static final TableModel MODEL = TableModel.of("issueFields", "project", "issue_type", "field_id")
            .required("project", FieldType.STRING)
            .required("issue_type", FieldType.STRING)
            .required("field_id", FieldType.INTEGER)
            .optional("name", FieldType.STRING)
            .optional("field_type", FieldType.STRING)
            .optional("component_type", FieldType.STRING)
            .optional("description", FieldType.STRING)
            .optional("unit", FieldType.STRING)
            .optional("required", FieldType.BOOLEAN)
            .optional("need_default", FieldType.BOOLEAN)
            .optional("default_value", FieldType.STRING)
            .optional("options", FieldType.ARRAY)
            .optional("created_at", FieldType.EPOCH_MILLIS)
            .optional("updated_at", FieldType.EPOCH_MILLIS)
            .build();

    private IssueFieldSchema() {}

    public static ObjectNode key(String project, String issueType, long fieldId) {
        return Rows.object()
                .put("project", project)
                .put("issue_type", issueType)
                .put("field_id", fieldId);
    }

    public static ObjectNode fromApi(JsonNode row, String project, String issueType) {
        JsonNode field = Json.field(row, "IssueField");
        ObjectNode out = Rows.object();
        out.put("project", project);
        out.put("issue_type", issueType);
        long id = Json.longValue(row, "IssueFieldId", 0);
        out.put("field_id", id != 0 ? id : Json.longValue(field, "Id", 0));
        Rows.rawText(out, "name", field, "Name");
        Rows.text(out, "field_type", field, "Type");
        Rows.text(out, "component_type", field, "ComponentType");
        Rows.rawText(out, "description", field, "Description");
        Rows.text(out, "unit", field, "Unit");
        Rows.bool(out, "required", row, "Required");
        Rows.bool(out, "need_default", row, "NeedDefault");
        Rows.text(out, "default_value", row, "ValueString");
        ArrayNode options = out.putArray("options");
        for (JsonNode option : Json.array(field, "Options")) {
            ObjectNode o = options.addObject();
            Rows.rawText(o, "value", option, "Value");
            Rows.rawText(o, "title", option, "Title");
            Rows.integer(o, "sort", option, "Sort");
        }
        Rows.time(out, "created_at", row, "CreatedAt");
        Rows.time(out, "updated_at", row, "UpdatedAt");
        return out;
    }
}
