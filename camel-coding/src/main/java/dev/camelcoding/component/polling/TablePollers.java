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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Chooses the poller of a table and tells the listing ones how to list it. */
public final class TablePollers {

    /** The issue types whose fields and statuses are listed when no issueType filter is set. */
    static final List<String> ALL_TYPES = List.of("REQUIREMENT", "DEFECT", "MISSION", "EPIC", "SUB_TASK");

    private TablePollers() {}

    public static TablePoller create(CodingTable table, PollContext ctx, IterationStrategy iterationStrategy) {
        return create(table, ctx, iterationStrategy, null, CommentSettings.DEFAULTS);
    }

    /**
     * @param issueFeed the issues listing the issues and comments pollers of this source share (null: none)
     * @param comments  how the comments table spends its calls
     */
    public static TablePoller create(
            CodingTable table,
            PollContext ctx,
            IterationStrategy iterationStrategy,
            IssueFeed issueFeed,
            CommentSettings comments) {
        return switch (table) {
            case ISSUES -> new IssuesPoller(ctx, issueFeed);
            case COMMENTS -> new CommentsPoller(ctx, comments, issueFeed);
            case ITERATIONS ->
                new DiffPoller(ctx, () -> iterations(ctx), iterationStrategy == IterationStrategy.overwrite);
            case PROJECT_MEMBERS -> new DiffPoller(ctx, projectMembers(ctx), false);
            case PROJECTS -> new DiffPoller(ctx, () -> projects(ctx), false);
            case ISSUE_TYPES -> new DiffPoller(ctx, () -> issueTypes(ctx), false);
            case ISSUE_FIELDS -> new DiffPoller(ctx, () -> issueFields(ctx), false);
            case ISSUE_STATUSES -> new DiffPoller(ctx, () -> issueStatuses(ctx), false);
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

    /** Members are listed by the project's numeric id: looked up once, on the first poll. */
    private static java.util.function.Supplier<List<KeyedRow>> projectMembers(PollContext ctx) {
        AtomicLong projectId = new AtomicLong();
        return () -> {
            if (projectId.get() == 0) {
                projectId.set(Json.longValue(ctx.client().projectByName(ctx.project()), "Id", 0));
            }
            return ctx.client()
                    .projectMembers(projectId.get(), ctx.pageSize())
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

    private static List<KeyedRow> issueTypes(PollContext ctx) {
        return ctx.client().projectIssueTypes(ctx.project()).stream()
                .map(row -> IssueTypeSchema.fromApi(row, ctx.project()))
                .map(row -> new KeyedRow(
                        IssueTypeSchema.key(ctx.project(), row.path("type_id").asLong()), row))
                .toList();
    }

    private static List<KeyedRow> issueFields(PollContext ctx) {
        return perIssueType(ctx, type -> ctx.client().projectIssueFields(ctx.project(), type), (row, type) -> {
            ObjectNode field = IssueFieldSchema.fromApi(row, ctx.project(), type);
            return new KeyedRow(
                    IssueFieldSchema.key(
                            ctx.project(), type, field.path("field_id").asLong()),
                    field);
        });
    }

    private static List<KeyedRow> issueStatuses(PollContext ctx) {
        return perIssueType(ctx, type -> ctx.client().projectIssueStatuses(ctx.project(), type), (row, type) -> {
            ObjectNode status = IssueStatusSchema.fromApi(row, ctx.project(), type);
            return new KeyedRow(
                    IssueStatusSchema.key(
                            ctx.project(), type, status.path("status_id").asLong()),
                    status);
        });
    }

    /** Lists a per-issue-type table: one call per type, each row keyed with its type. */
    private static List<KeyedRow> perIssueType(
            PollContext ctx, Function<String, List<ObjectNode>> list, BiFunction<ObjectNode, String, KeyedRow> toRow) {
        List<KeyedRow> rows = new ArrayList<>();
        for (String type : types(ctx)) {
            for (ObjectNode row : list.apply(type)) {
                rows.add(toRow.apply(row, type));
            }
        }
        return rows;
    }

    /** Fields and statuses are listed per issue type: one call per type (only the filtered one with issueType). */
    private static List<String> types(PollContext ctx) {
        return "ALL".equals(ctx.issueType()) ? ALL_TYPES : List.of(ctx.issueType());
    }
}
