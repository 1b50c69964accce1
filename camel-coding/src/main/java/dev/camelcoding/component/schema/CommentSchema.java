package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;

/**
 * The canonical issue comment row: {@code project, issue_code, comment_id, parent_id, content (HTML), raw_content
 * (Markdown), creator_id, created_at, updated_at}.
 */
public final class CommentSchema {

    /** The declared shape of a comment row. */
    public static final TableModel MODEL = TableModel.of("comments", "project", "issue_code", "comment_id")
            .required("project", FieldType.STRING)
            .required("issue_code", FieldType.INTEGER)
            .required("comment_id", FieldType.INTEGER)
            .optional("parent_id", FieldType.INTEGER)
            .optional("content", FieldType.STRING)
            .optional("raw_content", FieldType.STRING)
            .optional("creator_id", FieldType.INTEGER)
            .optional("created_at", FieldType.EPOCH_MILLIS)
            .optional("updated_at", FieldType.EPOCH_MILLIS)
            .build();

    private CommentSchema() {}

    /** The key of a comment: the project, its issue and its id. */
    public static ObjectNode key(String project, long issueCode, long commentId) {
        return Rows.object()
                .put("project", project)
                .put("issue_code", issueCode)
                .put("comment_id", commentId);
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

    /**
     * A comment of an ISSUE_COMMENT_CREATED payload in the canonical schema. The payload has no comment id field:
     * CODING puts it only in {@code html_url} ({@code ...#comment-4556442}). It has the rendered HTML but not the
     * Markdown, nor the parent comment: those are null unless completed from DescribeIssueCommentList.
     */
    public static ObjectNode fromHook(JsonNode comment, String project) {
        ObjectNode out = Rows.object();
        out.put("project", project);
        out.put("issue_code", Json.longValue(Json.field(comment, "issue"), "code", 0));
        out.put("comment_id", commentId(comment));
        out.putNull("parent_id");
        Rows.rawText(out, "content", comment, "content");
        out.putNull("raw_content");
        Rows.id(out, "creator_id", Json.field(comment, "creator"), "id");
        Rows.time(out, "created_at", comment, "created_at");
        Rows.time(out, "updated_at", comment, "updated_at");
        return out;
    }

    /** The comment id of a hook payload: an {@code id} field if CODING ever sends one, else the html_url anchor. */
    public static long commentId(JsonNode comment) {
        long id = Json.longValue(comment, "id", 0);
        if (id != 0) {
            return id;
        }
        String url = Json.text(comment, "html_url");
        int anchor = url == null ? -1 : url.lastIndexOf("#comment-");
        if (anchor >= 0) {
            try {
                return Long.parseLong(
                        url.substring(anchor + "#comment-".length()).trim());
            } catch (NumberFormatException ignored) {
                return 0;
            }
        }
        return 0;
    }
}
