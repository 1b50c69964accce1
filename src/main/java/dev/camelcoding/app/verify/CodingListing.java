package dev.camelcoding.app.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.IssueQuery;
import dev.camelcoding.client.Json;
import dev.camelcoding.component.schema.IssueFieldSchema;
import dev.camelcoding.component.schema.IssueSchema;
import dev.camelcoding.component.schema.IssueStatusSchema;
import dev.camelcoding.component.schema.IssueTypeSchema;
import dev.camelcoding.component.schema.IterationSchema;
import dev.camelcoding.component.schema.MemberSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * CODING's rows of a table, in {@link RowRef} order, from list calls only (never a per-row call), in the canonical
 * schema the readers emit:
 * <ul>
 *   <li>issues: DescribeIssueListWithPage sorted by Code ascending, 500 rows a page, streamed one page at a time
 *       ({@code ceil(N / 500)} calls; each row carries its UpdatedAt, the version);</li>
 *   <li>iterations and project members: their paged lists (members need the project's id first: one more call);</li>
 *   <li>issue types (1 call), and statuses and fields (1 call per issue type).</li>
 * </ul>
 * Only the issues are read as a stream: the other lists are a project's iterations, members and settings, which
 * CODING answers whole or in a few pages; they are sorted here.
 */
public final class CodingListing {

    /** The issue types whose statuses and fields are listed when the sync takes every type (as the readers do). */
    static final List<String> ALL_TYPES = List.of("REQUIREMENT", "DEFECT", "MISSION", "EPIC", "SUB_TASK");

    private final CodingApiClient client;
    private final String project;
    private final String issueType;

    /**
     * @param issueType {@code coding.issue-type}: the issues (and the statuses and fields) of one type, or ALL
     */
    public CodingListing(CodingApiClient client, String project, String issueType) {
        this.client = client;
        this.project = project;
        this.issueType = issueType;
    }

    /** The table's rows in CODING now, in {@link RowRef} order. */
    public Iterator<CodingRow> rows(CheckedTable table) {
        return switch (table) {
            case ISSUES -> issues();
            case ITERATIONS -> sorted(table, iterations());
            case PROJECT_MEMBERS -> sorted(table, members());
            case ISSUE_TYPES -> sorted(table, issueTypes());
            case ISSUE_STATUSES -> sorted(table, issueStatuses());
            case ISSUE_FIELDS -> sorted(table, issueFields());
        };
    }

    private Iterator<CodingRow> issues() {
        IssueQuery query = new IssueQuery(project, issueType, IssueQuery.MAX_PAGE_SIZE, "CODE", true, List.of(), true);
        Iterator<ObjectNode> listed = client.issues(query).rows().iterator();
        return new Iterator<>() {
            private RowRef previous;

            @Override
            public boolean hasNext() {
                return listed.hasNext();
            }

            @Override
            public CodingRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ObjectNode row = IssueSchema.fromApi(listed.next(), project);
                CodingRow coding = of(
                        CheckedTable.ISSUES,
                        IssueSchema.key(project, row.path("code").asLong()),
                        row);
                if (previous != null && coding.ref().compareTo(previous) <= 0) {
                    // the merge relies on the order: a listing out of order would report rows that are there
                    throw new IllegalStateException("CODING listed issue " + coding.ref() + " after " + previous
                            + " in an ascending Code order: the comparison cannot go on");
                }
                previous = coding.ref();
                return coding;
            }
        };
    }

    private List<CodingRow> iterations() {
        return client.iterations(project, IssueQuery.MAX_PAGE_SIZE)
                .rows()
                .map(row -> IterationSchema.fromApi(row, project))
                .map(row -> of(
                        CheckedTable.ITERATIONS,
                        IterationSchema.key(project, row.path("code").asLong()),
                        row))
                .toList();
    }

    private List<CodingRow> members() {
        long projectId = Json.longValue(client.projectByName(project), "Id", 0);
        return client.projectMembers(projectId, IssueQuery.MAX_PAGE_SIZE)
                .rows()
                .map(row -> MemberSchema.fromApi(row, project))
                .map(row -> of(
                        CheckedTable.PROJECT_MEMBERS,
                        MemberSchema.key(project, row.path("user_id").asLong()),
                        row))
                .toList();
    }

    private List<CodingRow> issueTypes() {
        return client.projectIssueTypes(project).stream()
                .map(row -> IssueTypeSchema.fromApi(row, project))
                .map(row -> of(
                        CheckedTable.ISSUE_TYPES,
                        IssueTypeSchema.key(project, row.path("type_id").asLong()),
                        row))
                .toList();
    }

    private List<CodingRow> issueStatuses() {
        List<CodingRow> rows = new ArrayList<>();
        for (String type : types()) {
            for (ObjectNode listed : client.projectIssueStatuses(project, type)) {
                ObjectNode row = IssueStatusSchema.fromApi(listed, project, type);
                rows.add(of(
                        CheckedTable.ISSUE_STATUSES,
                        IssueStatusSchema.key(
                                project, type, row.path("status_id").asLong()),
                        row));
            }
        }
        return rows;
    }

    private List<CodingRow> issueFields() {
        List<CodingRow> rows = new ArrayList<>();
        for (String type : types()) {
            for (ObjectNode listed : client.projectIssueFields(project, type)) {
                ObjectNode row = IssueFieldSchema.fromApi(listed, project, type);
                rows.add(of(
                        CheckedTable.ISSUE_FIELDS,
                        IssueFieldSchema.key(project, type, row.path("field_id").asLong()),
                        row));
            }
        }
        return rows;
    }

    private List<String> types() {
        return "ALL".equals(issueType) ? ALL_TYPES : List.of(issueType);
    }

    private static CodingRow of(CheckedTable table, ObjectNode key, ObjectNode row) {
        return new CodingRow(
                table.refOf(row),
                key,
                row,
                table.versioned() ? row.path("updated_at").asLong(0) : 0);
    }

    private static Iterator<CodingRow> sorted(CheckedTable table, List<CodingRow> rows) {
        List<CodingRow> ordered = new ArrayList<>(rows);
        ordered.sort((a, b) -> a.ref().compareTo(b.ref()));
        return ordered.iterator();
    }
}
