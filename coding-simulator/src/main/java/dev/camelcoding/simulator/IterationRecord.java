package dev.camelcoding.simulator;

/** An iteration (sprint). Dates are epoch millis; unset StartAt/EndAt are {@link CodingTime#UNSET_ITERATION_DATE}. */
final class IterationRecord {
    final int code;
    /** The iteration's global id (IterationSimple.Id), distinct from its project-scoped code. */
    final long id;

    String name;
    String goal;
    /** WAIT_PROCESS, PROCESSING or COMPLETED. */
    String status;

    long startAt;
    long endAt;
    long assigneeId;
    final long creatorId;
    long starterId;
    long completerId;
    final long createdAt;
    long updatedAt;

    IterationRecord(
            int code,
            long id,
            String name,
            String goal,
            String status,
            long startAt,
            long endAt,
            long assigneeId,
            long creatorId,
            long createdAt) {
        this.code = code;
        this.id = id;
        this.name = name;
        this.goal = goal;
        this.status = status;
        this.startAt = startAt;
        this.endAt = endAt;
        this.assigneeId = assigneeId;
        this.creatorId = creatorId;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }
}
