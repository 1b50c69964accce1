package dev.camelcoding.component.team;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingApiException;
import dev.camelcoding.client.IssueQuery;

/**
 * Asks CODING, in one call, whether it answers a project's table again after refusing it (permission, unknown
 * project): the check a team sync makes for each refused project on each refresh of the project list, so that a
 * project whose access came back syncs again without a restart, while one still refused costs one call a refresh
 * instead of restarting every route (one refused call per table, and a stop line each time).
 *
 * <p>The call is the cheapest one that reads the refused table: a one-row page of it, or for the issue type, status
 * and field tables the project's issue types (what each of their polls starts with). Tables without a one-call read
 * by project name (comments, project members) are asked through a one-row issue page: the same project permission.
 */
final class ProjectAccessProbe {

    private ProjectAccessProbe() {}

    /**
     * Answers normally when CODING answers the call; throws what the client throws when it refuses
     * ({@link dev.camelcoding.client.CodingPermissionException}, {@link dev.camelcoding.client.CodingNotFoundException},
     * ...).
     */
    static void check(CodingApiClient client, String project, String table) throws CodingApiException {
        switch (table == null ? "" : table) {
            case "iterations" -> client.iterations(project, 1).next();
            case "issueTypes", "issueStatuses", "issueFields" -> client.projectIssueTypes(project);
            default -> client.issuePage(IssueQuery.byUpdateTime(project, 1), 1);
        }
    }
}
