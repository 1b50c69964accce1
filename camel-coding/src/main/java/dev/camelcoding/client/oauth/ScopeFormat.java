package dev.camelcoding.client.oauth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The two ways CODING has named OAuth scopes (coding-api.md section 3), and the read scopes the synced tables need
 * in each. CODING's apps created before 2025 use the legacy names; apps published in team settings since 2025 use
 * {@code <point>:ro|rw}. Only read scopes are asked for: camel-coding never writes to CODING.
 */
public enum ScopeFormat {

    /** 2022: {@code user}, {@code project}, {@code project:issue}, {@code project:members}... */
    LEGACY,
    /** 2025: {@code user:profile:ro}, {@code project:profile:ro}, {@code collaboration:issue:ro}... */
    V2025;

    /** The scopes for these tables (issues, comments, iterations, projectMembers...), plus the user and project. */
    public List<String> readScopes(Collection<String> tables) {
        Set<String> scopes = new LinkedHashSet<>();
        // Everything checks the user (DescribeCodingCurrentUser) and finds the project by name.
        scopes.add(this == LEGACY ? "user" : "user:profile:ro");
        scopes.add(this == LEGACY ? "project" : "project:profile:ro");
        for (String table : tables) {
            switch (table) {
                // Iterations are part of CODING's issue collaboration (DescribeIterationList sits beside the issues).
                case "issues", "comments", "iterations", "issueTypes", "issueFields", "issueStatuses" ->
                    scopes.add(this == LEGACY ? "project:issue" : "collaboration:issue:ro");
                case "projectMembers" -> scopes.add(this == LEGACY ? "project:members" : "project:member:ro");
                case "projects" -> {
                    // covered by the project scope above
                }
                default -> throw new IllegalArgumentException("no OAuth scope known for table '" + table + "'");
            }
        }
        return new ArrayList<>(scopes);
    }

    /** {@code legacy} or {@code 2025}, as the authorize command takes it. */
    public static ScopeFormat parse(String text) {
        return switch (text.trim().toLowerCase()) {
            case "legacy", "2022" -> LEGACY;
            case "2025", "v2025" -> V2025;
            default -> throw new IllegalArgumentException("scope format '" + text + "': use legacy or 2025");
        };
    }
}
