package dev.camelcoding.component;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The CODING tables a {@code coding:} endpoint can stream, named as they appear in the URI. */
public enum CodingTable {
    ISSUES("issues"),
    ITERATIONS("iterations"),
    PROJECT_MEMBERS("projectMembers"),
    COMMENTS("comments"),
    PROJECTS("projects"),
    ISSUE_TYPES("issueTypes"),
    ISSUE_FIELDS("issueFields"),
    ISSUE_STATUSES("issueStatuses");

    private final String uriName;

    CodingTable(String uriName) {
        this.uriName = uriName;
    }

    /** The name used in {@code coding:<table>}, in events ({@code "table"}) and in headers. */
    public String uriName() {
        return uriName;
    }

    /** Whether the table belongs to one project (every table but {@code projects}). */
    public boolean isProjectScoped() {
        return this != PROJECTS;
    }

    /**
     * Whether the table is reference data listed whole on a slow schedule (the team's projects, issue types, fields
     * and statuses): its calls wait behind every project's data ({@link dev.camelcoding.client.CallPriority#REFERENCE}).
     */
    public boolean isReference() {
        return this == PROJECTS || this == ISSUE_TYPES || this == ISSUE_FIELDS || this == ISSUE_STATUSES;
    }

    /**
     * The priority this table's polls wait at the credential's limiter: {@code REFERENCE} for the reference tables,
     * behind every project's data; {@code configured} (the client's, POLL by default) for the others.
     */
    public dev.camelcoding.client.CallPriority callPriority(dev.camelcoding.client.CallPriority configured) {
        return isReference() ? dev.camelcoding.client.CallPriority.REFERENCE : configured;
    }

    public static CodingTable fromUri(String name) {
        for (CodingTable table : values()) {
            if (table.uriName.equalsIgnoreCase(name) || table.name().equalsIgnoreCase(name)) {
                return table;
            }
        }
        throw new IllegalArgumentException("coding:" + name + " is not a CODING table; use one of "
                + Arrays.stream(values()).map(CodingTable::uriName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return uriName;
    }
}
