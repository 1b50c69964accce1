package dev.camelcoding.client;

/**
 * Which permission a credential needs for an Action, named as CODING names it for that kind of credential, so a
 * permission error can say exactly what to grant. Personal and OAuth tokens use the {@code <point>:ro|rw} scopes;
 * project tokens use their own {@code project_*_rw} scopes.
 */
final class ScopeHints {

    private ScopeHints() {}

    static String forAction(String action, CodingCredentials credentials) {
        boolean projectToken = credentials instanceof CodingCredentials.ProjectToken;
        switch (action) {
            case "DescribeCodingCurrentUser":
                return projectToken
                        ? "a personal or OAuth token (project tokens have no user)"
                        : "the scope user:profile:ro";
            case "DescribeProjectMembers":
                return projectToken ? "the scope project_member_rw" : "the scope project:member:ro";
            case "DescribeTeamMembers":
                return projectToken ? "a personal or OAuth token with team:member:ro" : "the scope team:member:ro";
            case "DescribeProjectByName":
            case "DescribeCodingProjects":
                return projectToken
                        ? "a personal or OAuth token with project:profile:ro"
                        : "the scope project:profile:ro";
            case "DescribeServiceHooks":
            case "DescribeServiceHookLogs":
                // contract §3 names the point service-hook:profile; project-token scopes have none for hooks
                return projectToken
                        ? "a personal or OAuth token with service-hook:profile:ro"
                        : "the scope service-hook:profile:ro";
            case "CreateServiceHook":
            case "DeleteServiceHook":
            case "PingServiceHook":
                return projectToken
                        ? "a personal or OAuth token with service-hook:profile:rw"
                        : "the scope service-hook:profile:rw";
            default:
                return projectToken ? "the scope project_issue_rw" : "the scope collaboration:issue:ro";
        }
    }
}
