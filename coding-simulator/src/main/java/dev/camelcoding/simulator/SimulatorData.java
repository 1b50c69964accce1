package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The simulated CODING state: team, projects, users, the main project's issues, iterations and comments.
 *
 * <p>Public methods give read access for assertions (snapshots are copies, safe to keep). Everything else is package
 * private: the Open API handlers read under the read lock, mutations change state under the write lock and bump
 * {@link #version()}, which invalidates cached issue queries.
 */
public final class SimulatorData {

    final SimulatorConfig config;
    final long seed;
    final Catalog catalog;
    final TextSynth text;
    /** Names of people: from the team's seed, so that every project of a team knows the same users. */
    final TextSynth people;

    final TeamRecord team;
    final ProjectRecord project;
    final List<ProjectRecord> projects = new ArrayList<>();
    /** All team members ever known (removed project members stay here so that old issues still resolve them). */
    final Map<Long, UserRecord> users = new LinkedHashMap<>();

    final long currentUserId;
    /**
     * Added to the ids of issues, comments and iterations so that they are unique in the team, as CODING's are: 0 for
     * the default project (its ids are what the one-project simulator always gave), the project id x 10^8 for the
     * others (below 2^53, so that JSON readers keep them exact).
     */
    final long idBase;

    final TreeMap<Integer, IterationRecord> iterations = new TreeMap<>();
    final Map<Integer, List<CommentRecord>> addedComments = new HashMap<>();
    /** Comments edited (by id: the record as it is now) or deleted (by id: null) after they were generated or added. */
    final Map<Long, CommentRecord> changedComments = new HashMap<>();
    /** Parent code -> sub-task codes. */
    final Map<Integer, List<Integer>> children = new HashMap<>();

    IssueRecord[] issues;
    int maxCode;
    int liveIssues;
    int seededIssues;
    long nextCommentId;
    long nextUserId;
    long nextIterationId;
    private volatile long version;

    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    SimulatorData(SimulatorConfig config) {
        this.config = config;
        this.seed = config.dataSeed();
        this.text = new TextSynth(seed);
        this.people = new TextSynth(config.seed());
        long anchor = config.dataAnchor();
        long projectCreated = Math.floorDiv(anchor - 400L * 86_400_000L, 1000L) * 1000L;
        this.catalog = new Catalog(projectCreated);
        long teamId = 3_800_000L + Seeds.pick(config.seed(), config.team().hashCode(), 21, 100_000);
        String teamName =
                Character.toUpperCase(config.team().charAt(0)) + config.team().substring(1);
        this.team = new TeamRecord(
                teamId,
                config.team(),
                teamName,
                "https://" + config.team() + ".coding.net/static/team_avatar/" + Math.floorMod(teamId, 9) + ".png");
        long projectId = config.projectIdOverride() != 0
                ? config.projectIdOverride()
                : 11_000_000L + Seeds.pick(seed, config.projectName().hashCode(), 22, 900_000);
        this.project = new ProjectRecord(
                projectId,
                config.projectName(),
                displayName(config.projectName()),
                "CODING 模拟项目：" + config.projectName(),
                "/static/project_icon/scenery-version-2-12.svg",
                projectCreated,
                projectCreated + 86_400_000L,
                true);
        projects.add(project);
        this.idBase = config.teamDefault() ? 0L : projectId * 100_000_000L;
        // The team's default project brings two listed-only neighbours (DescribeCodingProjects has more than one row
        // even for a one-project simulator); projects added to the team list only themselves here.
        String[] others =
                config.teamDefault() ? new String[] {"sandbox", "legacy-portal", "ops-handbook"} : new String[0];
        int added = 0;
        for (String other : others) {
            if (added < 2 && !other.equals(config.projectName())) {
                added++;
                projects.add(new ProjectRecord(
                        projectId + added * 7L,
                        other,
                        displayName(other),
                        "",
                        "/static/project_icon/scenery-version-2-" + (3 + added) + ".svg",
                        projectCreated + added * 86_400_000L,
                        projectCreated + added * 86_400_000L,
                        false));
            }
        }
        DataGenerator.populate(this);
        this.currentUserId = users.keySet().iterator().next();
        this.seededMembersCache = List.copyOf(new ArrayList<>(users.values()).subList(0, config.members()));
    }

    private static String displayName(String slug) {
        StringBuilder b = new StringBuilder();
        for (String part : slug.split("[-_]")) {
            if (!part.isEmpty()) {
                b.append(b.length() == 0 ? "" : " ")
                        .append(Character.toUpperCase(part.charAt(0)))
                        .append(part.substring(1));
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------------ locking

    <T> T read(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> T write(Supplier<T> body) {
        lock.writeLock().lock();
        try {
            T result = body.get();
            version++;
            return result;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Bumped by every mutation. */
    public long version() {
        return version;
    }

    // ------------------------------------------------------------------------------------------------ package access

    IssueRecord issueOrNull(int code) {
        return code > 0 && code <= maxCode ? issues[code] : null;
    }

    UserRecord user(long id) {
        return users.get(id);
    }

    List<UserRecord> projectMemberRecords() {
        List<UserRecord> out = new ArrayList<>();
        for (UserRecord u : users.values()) {
            if (u.projectRole != null) {
                out.add(u);
            }
        }
        return out;
    }

    ProjectRecord projectByName(String name) {
        for (ProjectRecord p : projects) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    ProjectRecord projectById(long id) {
        for (ProjectRecord p : projects) {
            if (p.id() == id) {
                return p;
            }
        }
        return null;
    }

    long issueId(int code) {
        return idBase + 40_000_000L + code;
    }

    String issueName(IssueRecord i) {
        if (i.nameOverride != null) {
            return i.nameOverride;
        }
        return i.seeded ? text.issueName(i.code, i.typeName()) : "";
    }

    String issueDescription(IssueRecord i) {
        if (i.descriptionOverride != null) {
            return i.descriptionOverride;
        }
        return i.seeded ? text.issueDescription(i.code, i.typeName()) : "";
    }

    /** The ValueString of custom field {@code index} for issue {@code i}, or null when unset. */
    String customValue(IssueRecord i, int index) {
        if (i.customOverride != null && index < i.customOverride.length && i.customOverride[index] != null) {
            return i.customOverride[index].isEmpty() ? null : i.customOverride[index];
        }
        if (!i.seeded || Seeds.unit(seed, i.code, 30 + index) >= 0.55) {
            return null;
        }
        Catalog.FieldDef f = catalog.customFields.get(index);
        switch (f.kind()) {
            case "runtime":
                return null; // added after the seed: only values set since
            case "select":
                return f.options()
                        .get(Seeds.pick(seed, i.code, 40, f.options().size()))
                        .value();
            case "text":
                return text.customText(i.code);
            case "member": {
                List<UserRecord> seededMembers = seededMembers();
                return memberValueString(seededMembers.get(Seeds.pick(seed, i.code, 41, seededMembers.size())));
            }
            case "datetime":
                return CodingTime.formatDateTime(
                        (i.createdAt / 3_600_000L + 24 + Seeds.pick(seed, i.code, 42, 24 * 60)) * 3_600_000L);
            default:
                return Integer.toString(1 + Seeds.pick(seed, i.code, 43, 5000));
        }
    }

    /** The project members the seed created; seeded values (custom member fields, comments) only name them. */
    private final List<UserRecord> seededMembersCache;

    private List<UserRecord> seededMembers() {
        return seededMembersCache;
    }

    /** Member custom fields hold a serialized user object (CODING's documented shape, note "Name_pinyin"). */
    String memberValueString(UserRecord u) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("Id", u.id);
        n.put("GlobalKey", u.globalKey);
        n.put("Avatar", u.avatar);
        n.put("Name", u.name);
        n.put("Email", u.email);
        n.put("Name_pinyin", u.pinyin);
        return n.toString();
    }

    /**
     * Comments of an issue: seeded issues get 0..maxCommentsPerIssue comments derived from the seed (times between
     * creation and the data anchor, millisecond precision as CODING's comment times have), followed by added ones.
     */
    List<CommentRecord> comments(IssueRecord i) {
        List<CommentRecord> out = new ArrayList<>();
        if (i.seeded && config.maxCommentsPerIssue() > 0) {
            int n = Seeds.pick(seed, i.code, 50, config.maxCommentsPerIssue() + 1);
            long t = i.createdAt;
            List<UserRecord> members = seededMembers();
            for (int k = 0; k < n; k++) {
                t += 60_000L + Seeds.pick(seed, i.code * 64L + k, 51, 2 * 86_400_000);
                long at = Math.min(t, config.dataAnchor() - 1000L * (n - k));
                long id = idBase + 5_000_000L + i.code * 64L + k;
                long parent = k > 0 && Seeds.unit(seed, i.code * 64L + k, 52) < 0.2 ? id - 1 : 0;
                long creator = members.get(Seeds.pick(seed, i.code * 64L + k, 53, members.size())).id;
                out.add(new CommentRecord(id, parent, i.code, creator, at, at, text.comment(i.code, k)));
            }
        }
        out.addAll(addedComments.getOrDefault(i.code, Collections.emptyList()));
        if (!changedComments.isEmpty()) {
            List<CommentRecord> changed = new ArrayList<>(out.size());
            for (CommentRecord c : out) {
                if (!changedComments.containsKey(c.id())) {
                    changed.add(c);
                } else if (changedComments.get(c.id()) != null) {
                    changed.add(changedComments.get(c.id()));
                }
            }
            out = changed;
        }
        return out;
    }

    /** Issue counts of an iteration by status type: {todo, processing, completed}. */
    Map<Integer, int[]> iterationStats() {
        Map<Integer, int[]> stats = new HashMap<>();
        if (cachedStatsVersion == version && cachedStats != null) {
            return cachedStats;
        }
        for (int c = 1; c <= maxCode; c++) {
            IssueRecord i = issues[c];
            if (i == null || i.iterationCode == 0) {
                continue;
            }
            int[] s = stats.computeIfAbsent(i.iterationCode, k -> new int[3]);
            switch (i.status.type()) {
                case "TODO" -> s[0]++;
                case "PROCESSING" -> s[1]++;
                default -> s[2]++;
            }
        }
        cachedStats = stats;
        cachedStatsVersion = version;
        return stats;
    }

    private volatile Map<Integer, int[]> cachedStats;
    private volatile long cachedStatsVersion = -1;

    // ------------------------------------------------------------------------------------------------ public reads

    public String team() {
        return team.domain();
    }

    public String projectName() {
        return project.name();
    }

    public long projectId() {
        return project.id();
    }

    /** The id of the user every token authenticates as (the project admin). */
    public long currentUserId() {
        return currentUserId;
    }

    /** Number of live (not deleted) issues. */
    public int issueCount() {
        return read(() -> liveIssues);
    }

    /** Codes of live issues, ascending. */
    public int[] issueCodes() {
        return read(() -> {
            int[] out = new int[liveIssues];
            int k = 0;
            for (int c = 1; c <= maxCode; c++) {
                if (issues[c] != null) {
                    out[k++] = c;
                }
            }
            return Arrays.copyOf(out, k);
        });
    }

    /** Live issue count per type (EPIC, REQUIREMENT, DEFECT, MISSION, SUB_TASK). */
    public Map<String, Integer> issueCountByType() {
        return read(() -> {
            Map<String, Integer> out = new LinkedHashMap<>();
            Catalog.TYPES.forEach(t -> out.put(t, 0));
            for (int c = 1; c <= maxCode; c++) {
                if (issues[c] != null) {
                    out.merge(issues[c].typeName(), 1, Integer::sum);
                }
            }
            return out;
        });
    }

    public Optional<IssueSnapshot> issue(int code) {
        return read(() -> Optional.ofNullable(issueOrNull(code)).map(this::snapshot));
    }

    /** Snapshots of all live issues, by code. */
    public List<IssueSnapshot> issues() {
        return read(() -> {
            List<IssueSnapshot> out = new ArrayList<>(liveIssues);
            for (int c = 1; c <= maxCode; c++) {
                if (issues[c] != null) {
                    out.add(snapshot(issues[c]));
                }
            }
            return out;
        });
    }

    /** The {@code Issue} object DescribeIssue answers for {@code code} (without unknown-field faults). */
    public Optional<ObjectNode> describeIssueJson(int code) {
        return read(() -> Optional.ofNullable(issueOrNull(code)).map(i -> new ApiShapes(this).issueDetail(i)));
    }

    /** The row DescribeIssueListWithPage answers for {@code code}. */
    public Optional<ObjectNode> issueListRowJson(int code) {
        return read(() -> Optional.ofNullable(issueOrNull(code)).map(i -> new ApiShapes(this).issueListRow(i)));
    }

    public List<IterationSnapshot> iterations() {
        return read(() -> iterations.values().stream().map(this::snapshot).toList());
    }

    public Optional<IterationSnapshot> iteration(int code) {
        return read(() -> Optional.ofNullable(iterations.get(code)).map(this::snapshot));
    }

    public List<MemberSnapshot> projectMembers() {
        return read(() -> projectMemberRecords().stream().map(this::snapshot).toList());
    }

    public List<MemberSnapshot> teamMembers() {
        return read(() -> users.values().stream().map(this::snapshot).toList());
    }

    public List<CommentSnapshot> comments(int issueCode) {
        return read(() -> {
            IssueRecord i = issueOrNull(issueCode);
            if (i == null) {
                return List.<CommentSnapshot>of();
            }
            return comments(i).stream()
                    .map(c -> new CommentSnapshot(
                            c.id(),
                            c.parentId(),
                            c.issueCode(),
                            c.creatorId(),
                            c.createdAt(),
                            c.updatedAt(),
                            c.markdown(),
                            TextSynth.markdownToHtml(c.markdown())))
                    .toList();
        });
    }

    public List<String> labelNames() {
        return catalog.labels.stream().map(Catalog.LabelDef::name).toList();
    }

    public List<String> customFieldNames() {
        return catalog.customFields.stream().map(Catalog.FieldDef::name).toList();
    }

    public List<String> roleNames() {
        return catalog.projectRoles.stream().map(Catalog.RoleDef::roleTypeName).toList();
    }

    /** Status names of an issue type's workflow, e.g. 未开始, 处理中, 已完成 for MISSION. */
    public List<String> statusNames(String issueType) {
        return catalog.workflow(issueType).stream().map(Catalog.StatusDef::name).toList();
    }

    // ------------------------------------------------------------------------------------------------ snapshots

    IssueSnapshot snapshot(IssueRecord i) {
        List<Long> labels = new ArrayList<>();
        for (int b = 0; b < catalog.labels.size(); b++) {
            if ((i.labelMask & (1L << b)) != 0) {
                labels.add(catalog.labels.get(b).id());
            }
        }
        List<Long> watchers = new ArrayList<>();
        if (i.watcherIds != null) {
            for (long w : i.watcherIds) {
                watchers.add(w);
            }
        }
        Map<String, String> custom = new LinkedHashMap<>();
        for (int f = 0; f < catalog.customFields.size(); f++) {
            String v = customValue(i, f);
            if (v != null) {
                custom.put(catalog.customFields.get(f).name(), v);
            }
        }
        return new IssueSnapshot(
                i.code,
                i.typeName(),
                i.type.id(),
                issueName(i),
                issueDescription(i),
                i.status.id(),
                i.status.name(),
                i.status.type(),
                ApiShapes.priority(i.priority),
                i.assigneeId,
                i.creatorId,
                i.iterationCode,
                i.parentCode,
                i.epicCode,
                List.copyOf(labels),
                List.copyOf(watchers),
                i.createdAt,
                i.updatedAt,
                i.completedAt,
                i.startDate,
                i.dueDate,
                i.storyPoint(),
                i.workingHours,
                Collections.unmodifiableMap(custom));
    }

    IterationSnapshot snapshot(IterationRecord it) {
        return new IterationSnapshot(
                it.code,
                it.id,
                it.name,
                it.goal,
                it.status,
                it.startAt,
                it.endAt,
                it.assigneeId,
                it.creatorId,
                it.createdAt,
                it.updatedAt);
    }

    MemberSnapshot snapshot(UserRecord u) {
        return new MemberSnapshot(
                u.id,
                u.globalKey,
                u.name,
                u.pinyin,
                u.email,
                u.status,
                u.projectRole == null ? null : u.projectRole.roleType(),
                u.projectRole == null ? null : u.projectRole.roleTypeName());
    }

    // ------------------------------------------------------------------------------------------------ storage helpers

    void putIssue(IssueRecord i) {
        if (i.code >= issues.length) {
            issues = Arrays.copyOf(issues, Math.max(i.code + 1, issues.length * 3 / 2 + 16));
        }
        issues[i.code] = i;
        maxCode = Math.max(maxCode, i.code);
        liveIssues++;
        if (i.parentCode != 0) {
            children.computeIfAbsent(i.parentCode, k -> new ArrayList<>(2)).add(i.code);
        }
    }

    void removeIssue(int code) {
        IssueRecord i = issues[code];
        if (i == null) {
            return;
        }
        issues[code] = null;
        liveIssues--;
        if (i.parentCode != 0) {
            List<Integer> siblings = children.get(i.parentCode);
            if (siblings != null) {
                siblings.remove(Integer.valueOf(code));
            }
        }
        children.remove(code);
        addedComments.remove(code);
    }

    List<Integer> childCodes(int code) {
        return children.getOrDefault(code, Collections.emptyList());
    }
}
