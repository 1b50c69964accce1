package dev.camelcoding.simulator;

/** An issue comment: {@code rawContent} is the markdown, {@code content} the rendered HTML. */
public record CommentSnapshot(
        long commentId,
        long parentId,
        int issueCode,
        long creatorId,
        long createdAt,
        long updatedAt,
        String rawContent,
        String content) {}
