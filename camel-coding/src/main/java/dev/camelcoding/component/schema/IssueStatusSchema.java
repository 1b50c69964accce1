package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;

/**
 * The canonical issue status row, one per status and issue type of a project: {@code project, issue_type, status_id,
 * name, status_type (TODO, PROCESSING, COMPLETED), is_default, sort, is_system, created_at, updated_at}.
 */
public final class IssueStatusSchema {

    /** The declared shape of an issue status row. */
    public static final TableModel MODEL = TableModel.of("issueStatuses", "project", "issue_type", "status_id")
            .required("project", FieldType.STRING)
            .required("issue_type", FieldType.STRING)
            .required("status_id", FieldType.INTEGER)
            .optional("name", FieldType.STRING)
            .optional("status_type", FieldType.STRING)
            .optional("is_default", FieldType.BOOLEAN)
            .optional("sort", FieldType.INTEGER)
            .optional("is_system", FieldType.BOOLEAN)
            .optional("created_at", FieldType.EPOCH_MILLIS)
            .optional("updated_at", FieldType.EPOCH_MILLIS)
            .build();

    private IssueStatusSchema() {}

    public static ObjectNode key(String project, String issueType, long statusId) {
        return Rows.object()
                .put("project", project)
                .put("issue_type", issueType)
                .put("status_id", statusId);
    }

    public static ObjectNode fromApi(JsonNode row, String project, String issueType) {
        JsonNode status = Json.field(row, "IssueStatus");
        ObjectNode out = Rows.object();
        out.put("project", project);
        out.put("issue_type", issueType);
        long id = Json.longValue(row, "IssueStatusId", 0);
        out.put("status_id", id != 0 ? id : Json.longValue(status, "Id", 0));
        Rows.rawText(out, "name", status, "Name");
        Rows.text(out, "status_type", status, "Type");
        Rows.bool(out, "is_default", row, "IsDefault");
        Rows.integer(out, "sort", row, "Sort");
        Rows.bool(out, "is_system", status, "IsSystem");
        Rows.time(out, "created_at", row, "CreatedAt");
        Rows.time(out, "updated_at", row, "UpdatedAt");
        return out;
    }
}
