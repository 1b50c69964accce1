package dev.camelcoding.component;

/**
 * The prefix under which an endpoint keeps its state: team, project, table and the filters that shape its stream.
 * A function of the options alone, so a reader of the state ({@code CodingStatusReader}, {@code coding-sync status})
 * finds a table's entries without a running endpoint.
 */
public final class StateKeyPrefix {

    private StateKeyPrefix() {}

    public static String of(
            CodingTable codingTable, String teamName, String projectName, String issueType, String iterationCodes) {
        StringBuilder key = new StringBuilder("coding:")
                .append(teamName == null ? "-" : teamName)
                .append('/');
        if (codingTable.isProjectScoped()) {
            key.append(projectName).append('/');
        }
        key.append(codingTable.uriName());
        if (codingTable == CodingTable.ISSUES || codingTable == CodingTable.COMMENTS) {
            key.append('[').append(issueType);
            if (iterationCodes != null && !iterationCodes.isBlank()) {
                key.append(";iterations=").append(iterationCodes.replace(" ", ""));
            }
            key.append(']');
        }
        if (codingTable == CodingTable.ISSUE_FIELDS || codingTable == CodingTable.ISSUE_STATUSES) {
            key.append('[').append(issueType).append(']');
        }
        return key.toString();
    }
}
