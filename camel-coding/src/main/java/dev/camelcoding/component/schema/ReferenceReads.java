package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingApiClient;
import java.time.Duration;
import java.util.List;

/**
 * The reference calls of one project as the schema and the reference tables make them, through the component's
 * {@link ReferenceAnswers}: an answer younger than {@code freshFor} is reused instead of calling CODING again. Fields
 * and statuses are asked by issue type id (a project may have several types of one kind), so both readers make the
 * very same calls. One instance is one reader: it never reuses its own previous answers, so keep it for the reader's
 * life (a poller, a schema consumer).
 */
public final class ReferenceReads {

    private final CodingApiClient client;
    private final String source;
    private final String project;
    private final ReferenceAnswers answers;
    private final Duration freshFor;

    public ReferenceReads(
            CodingApiClient client, String team, String project, ReferenceAnswers answers, Duration freshFor) {
        this.client = client;
        this.source = (team == null ? "" : team) + "/" + project;
        this.project = project;
        this.answers = answers;
        this.freshFor = freshFor;
    }

    /** DescribeProjectIssueTypeList: the project's own issue types (the issueTypes table's rows). */
    public List<ObjectNode> projectIssueTypes() {
        return answers.answer(
                source, "DescribeProjectIssueTypeList", freshFor, this, () -> client.projectIssueTypes(project));
    }

    /**
     * The issue types whose fields and statuses the project has: its own, or, when it lists none, the team's
     * (DescribeTeamIssueTypeList).
     */
    public List<ObjectNode> issueTypes() {
        List<ObjectNode> own = projectIssueTypes();
        return own.isEmpty()
                ? answers.answer(source, "DescribeTeamIssueTypeList", freshFor, this, client::teamIssueTypes)
                : own;
    }

    /** DescribeProjectIssueFieldList of one issue type, by its id. */
    public List<ObjectNode> fields(long issueTypeId) {
        return answers.answer(
                source,
                "DescribeProjectIssueFieldList/" + issueTypeId,
                freshFor,
                this,
                () -> client.projectIssueFields(project, issueTypeId));
    }

    /** DescribeProjectIssueStatusList of one issue type, by its id. */
    public List<ObjectNode> statuses(long issueTypeId) {
        return answers.answer(
                source,
                "DescribeProjectIssueStatusList/" + issueTypeId,
                freshFor,
                this,
                () -> client.projectIssueStatuses(project, issueTypeId));
    }
}
