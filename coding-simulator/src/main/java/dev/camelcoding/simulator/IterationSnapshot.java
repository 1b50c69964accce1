package dev.camelcoding.simulator;

/** A canonical view of one iteration; unset startAt/endAt are -28800000 as CODING serves them. */
public record IterationSnapshot(
        int code,
        long id,
        String name,
        String goal,
        String status,
        long startAt,
        long endAt,
        long assigneeId,
        long creatorId,
        long createdAt,
        long updatedAt) {}
