package dev.camelcoding.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.Json;
import dev.camelcoding.client.Listing;
import dev.camelcoding.component.team.ProjectSelection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The projects {@code hooks} acts on: the same selection {@code run} syncs ({@code coding.project}, or
 * {@code coding.projects} less {@code coding.projects.exclude} against the projects the credential sees), each with
 * its project id when the listing gave it, so that a team's hooks cost no DescribeProjectByName per project.
 *
 * @param ids the selected projects' URL names in the listing's order, each with its id (0: not known yet)
 */
record HookProjects(Map<String, Long> ids) {

    /** An id of 0: the project was not listed (one project of coding.project), it is asked by name when needed. */
    static final long UNKNOWN = 0;

    /**
     * The selection's projects: coding.project as it is (no listing), or a team selection resolved against
     * DescribeCodingProjects, every page.
     *
     * @throws ConfigurationException when a team selection selects none of the projects the credential sees
     */
    static HookProjects of(ProjectSelection selection, CodingApiClient client) {
        Map<String, Long> ids = new LinkedHashMap<>();
        if (!selection.isTeam()) {
            ids.put(selection.project(), UNKNOWN);
            return new HookProjects(ids);
        }
        Map<String, Long> visible = new LinkedHashMap<>();
        Listing pages = client.projects(ProjectSelection.PAGE_SIZE);
        while (pages.hasNext()) {
            for (ObjectNode row : pages.next().rows()) {
                String name = Json.text(row, "Name");
                if (name != null && !name.isBlank()) {
                    visible.put(name, row.path("Id").asLong(UNKNOWN));
                }
            }
        }
        List<String> selected;
        try {
            selected = selection.resolve(List.copyOf(visible.keySet()));
        } catch (ProjectSelection.NoProjectSelectedException none) {
            throw new ConfigurationException(none.getMessage());
        }
        selected.forEach(name -> ids.put(name, visible.get(name)));
        return new HookProjects(ids);
    }

    /** The projects' URL names, in order. */
    List<String> names() {
        return List.copyOf(ids.keySet());
    }

    /** The project's id as listed, or {@link #UNKNOWN}. */
    long id(String project) {
        return ids.getOrDefault(project, UNKNOWN);
    }
}
