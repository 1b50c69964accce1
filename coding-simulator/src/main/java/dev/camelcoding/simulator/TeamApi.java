package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Routes each Open API call to the project it names: an action with {@code ProjectName} or {@code ProjectId} answers
 * from that project's data (or as CODING does for a project the credential may not see or use); team-wide actions
 * ({@code DescribeCodingProjects}, {@code DescribeTeamMembers}, {@code DescribeCodingCurrentUser},
 * {@code DescribeTeamIssueTypeList}) answer for the team. The Service Hook actions can be denied as a whole, as for a
 * credential without the service-hook permission.
 */
final class TeamApi {

    private final TeamProjects team;
    private final ServiceHookActions hookActions;
    private volatile boolean hooksDenied;
    /** Projects whose Service Hook actions are denied while the rest of the project answers (a role without them). */
    private final Set<String> hooksDeniedIn = java.util.concurrent.ConcurrentHashMap.newKeySet();

    TeamApi(TeamProjects team, ServiceHooks hooks) {
        this.team = team;
        this.hookActions = new ServiceHookActions(hooks);
    }

    /** The actions answered for the team rather than for one project's data. */
    private static final Set<String> TEAM_ACTIONS =
            Set.of("DescribeCodingProjects", "DescribeProjectByName", "DescribeTeamMembers");

    Set<String> names() {
        Set<String> out = new LinkedHashSet<>(team.defaultProject().actions().names());
        out.addAll(List.of("DescribeCodingProjects", "DescribeProjectByName", "DescribeTeamMembers"));
        out.addAll(List.of(
                ServiceHookActions.CREATE,
                ServiceHookActions.DESCRIBE,
                ServiceHookActions.DELETE,
                ServiceHookActions.PING,
                ServiceHookActions.LOGS));
        return out;
    }

    boolean exists(String action) {
        return ServiceHookActions.ACTIONS.contains(action)
                || TEAM_ACTIONS.contains(action)
                || team.defaultProject().actions().exists(action);
    }

    void denyServiceHooks(boolean deny) {
        this.hooksDenied = deny;
    }

    void denyServiceHooks(String project, boolean deny) {
        if (deny) {
            hooksDeniedIn.add(project);
        } else {
            hooksDeniedIn.remove(project);
        }
    }

    ObjectNode call(String action, Params p) {
        if (ServiceHookActions.ACTIONS.contains(action)) {
            if (hooksDenied) {
                throw hooksDenied(action, "");
            }
            if (!p.has("ProjectId")) {
                throw ApiError.missing("ProjectId");
            }
            SimulatedProject project = projectById(p.requireLong("ProjectId"));
            if (hooksDeniedIn.contains(project.name())) {
                throw hooksDenied(action, " in project `" + project.name() + "`");
            }
            return hookActions.call(action, project, p);
        }
        switch (action) {
            case "DescribeCodingProjects":
                return projects(p);
            case "DescribeProjectByName":
                return projectByName(p);
            case "DescribeTeamMembers":
                return teamMembers(p);
            default:
                break;
        }
        if (p.has("ProjectName")) {
            return projectByName(p.requireString("ProjectName")).actions().call(action, p);
        }
        if (p.has("ProjectId")) {
            return projectById(p.requireLong("ProjectId")).actions().call(action, p);
        }
        return team.defaultProject().actions().call(action, p);
    }

    /** UnauthorizedOperation naming the scope of contract §3 the action needs (:ro to read, :rw to change). */
    private static ApiError hooksDenied(String action, String where) {
        String scope = ServiceHookActions.READS.contains(action) ? "ro" : "rw";
        return new ApiError(
                "UnauthorizedOperation",
                "The credential lacks the permission service-hook:profile:" + scope + " to call " + action + where
                        + ".");
    }

    // ----------------------------------------------------------------------------------------------- routing

    /** The project named {@code name}, if the credential may use it; the answers CODING gives otherwise. */
    private SimulatedProject projectByName(String name) {
        SimulatedProject project = team.byName(name);
        if (project == null || team.access(name) == ProjectAccess.HIDDEN) {
            throw ApiError.notFound("Project `" + name + "`");
        }
        return usable(project);
    }

    private SimulatedProject projectById(long id) {
        SimulatedProject project = team.byId(id);
        if (project == null || team.access(project.name()) == ProjectAccess.HIDDEN) {
            throw ApiError.notFound("Project " + id);
        }
        return usable(project);
    }

    private SimulatedProject usable(SimulatedProject project) {
        if (team.access(project.name()) == ProjectAccess.DENIED) {
            throw new ApiError(
                    "UnauthorizedOperation", "The credential has no permission on project `" + project.name() + "`.");
        }
        return project;
    }

    // ----------------------------------------------------------------------------------------------- team-wide

    /** DescribeCodingProjects: the projects the credential can see, paged, filtered by a part of their Name. */
    private ObjectNode projects(Params p) {
        int number = OpenApiActions.pageNumber(p);
        int size = OpenApiActions.pageSize(p, 20);
        String filter = p.string("ProjectName");
        List<ProjectRecord> matching = team.records().stream()
                .filter(pr -> team.access(pr.name()) != ProjectAccess.HIDDEN)
                .filter(pr -> filter == null || filter.isBlank() || pr.name().contains(filter))
                .toList();
        ApiShapes shapes = new ApiShapes(team.defaultProject().data());
        ObjectNode data = ApiShapes.obj();
        data.put("PageNumber", number);
        data.put("PageSize", size);
        data.put("TotalCount", matching.size());
        ArrayNode list = data.putArray("ProjectList");
        OpenApiActions.slice(matching, number, size).forEach(pr -> list.add(shapes.project(pr)));
        ObjectNode r = ApiShapes.obj();
        r.set("Data", data);
        return r;
    }

    /** DescribeProjectByName: the project as DescribeCodingProjects lists it. */
    private ObjectNode projectByName(Params p) {
        String name = p.requireString("ProjectName");
        projectByName(name);
        ObjectNode r = ApiShapes.obj();
        r.set("Project", new ApiShapes(team.defaultProject().data()).project(team.recordByName(name)));
        return r;
    }

    /** DescribeTeamMembers: every user of the team (the union of the projects' users). */
    private ObjectNode teamMembers(Params p) {
        int number = OpenApiActions.pageNumber(p);
        int size = OpenApiActions.pageSize(p, 20);
        List<UserRecord> members = team.teamUsers();
        SimulatorData d = team.defaultProject().data();
        ApiShapes shapes = new ApiShapes(d);
        ObjectNode data = ApiShapes.obj();
        data.put("PageNumber", number);
        data.put("PageSize", size);
        data.put("TotalCount", members.size());
        ArrayNode list = data.putArray("TeamMembers");
        OpenApiActions.slice(members, number, size)
                .forEach(u -> list.add(shapes.teamMember(u, u.id == d.currentUserId)));
        ObjectNode r = ApiShapes.obj();
        r.set("Data", data);
        return r;
    }
}
