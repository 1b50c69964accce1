package dev.camelcoding.component.team;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The numeric id of each project the team's project list (DescribeCodingProjects) showed, by URL name: the members
 * table lists by id (DescribeProjectMembers takes {@code ProjectId}), and a team sync reads that list anyway, so it
 * need not ask DescribeProjectByName once a project. Owned by one component; thread-safe; as large as the team's list.
 */
public final class ProjectIds {

    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    /**
     * Takes the ids of a fresh project list. Contract (coding-api.md §2.6): DescribeCodingProjects answers
     * {@code ProjectList:[Project]}, the same Project object as DescribeProjectByName's, whose {@code "Id"} is the
     * numeric id and {@code "Name"} the URL slug "used as ProjectName elsewhere"; §2.5: DescribeProjectMembers takes
     * "{@code ProjectId*} (numeric id, not name)".
     */
    public void listed(List<ObjectNode> projectList) {
        for (ObjectNode project : projectList) {
            String name = Json.text(project, "Name");
            long id = Json.longValue(project, "Id", 0);
            if (name != null && !name.isBlank() && id > 0) {
                ids.put(name, id);
            }
        }
    }

    /** The id of {@code project} as last listed, if a project list showed it. */
    public OptionalLong id(String project) {
        Long id = ids.get(project);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }
}
