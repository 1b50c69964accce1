package dev.camelcoding.component.status;

import dev.camelcoding.component.CodingTable;
import java.util.Optional;

/**
 * A source (team, project, table) that has state in a store, as its state keys name it ({@code StateKeyPrefix.of}):
 * what {@code status} and the monitoring page list when a store holds the sources of several projects (several
 * processes sharing one store, or one process syncing several projects).
 *
 * @param team    the team as the endpoint wrote it: {@code null} when its option was unset, empty when blank
 * @param project the project, {@code null} for a team-wide table ({@code projects})
 * @param table   the table
 */
public record StoredSource(String team, String project, CodingTable table) {

    private static final String PREFIX = "coding:";

    /**
     * The source a state key belongs to, the inverse of {@code StateKeyPrefix.of}: {@code coding:<team>/<project>/
     * <table>[<filters>]:<name>}, or {@code coding:<team>/<table>:<name>} for a team-wide table. Empty for a key of
     * anything else (a table this version does not know, a key of another layout). Team and project names are
     * CODING's identifiers (letters, digits, '-'), so the first '/' ends the team and the next the project.
     */
    public static Optional<StoredSource> of(String stateKey) {
        if (stateKey == null || !stateKey.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = stateKey.substring(PREFIX.length());
        int teamEnd = rest.indexOf('/');
        if (teamEnd < 0) {
            return Optional.empty();
        }
        String team = rest.substring(0, teamEnd);
        String path = rest.substring(teamEnd + 1);
        int tableEnd = end(path);
        int projectEnd = path.indexOf('/');
        String project = null;
        if (projectEnd >= 0 && projectEnd < tableEnd) {
            project = path.substring(0, projectEnd);
            path = path.substring(projectEnd + 1);
            tableEnd = end(path);
        }
        Optional<CodingTable> table = table(path.substring(0, tableEnd));
        if (table.isEmpty() || table.get().isProjectScoped() != (project != null)) {
            return Optional.empty();
        }
        return Optional.of(new StoredSource("-".equals(team) ? null : team, project, table.get()));
    }

    /** Where the table's name ends: at its filters ('['), the state's name (':') or the key's end. */
    private static int end(String path) {
        int end = path.length();
        for (char c : new char[] {'[', ':'}) {
            int at = path.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return end;
    }

    private static Optional<CodingTable> table(String uriName) {
        for (CodingTable table : CodingTable.values()) {
            if (table.uriName().equals(uriName)) {
                return Optional.of(table);
            }
        }
        return Optional.empty();
    }
}
