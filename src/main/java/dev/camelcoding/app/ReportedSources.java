package dev.camelcoding.app;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.status.StoredSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which sources a status report covers: the projects the settings sync ({@code coding.project}), each with the tables
 * the settings name, then every other project with state in the store (another process sharing the store, or an
 * earlier run of another project), each with the tables it has state for. Listed by project, the settings' first,
 * then by name; {@code --project} keeps one.
 */
final class ReportedSources {

    /** A table of a project, as the report names it. */
    record Ref(String project, CodingTable table) {}

    private ReportedSources() {}

    /**
     * The sources of {@code configured} (project to tables, in the settings' order) and of the other projects in
     * {@code stored}, only those of {@code project} when it is not null.
     *
     * @throws ConfigurationException when {@code project} is neither configured nor in the store
     */
    static List<Ref> of(Map<String, List<CodingTable>> configured, Collection<StoredSource> stored, String project) {
        Map<String, List<CodingTable>> byProject = new LinkedHashMap<>(configured);
        Map<String, TreeSet<CodingTable>> others = new TreeMap<>();
        for (StoredSource source : stored) {
            // a team-wide table (projects) is shown with the settings' project, as its endpoint's status always was
            if (source.project() != null && !configured.containsKey(source.project())) {
                others.computeIfAbsent(source.project(), p -> new TreeSet<>()).add(source.table());
            }
        }
        others.forEach((name, tables) -> byProject.put(name, List.copyOf(tables)));
        if (project != null && !byProject.containsKey(project)) {
            throw new ConfigurationException("no project " + project + " in this store: it has "
                    + (byProject.isEmpty() ? "none yet" : String.join(", ", byProject.keySet())));
        }
        List<Ref> refs = new ArrayList<>();
        byProject.forEach((name, tables) -> {
            if (project == null || project.equals(name)) {
                tables.forEach(table -> refs.add(new Ref(name, table)));
            }
        });
        return refs;
    }
}
