package dev.camelcoding.client;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The parameters of DescribeIssueListWithPage.
 *
 * @param projectName   the project's URL name
 * @param issueType     ALL, DEFECT, REQUIREMENT, MISSION, EPIC or SUB_TASK
 * @param pageSize      rows per page, 1 to 500 (CODING's maximum)
 * @param sortKey       CODE, CREATED_AT, UPDATED_AT...
 * @param ascending     sort order (CODING's default is descending)
 * @param conditions    filters; see {@link Condition}
 * @param showSubIssues whether sub-tasks are listed as rows of their own
 */
public record IssueQuery(
        String projectName,
        String issueType,
        int pageSize,
        String sortKey,
        boolean ascending,
        List<Condition> conditions,
        boolean showSubIssues) {

    public static final int MAX_PAGE_SIZE = 500;
    public static final Set<String> ISSUE_TYPES = Set.of("ALL", "DEFECT", "REQUIREMENT", "MISSION", "EPIC", "SUB_TASK");

    public IssueQuery {
        Objects.requireNonNull(projectName, "projectName");
        if (!ISSUE_TYPES.contains(issueType)) {
            throw new IllegalArgumentException("issueType '" + issueType + "' is not one of " + ISSUE_TYPES);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + ", got " + pageSize);
        }
        conditions = List.copyOf(conditions);
    }

    /** All issues of every type, sub-tasks included, oldest change first: the order an incremental sync reads in. */
    public static IssueQuery byUpdateTime(String projectName, int pageSize) {
        return new IssueQuery(projectName, "ALL", pageSize, "UPDATED_AT", true, List.of(), true);
    }

    public IssueQuery withIssueType(String type) {
        return new IssueQuery(projectName, type, pageSize, sortKey, ascending, conditions, showSubIssues);
    }

    public IssueQuery withPageSize(int size) {
        return new IssueQuery(projectName, issueType, size, sortKey, ascending, conditions, showSubIssues);
    }

    public IssueQuery withCondition(Condition condition) {
        List<Condition> all = new ArrayList<>(conditions);
        all.add(condition);
        return new IssueQuery(projectName, issueType, pageSize, sortKey, ascending, all, showSubIssues);
    }

    /**
     * One IssueCondition. Values follow CODING's conventions: comma-separated lists ({@code "1,2,3"}) and closed
     * ranges joined by an underscore ({@code "2024-05-01_2024-05-31"}).
     */
    public record Condition(String key, String value) {
        public Condition {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        /**
         * Issues whose UpdatedAt falls on the given days, both included. CODING filters by whole days (in its own
         * time zone, China Standard Time), so callers filter the exact instant themselves.
         */
        public static Condition updatedBetween(LocalDate from, LocalDate to) {
            return new Condition("UPDATED_AT", from + "_" + to);
        }

        /** Issues planned in any of the given iterations (by iteration Code). */
        public static Condition inIterations(List<Long> iterationCodes) {
            return new Condition(
                    "ITERATION",
                    String.join(
                            ",", iterationCodes.stream().map(String::valueOf).toList()));
        }
    }
}
