package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;

/** The canonical issue type row: {@code project, type_id, name, issue_type, description, is_system, split_type}. */
public final class IssueTypeSchema {

    /** The declared shape of an issue type row. */
    public static final TableModel MODEL = TableModel.of("issueTypes", "project", "type_id")
            .required("project", FieldType.STRING)
            .required("type_id", FieldType.INTEGER)
            .optional("name", FieldType.STRING)
            .optional("issue_type", FieldType.STRING)
            .optional("description", FieldType.STRING)
            .optional("is_system", FieldType.BOOLEAN)
            .optional("split_type", FieldType.STRING)
            .build();

    private IssueTypeSchema() {}

    public static ObjectNode key(String project, long typeId) {
        return Rows.object().put("project", project).put("type_id", typeId);
    }

    public static ObjectNode fromApi(JsonNode row, String project) {
        ObjectNode out = Rows.object();
        out.put("project", project);
        out.put("type_id", Json.longValue(row, "Id", 0));
        Rows.rawText(out, "name", row, "Name");
        Rows.text(out, "issue_type", row, "IssueType");
        Rows.rawText(out, "description", row, "Description");
        Rows.bool(out, "is_system", row, "IsSystem");
        Rows.text(out, "split_type", row, "SplitType");
        return out;
    }
}
