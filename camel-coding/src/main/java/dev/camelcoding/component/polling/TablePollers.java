package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.IterationStrategy;
import dev.camelcoding.component.schema.IssueFieldSchema;
import dev.camelcoding.component.schema.IssueStatusSchema;
import dev.camelcoding.component.schema.IssueTypeSchema;
import dev.camelcoding.component.schema.IterationSchema;
import dev.camelcoding.component.schema.MemberSchema;
import dev.camelcoding.component.schema.ProjectSchema;
import dev.camelcoding.component.schema.ReferenceReads;
import dev.camelcoding.component.team.ProjectIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/** Chooses the poller of a table and tells the listing ones how to list it. */
public final class TablePollers {

    private TablePollers() {}

    public static TablePoller create(CodingTable table, PollContext ctx, IterationStrategy iterationStrategy) {
        return create(table, ctx, iterationStrategy, null, CommentSettings.DEFAULTS, SharedAnswers.none());
    }

    public static TablePoller create(
            CodingTable table,
            PollContext ctx,
            IterationStrategy iterationStrategy,
            IssueFeed issueFeed,
            CommentSettings comments) {
        return create(table, ctx, iterationStrategy, issueFeed, comments, SharedAnswers.none());
    }

    /**
     * @param issueFeed the issues listing the issues and comments pollers of this source share (null: none)
     * @param comments  how the comments table spends its calls
     * @param shared    the answers this table shares with the other readers of its component
     */
    public static TablePoller create(
            CodingTable table,
            PollContext ctx,
            IterationStrategy iterationStrategy,
            IssueFeed issueFeed,
            CommentSettings comments,
            SharedAnswers shared) {
        ReferenceReads reads =
                new ReferenceReads(ctx.client(), ctx.team(), ctx.project(), shared.reference(), shared.freshFor());
        return switch (table) {
            case ISSUES -> new IssuesPoller(ctx, issueFeed);
            case COMMENTS -> new CommentsPoller(ctx, comments, issueFeed);
            case ITERATIONS ->
                new DiffPoller(ctx, () -> iterations(ctx), iterationStrategy == IterationStrategy.overwrite);
            case PROJECT_MEMBERS -> new DiffPoller(ctx, projectMembers(ctx, shared.projectIds()), false);
            case PROJECTS -> new DiffPoller(ctx, () -> projects(ctx), false);
            case ISSUE_TYPES -> new DiffPoller(ctx, () -> issueTypes(ctx, reads), false);
            case ISSUE_FIELDS -> new DiffPoller(ctx, () -> issueFields(ctx, reads), false);
            case ISSUE_STATUSES -> new DiffPoller(ctx, () -> issueStatuses(ctx, reads), false);
        };
    }

    private static List<KeyedRow> iterations(PollContext ctx) {
        return ctx.client()
                .iterations(ctx.project(), ctx.pageSize())
                .rows()
                .map(row -> IterationSchema.fromApi(row, ctx.project()))
                .map(row -> new KeyedRow(
                        IterationSchema.key(ctx.project(), row.path("code").asLong()), row))
                .toList();
    }

    /**
     * Members are listed by the project's numeric id: the one the team's project list showed (DescribeCodingProjects'
     * {@code Project.Id}), or else looked up once, on the first poll (DescribeProjectByName's {@code Project.Id}): the
     * contract (coding-api.md §2.5) has DescribeProjectMembers take "{@code ProjectId*} (numeric id, not name)".
     */
    private static Supplier<List<KeyedRow>> projectMembers(PollContext ctx, ProjectIds listed) {
        AtomicLong lookedUp = new AtomicLong();
        return () -> {
            long projectId = listed.id(ctx.project()).orElseGet(() -> {
                if (lookedUp.get() == 0) {
                    lookedUp.set(Json.longValue(ctx.client().projectByName(ctx.project()), "Id", 0));
                }
                return lookedUp.get();
            });
            return ctx.client()
                    .projectMembers(projectId, ctx.pageSize())
                    .rows()
                    .map(row -> MemberSchema.fromApi(row, ctx.project()))
                    .map(row -> new KeyedRow(
                            MemberSchema.key(ctx.project(), row.path("user_id").asLong()), row))
                    .toList();
        };
    }

    private static List<KeyedRow> projects(PollContext ctx) {
        return ctx.client()
                .projects(ctx.pageSize())
                .rows()
                .map(row -> ProjectSchema.fromApi(row, ctx.team()))
                .map(row -> new KeyedRow(
                        ProjectSchema.key(ctx.team(), row.path("project_id").asLong()), row))
                .toList();
    }

    private static List<KeyedRow> issueTypes(PollContext ctx, ReferenceReads reads) {
        return reads.projectIssueTypes().stream()
                .map(row -> IssueTypeSchema.fromApi(row, ctx.project()))
                .map(row -> new KeyedRow(
                        IssueTypeSchema.key(ctx.project(), row.path("type_id").asLong()), row))
                .toList();
    }

    private static List<KeyedRow> issueFields(PollContext ctx, ReferenceReads reads) {
        return perIssueType(ctx, reads, reads::fields, (row, type) -> {
            ObjectNode field = IssueFieldSchema.fromApi(row, ctx.project(), type);
            return new KeyedRow(
                    IssueFieldSchema.key(
                            ctx.project(), type, field.path("field_id").asLong()),
                    field);
        });
    }

    private static List<KeyedRow> issueStatuses(PollContext ctx, ReferenceReads reads) {
        return perIssueType(ctx, reads, reads::statuses, (row, type) -> {
            ObjectNode status = IssueStatusSchema.fromApi(row, ctx.project(), type);
            return new KeyedRow(
                    IssueStatusSchema.key(
                            ctx.project(), type, status.path("status_id").asLong()),
                    status);
        });
    }

    /**
     * Lists a per-issue-type table: one call per issue type of the project (by its id, the calls the schema makes,
     * so their answers are shared), each row keyed with its type's kind; with an issueType filter only the types of
     * that kind. Two types of one kind listing the same field or status make one row.
     */
    private static List<KeyedRow> perIssueType(
            PollContext ctx,
            ReferenceReads reads,
            LongFunction<List<ObjectNode>> list,
            BiFunction<ObjectNode, String, KeyedRow> toRow) {
        Map<String, KeyedRow> rows = new LinkedHashMap<>();
        for (ObjectNode type : reads.issueTypes()) {
            String kind = Json.text(type, "IssueType");
            if (kind == null
                    || !("ALL".equals(ctx.issueType()) || ctx.issueType().equals(kind))) {
                continue;
            }
            for (ObjectNode row : list.apply(Json.longValue(type, "Id", 0))) {
                KeyedRow keyed = toRow.apply(row, kind);
                rows.putIfAbsent(keyed.key().toString(), keyed);
            }
        }
        return new ArrayList<>(rows.values());
    }
}
