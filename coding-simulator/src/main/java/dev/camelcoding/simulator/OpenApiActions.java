package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.protocol.IterationOffsetMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Open API actions of one project's data (and the team-wide ones {@link TeamApi} leaves to the default project).
 * Each takes the request parameters and returns the fields to put into {@code Response} (beside {@code RequestId});
 * errors are thrown as {@link ApiError}. DescribeCodingProjects, DescribeProjectByName, DescribeTeamMembers and the
 * Service Hook actions are the team's: see {@link TeamApi}.
 */
final class OpenApiActions {

    private static final int MAX_PAGE_SIZE = 500;
    private static final Set<String> ISSUE_TYPES = Set.of("DEFECT", "REQUIREMENT", "MISSION", "EPIC", "SUB_TASK");

    private final SimulatorData d;
    private final ApiShapes shapes;
    private final IssueQuery.Cache queryCache = new IssueQuery.Cache();
    private final Map<String, Function<Params, ObjectNode>> actions = new LinkedHashMap<>();

    OpenApiActions(SimulatorData d) {
        this.d = d;
        this.shapes = new ApiShapes(d);
        actions.put("DescribeCodingCurrentUser", this::currentUser);
        actions.put("DescribeIssueListWithPage", this::issueList);
        actions.put("DescribeIssue", this::issue);
        actions.put("DescribeIterationList", this::iterationList);
        actions.put("DescribeIteration", this::iteration);
        actions.put("DescribeProjectMembers", this::projectMembers);
        actions.put("DescribeIssueCommentList", this::comments);
        actions.put("DescribeProjectIssueTypeList", this::projectIssueTypes);
        actions.put("DescribeTeamIssueTypeList", this::teamIssueTypes);
        actions.put("DescribeProjectIssueFieldList", this::issueFields);
        actions.put("DescribeProjectIssueStatusList", this::issueStatuses);
    }

    Set<String> names() {
        return actions.keySet();
    }

    boolean exists(String action) {
        return actions.containsKey(action);
    }

    /** Runs {@code action} under the data read lock. */
    ObjectNode call(String action, Params p) {
        Function<Params, ObjectNode> f = actions.get(action);
        return d.read(() -> f.apply(p));
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private ProjectRecord project(Params p) {
        String name = p.requireString("ProjectName");
        ProjectRecord project = d.projectByName(name);
        if (project == null) {
            throw ApiError.notFound("Project `" + name + "`");
        }
        return project;
    }

    static int pageNumber(Params p) {
        // CODING's pages are 1-based; a page number of 0 (one public client starts there) is read as page 1.
        return Math.max(1, p.intOr("PageNumber", 1));
    }

    static int pageSize(Params p, int fallback) {
        int size = p.intOr("PageSize", fallback);
        if (size > MAX_PAGE_SIZE) {
            throw ApiError.invalidValue("PageSize", "must not exceed " + MAX_PAGE_SIZE);
        }
        if (size < 1) {
            throw ApiError.invalidValue("PageSize", "must be at least 1");
        }
        return size;
    }

    private static ObjectNode page(int pageNumber, int pageSize, long total) {
        ObjectNode data = ApiShapes.obj();
        data.put("PageNumber", pageNumber);
        data.put("PageSize", pageSize);
        data.put("TotalCount", total);
        return data;
    }

    // ----------------------------------------------------------------------------------------------- user & projects

    private ObjectNode currentUser(Params p) {
        ObjectNode r = ApiShapes.obj();
        r.set("User", shapes.currentUser(d.user(d.currentUserId)));
        return r;
    }

    static <T> List<T> slice(List<T> all, int number, int size) {
        long from = (long) (number - 1) * size;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + size));
    }

    // ----------------------------------------------------------------------------------------------- issues

    private ObjectNode issueList(Params p) {
        ProjectRecord project = project(p);
        IssueQuery query = new IssueQuery(p, d);
        int number = pageNumber(p);
        int size = pageSize(p, 20);
        int[] codes = project.main() ? queryCache.codes(query, d) : new int[0];
        ObjectNode data = ApiShapes.obj();
        data.put("PageNumber", number);
        data.put("PageSize", size);
        data.put("TotalPage", (codes.length + size - 1) / size);
        data.put("TotalCount", codes.length);
        ArrayNode list = data.putArray("List");
        long from = (long) (number - 1) * size;
        for (long k = from; k < codes.length && k < from + size; k++) {
            IssueRecord i = d.issueOrNull(codes[(int) k]);
            if (i != null) {
                list.add(shapes.issueListRow(i));
            }
        }
        ObjectNode r = ApiShapes.obj();
        r.set("Data", data);
        return r;
    }

    private IssueRecord issueOf(Params p) {
        ProjectRecord project = project(p);
        long code = p.requireLong("IssueCode");
        IssueRecord i = project.main() && code > 0 && code <= Integer.MAX_VALUE ? d.issueOrNull((int) code) : null;
        if (i == null) {
            throw ApiError.notFound("Issue " + code);
        }
        return i;
    }

    private ObjectNode issue(Params p) {
        ObjectNode r = ApiShapes.obj();
        r.set("Issue", shapes.issueDetail(issueOf(p)));
        return r;
    }

    private ObjectNode comments(Params p) {
        IssueRecord i = issueOf(p);
        ObjectNode r = ApiShapes.obj();
        ArrayNode list = r.putArray("CommentList");
        for (CommentRecord c : d.comments(i)) {
            list.add(ApiShapes.comment(c));
        }
        return r;
    }

    // ----------------------------------------------------------------------------------------------- iterations

    /**
     * DescribeIterationList. CODING answered under a lower-case {@code data} key in 2022 (newer docs say
     * {@code Data}); the key is a builder option. Rows are ordered by Code descending (newest first).
     */
    private ObjectNode iterationList(Params p) {
        ProjectRecord project = project(p);
        int offset = p.intOr("Offset", 0);
        int limit = p.intOr("Limit", 20);
        if (offset < 0) {
            throw ApiError.invalidValue("Offset", "must not be negative");
        }
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw ApiError.invalidValue("Limit", "must be within 1.." + MAX_PAGE_SIZE);
        }
        List<String> statuses =
                p.list("Status").stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
        List<String> assignees = p.list("Assignee");
        String keywords = p.string("Keywords");
        Long startFrom = p.has("StartDate") ? parseDay("StartDate", p.string("StartDate")) : null;
        Long endUntil = p.has("EndDate") ? parseDay("EndDate", p.string("EndDate")) + 86_400_000L - 1 : null;
        List<IterationRecord> rows = new ArrayList<>();
        if (project.main()) {
            for (IterationRecord it : d.iterations.descendingMap().values()) {
                if (!statuses.isEmpty() && !statuses.contains(it.status)) {
                    continue;
                }
                if (!assignees.isEmpty() && !assignees.contains(Long.toString(it.assigneeId))) {
                    continue;
                }
                if (keywords != null && !keywords.isBlank() && !it.name.contains(keywords.trim())) {
                    continue;
                }
                if (startFrom != null && (it.startAt == CodingTime.UNSET_ITERATION_DATE || it.startAt < startFrom)) {
                    continue;
                }
                if (endUntil != null && (it.endAt == CodingTime.UNSET_ITERATION_DATE || it.endAt > endUntil)) {
                    continue;
                }
                rows.add(it);
            }
        }
        long skip = d.config.iterationOffsetMode() == IterationOffsetMode.PAGE ? (long) offset * limit : offset;
        ObjectNode data = ApiShapes.obj();
        data.put("Page", skip / limit + 1);
        data.put("PageSize", limit);
        data.put("TotalPage", (rows.size() + limit - 1) / limit);
        data.put("TotalRow", rows.size());
        ArrayNode list = data.putArray("List");
        Map<Integer, int[]> stats = d.iterationStats();
        for (long k = skip; k < rows.size() && k < skip + limit; k++) {
            list.add(shapes.iteration(rows.get((int) k), stats));
        }
        ObjectNode r = ApiShapes.obj();
        r.set(d.config.iterationDataKey(), data);
        return r;
    }

    private static long parseDay(String name, String value) {
        try {
            return CodingTime.parseDate(value);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidValue(name, e.getMessage());
        }
    }

    private ObjectNode iteration(Params p) {
        ProjectRecord project = project(p);
        long code = p.requireLong("IterationCode");
        IterationRecord it =
                project.main() && code > 0 && code <= Integer.MAX_VALUE ? d.iterations.get((int) code) : null;
        if (it == null) {
            throw ApiError.notFound("Iteration " + code);
        }
        ObjectNode r = ApiShapes.obj();
        r.set("Iteration", shapes.iteration(it, d.iterationStats()));
        return r;
    }

    // ----------------------------------------------------------------------------------------------- members

    private ObjectNode projectMembers(Params p) {
        long projectId = p.requireLong("ProjectId");
        ProjectRecord project = d.projectById(projectId);
        if (project == null) {
            throw ApiError.notFound("Project " + projectId);
        }
        int number = pageNumber(p);
        int size = pageSize(p, 20);
        Long roleId = p.has("RoleId") ? p.requireLong("RoleId") : null;
        List<UserRecord> members = d.projectMemberRecords();
        if (!project.main()) {
            members = members.subList(0, Math.min(2, members.size()));
        }
        if (roleId != null) {
            members = members.stream()
                    .filter(u -> u.projectRole.roleId() == roleId)
                    .toList();
        }
        ObjectNode data = page(number, size, members.size());
        ArrayNode list = data.putArray("ProjectMembers");
        slice(members, number, size).forEach(u -> list.add(shapes.projectMember(u)));
        ObjectNode r = ApiShapes.obj();
        r.set("Data", data);
        return r;
    }

    // ----------------------------------------------------------------------------------------------- metadata

    private ObjectNode projectIssueTypes(Params p) {
        project(p);
        ObjectNode r = ApiShapes.obj();
        ArrayNode list = r.putArray("IssueTypes");
        d.catalog.issueTypes.values().forEach(t -> list.add(ApiShapes.projectIssueType(t)));
        return r;
    }

    private ObjectNode teamIssueTypes(Params p) {
        ObjectNode r = ApiShapes.obj();
        ArrayNode list = r.putArray("IssueTypes");
        d.catalog.issueTypes.values().forEach(t -> list.add(ApiShapes.issueTypeDetail(t)));
        return r;
    }

    /** IssueType, or the type named by IssueTypeId. */
    private String issueTypeParam(Params p) {
        if (p.has("IssueType")) {
            String t = p.requireString("IssueType").toUpperCase(Locale.ROOT);
            if (!ISSUE_TYPES.contains(t)) {
                throw ApiError.invalidValue("IssueType", t + " is not one of " + ISSUE_TYPES);
            }
            return t;
        }
        if (p.has("IssueTypeId")) {
            long id = p.requireLong("IssueTypeId");
            return d.catalog.issueTypes.values().stream()
                    .filter(t -> t.id() == id)
                    .map(Catalog.IssueTypeDef::issueType)
                    .findFirst()
                    .orElseThrow(() -> ApiError.notFound("Issue type " + id));
        }
        throw ApiError.missing("IssueType");
    }

    private ObjectNode issueFields(Params p) {
        project(p);
        String type = issueTypeParam(p);
        ObjectNode r = ApiShapes.obj();
        ArrayNode list = r.putArray("ProjectIssueFieldList");
        d.catalog.systemFields.forEach(f -> list.add(shapes.projectIssueField(type, f)));
        d.catalog.customFields.stream()
                .filter(f -> d.catalog.hasField(f, type))
                .forEach(f -> list.add(shapes.projectIssueField(type, f)));
        return r;
    }

    private ObjectNode issueStatuses(Params p) {
        project(p);
        String type = issueTypeParam(p);
        ObjectNode r = ApiShapes.obj();
        ArrayNode list = r.putArray("ProjectIssueStatusList");
        List<Catalog.StatusDef> flow = d.catalog.workflow(type);
        for (int k = 0; k < flow.size(); k++) {
            list.add(ApiShapes.projectIssueStatus(type, flow.get(k), k == 0, k));
        }
        return r;
    }
}
