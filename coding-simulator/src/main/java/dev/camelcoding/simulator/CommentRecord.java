package dev.camelcoding.simulator;

/** An issue comment: {@code markdown} is CODING's RawContent; Content is rendered from it. */
record CommentRecord(
        long id, long parentId, int issueCode, long creatorId, long createdAt, long updatedAt, String markdown) {}
