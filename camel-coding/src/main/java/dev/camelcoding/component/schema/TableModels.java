package dev.camelcoding.component.schema;

import dev.camelcoding.component.CodingTable;
import java.util.Arrays;
import java.util.List;

/** The declared model of every CODING table, as its {@code *Schema} class declares it. */
public final class TableModels {

    private TableModels() {}

    public static TableModel of(CodingTable table) {
        return switch (table) {
            case ISSUES -> IssueSchema.MODEL;
            case ITERATIONS -> IterationSchema.MODEL;
            case PROJECT_MEMBERS -> MemberSchema.MODEL;
            case COMMENTS -> CommentSchema.MODEL;
            case PROJECTS -> ProjectSchema.MODEL;
            case ISSUE_TYPES -> IssueTypeSchema.MODEL;
            case ISSUE_FIELDS -> IssueFieldSchema.MODEL;
            case ISSUE_STATUSES -> IssueStatusSchema.MODEL;
        };
    }

    public static List<TableModel> all() {
        return Arrays.stream(CodingTable.values()).map(TableModels::of).toList();
    }
}
