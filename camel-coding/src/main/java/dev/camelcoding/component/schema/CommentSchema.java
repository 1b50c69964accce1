package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;

/**
 * The canonical issue comment row: {@code project, issue_code, comment_id, parent_id, content (HTML), raw_content
 * (Markdown), creator_id, created_at, updated_at}.
 */
public final class CommentSchema {

    private CommentSchema() {
    }

    /** The key of a comment: the project, its issue and its id. */
    public static ObjectNode key(String project, long issueCode, long commentId) {
        return Rows.object().put("project", project).put("issue_code", issueCode).put("comment_id", commentId);
    }

    public static ObjectNode fromApi(JsonNode row, String project, long issueCode) {
        ObjectNode out = Rows.object();
        out.put("project", project);
        out.put("issue_code", issueCode);
        out.put("comment_id", Json.longValue(row, "CommentId", 0));
        Rows.id(out, "parent_id", row, "ParentId");
        Rows.rawText(out, "content", row, "Content");
        Rows.rawText(out, "raw_content", row, "RawContent");
        Rows.id(out, "creator_id", row, "CreatorId");
        Rows.time(out, "created_at", row, "CreatedAt");
        Rows.time(out, "updated_at", row, "UpdatedAt");
        return out;
    }
}
