package dev.camelcoding.simulator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes of one {@link CodingSimulator#updateIssue} (or the details of a {@link CodingSimulator#createIssue}).
 * Only the setters called are applied; {@link #current()} shows the issue before the change.
 *
 * <p>Which Service Hook event fires depends on what really changed: only the status → ISSUE_STATUS_UPDATED, only the
 * assignee → ISSUE_ASSIGNEE_CHANGED, only the iteration → ISSUE_ITERATION_CHANGED, anything else (or a mix) →
 * ISSUE_UPDATED; nothing changed → no event and UpdatedAt stays.
 */
public final class IssueEdit {

    private final IssueSnapshot current;
    String name;
    String description;
    String status;
    Integer priority;
    Long assigneeId;
    Integer iterationCode;
    Integer parentCode;
    Integer epicCode;
    List<String> labels;
    long[] watcherIds;
    Long startDate;
    Long dueDate;
    String storyPoint;
    Double workingHours;
    final Map<String, String> customFields = new LinkedHashMap<>();

    IssueEdit(IssueSnapshot current) {
        this.current = current;
    }

    /** The issue as it is before this edit (null while creating). */
    public IssueSnapshot current() {
        return current;
    }

    public IssueEdit name(String name) {
        this.name = name;
        return this;
    }

    /** Markdown description. */
    public IssueEdit description(String description) {
        this.description = description;
        return this;
    }

    /** A status name of the issue type's workflow (e.g. "已完成") or a status type (TODO, PROCESSING, COMPLETED). */
    public IssueEdit status(String nameOrType) {
        this.status = nameOrType;
        return this;
    }

    /** 0 低, 1 中, 2 高, 3 紧急; -1 = unspecified (""). */
    public IssueEdit priority(int priority) {
        if (priority < -1 || priority > 3) {
            throw new IllegalArgumentException("priority must be -1..3");
        }
        this.priority = priority;
        return this;
    }

    /** A team member id; 0 removes the assignee. */
    public IssueEdit assignee(long userId) {
        this.assigneeId = userId;
        return this;
    }

    /** An iteration code; 0 takes the issue out of its iteration. */
    public IssueEdit iteration(int iterationCode) {
        this.iterationCode = iterationCode;
        return this;
    }

    /** The parent issue (required for a SUB_TASK); 0 detaches. */
    public IssueEdit parent(int parentCode) {
        this.parentCode = parentCode;
        return this;
    }

    /** The epic a requirement belongs to; 0 detaches. */
    public IssueEdit epic(int epicCode) {
        this.epicCode = epicCode;
        return this;
    }

    /** Replaces the labels (names or ids as text, see {@link SimulatorData#labelNames()}). */
    public IssueEdit labels(String... namesOrIds) {
        this.labels = Arrays.asList(namesOrIds);
        return this;
    }

    /** Replaces the watchers. */
    public IssueEdit watchers(long... userIds) {
        this.watcherIds = userIds.clone();
        return this;
    }

    /** Epoch millis, 0 = unset. */
    public IssueEdit startDate(long epochMillis) {
        this.startDate = epochMillis;
        return this;
    }

    /** Epoch millis, 0 = unset. */
    public IssueEdit dueDate(long epochMillis) {
        this.dueDate = epochMillis;
        return this;
    }

    /** Story points such as "0.5" or "3"; "" = unset. */
    public IssueEdit storyPoint(String storyPoint) {
        this.storyPoint = storyPoint;
        return this;
    }

    public IssueEdit workingHours(double hours) {
        this.workingHours = hours;
        return this;
    }

    /** Sets a custom field's ValueString by field name or id; null unsets it. */
    public IssueEdit customField(String fieldNameOrId, String valueString) {
        customFields.put(fieldNameOrId, valueString);
        return this;
    }
}
