package dev.camelcoding.simulator;

import java.time.LocalDate;

/** The changes of one {@link CodingSimulator#updateIteration}; only the setters called are applied. */
public final class IterationEdit {

    private final IterationSnapshot current;
    String name;
    String goal;
    String status;
    LocalDate startDate;
    LocalDate endDate;
    boolean clearDates;
    Long assigneeId;

    IterationEdit(IterationSnapshot current) {
        this.current = current;
    }

    public IterationSnapshot current() {
        return current;
    }

    public IterationEdit name(String name) {
        this.name = name;
        return this;
    }

    public IterationEdit goal(String goal) {
        this.goal = goal;
        return this;
    }

    /** WAIT_PROCESS, PROCESSING or COMPLETED. */
    public IterationEdit status(String status) {
        this.status = status;
        return this;
    }

    /** Start day (00:00 in UTC+8). */
    public IterationEdit startDate(LocalDate day) {
        this.startDate = day;
        return this;
    }

    /** End day (stored as 23:59:59 in UTC+8). */
    public IterationEdit endDate(LocalDate day) {
        this.endDate = day;
        return this;
    }

    /** Unsets both dates (they read -28800000 again). */
    public IterationEdit clearDates() {
        this.clearDates = true;
        return this;
    }

    public IterationEdit assignee(long userId) {
        this.assigneeId = userId;
        return this;
    }
}
