package dev.camelcoding.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed metadata of the simulated project: issue types, workflows (statuses per type), labels, issue fields
 * (system and CUSTOM), defect types, modules and member roles. Built once from the seed, never mutated.
 */
final class Catalog {

    /** The five system issue types, in the order CODING lists them. */
    static final List<String> TYPES = List.of("EPIC", "REQUIREMENT", "DEFECT", "MISSION", "SUB_TASK");

    record IssueTypeDef(
            long id, String name, String issueType, String description, String splitType, List<Long> splitTargets) {}

    /** A status; {@code type} is the status type TODO / PROCESSING / COMPLETED. */
    record StatusDef(long id, int index, String name, String type, long createdAt) {}

    record LabelDef(long id, String name, String color) {}

    record NamedRef(long id, String name, String iconUrl) {}

    record FieldOption(String title, String value, int sort) {}

    /**
     * An issue field. {@code kind} is what the simulator generates values for: "system" fields (Type ASSIGNEE,
     * WATCHER, ...) carry no CustomFields value; CUSTOM fields have kind select/text/member/datetime/number.
     */
    record FieldDef(
            long id,
            String name,
            String type,
            String componentType,
            String description,
            List<FieldOption> options,
            String unit,
            String kind,
            long createdAt) {
        boolean custom() {
            return "CUSTOM".equals(type);
        }
    }

    record RoleDef(long roleId, String roleType, String roleTypeName) {}

    final Map<String, IssueTypeDef> issueTypes = new LinkedHashMap<>();
    final Map<String, List<StatusDef>> workflows = new LinkedHashMap<>();
    final Map<Long, StatusDef> statusesById = new LinkedHashMap<>();
    final List<LabelDef> labels = new ArrayList<>();
    final List<FieldDef> systemFields = new ArrayList<>();
    final List<FieldDef> customFields = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The issue types of a custom field that only some types have (absent: every type). */
    final Map<Long, java.util.Set<String>> fieldIssueTypes = new java.util.HashMap<>();

    final List<NamedRef> defectTypes = new ArrayList<>();
    final List<NamedRef> modules = new ArrayList<>();
    final List<RoleDef> projectRoles = new ArrayList<>();
    final long createdAt;

    Catalog(long createdAt) {
        this.createdAt = createdAt;
        long t = 213_217L;
        issueTypes.put(
                "EPIC",
                new IssueTypeDef(
                        t, "史诗", "EPIC", "史诗是一个大的业务目标，通常需要拆分为多个用户故事，跨越多个迭代完成。", "SPECIFIC_TYPE", List.of(t + 1)));
        issueTypes.put(
                "REQUIREMENT",
                new IssueTypeDef(
                        t + 1, "用户故事", "REQUIREMENT", "用户故事从使用者的角度描述一项对其有价值的功能。", "ALL_REQUIREMENT", List.of()));
        issueTypes.put(
                "DEFECT", new IssueTypeDef(t + 2, "缺陷", "DEFECT", "缺陷是指产品中不符合预期的行为或错误。", "UNSPLITTABLE", List.of()));
        issueTypes.put(
                "MISSION",
                new IssueTypeDef(t + 3, "任务", "MISSION", "任务是指为实现某个目标或需求所进行的具体活动。", "UNSPLITTABLE", List.of()));
        issueTypes.put(
                "SUB_TASK", new IssueTypeDef(t + 4, "子工作项", "SUB_TASK", "子工作项是对父事项的进一步拆分。", "UNSPLITTABLE", List.of()));

        long s = 1_227_034L;
        StatusDef todo = status(s, 0, "未开始", "TODO");
        StatusDef doing = status(s + 1, 1, "处理中", "PROCESSING");
        StatusDef developing = status(s + 2, 2, "开发中", "PROCESSING");
        StatusDef testing = status(s + 3, 3, "测试中", "PROCESSING");
        StatusDef verifying = status(s + 4, 4, "待验证", "PROCESSING");
        StatusDef done = status(s + 5, 5, "已完成", "COMPLETED");
        StatusDef rejected = status(s + 6, 6, "已拒绝", "COMPLETED");
        workflows.put("EPIC", List.of(todo, doing, done));
        workflows.put("REQUIREMENT", List.of(todo, developing, testing, done));
        workflows.put("DEFECT", List.of(todo, doing, verifying, done, rejected));
        workflows.put("MISSION", List.of(todo, doing, done));
        workflows.put("SUB_TASK", List.of(todo, doing, done));

        String[][] labelData = {
            {"前端", "#0066FF"}, {"后端", "#00B365"}, {"性能", "#FF8800"}, {"安全", "#E5484D"},
            {"技术债", "#7A5AF8"}, {"客户反馈", "#D6409F"}, {"StreamRead", "#12A594"}, {"文档", "#8B8D98"}
        };
        for (int i = 0; i < labelData.length; i++) {
            labels.add(new LabelDef(12_951_190L + i, labelData[i][0], labelData[i][1]));
        }

        long f = 1L;
        systemFields.add(field(f++, "处理人", "ASSIGNEE", "SELECT_MEMBER_SINGLE", List.of(), "system"));
        systemFields.add(field(f++, "关注者", "WATCHER", "SELECT_MEMBER_MULTI", List.of(), "system"));
        systemFields.add(field(
                f++,
                "优先级",
                "PRIORITY",
                "SELECT_SINGLE",
                List.of(
                        new FieldOption("低", "0", 0), new FieldOption("中", "1", 1),
                        new FieldOption("高", "2", 2), new FieldOption("紧急", "3", 3)),
                "system"));
        systemFields.add(field(f++, "开始日期", "START_DATE", "TEXT_DATE", List.of(), "system"));
        systemFields.add(field(f++, "截止日期", "DUE_DATE", "TEXT_DATE", List.of(), "system"));
        systemFields.add(field(f++, "迭代", "ITERATION", "SELECT_SINGLE", List.of(), "system"));
        systemFields.add(field(f++, "标签", "LABEL", "SELECT_MULTI", List.of(), "system"));
        systemFields.add(field(f, "描述", "DESCRIPTION", "TEXT_MULTI_LINE", List.of(), "system"));

        long c = 20_001L;
        customFields.add(field(
                c++,
                "客户",
                "CUSTOM",
                "SELECT_SINGLE",
                List.of(
                        new FieldOption("华东区", "1", 0), new FieldOption("华南区", "2", 1),
                        new FieldOption("华北区", "3", 2), new FieldOption("海外", "4", 3)),
                "select"));
        customFields.add(field(c++, "验收标准", "CUSTOM", "TEXT_SINGLE_LINE", List.of(), "text"));
        customFields.add(field(c++, "验收人", "CUSTOM", "SELECT_MEMBER_SINGLE", List.of(), "member"));
        customFields.add(field(c++, "计划上线时间", "CUSTOM", "TEXT_DATETIME", List.of(), "datetime"));
        customFields.add(field(c, "影响用户数", "CUSTOM", "TEXT_INTEGER", List.of(), "number"));

        defectTypes.add(new NamedRef(301L, "功能缺陷", "https://" + "e.coding.net/static/defect/function.svg"));
        defectTypes.add(new NamedRef(302L, "性能问题", "https://" + "e.coding.net/static/defect/performance.svg"));
        defectTypes.add(new NamedRef(303L, "界面问题", "https://" + "e.coding.net/static/defect/ui.svg"));
        modules.add(new NamedRef(401L, "账户中心", ""));
        modules.add(new NamedRef(402L, "订单服务", ""));
        modules.add(new NamedRef(403L, "支付网关", ""));
        modules.add(new NamedRef(404L, "运营后台", ""));

        projectRoles.add(new RoleDef(100L, "ProjectAdmin", "项目管理员"));
        projectRoles.add(new RoleDef(101L, "ProjectMember", "开发"));
        projectRoles.add(new RoleDef(102L, "ProjectMember", "测试"));
        projectRoles.add(new RoleDef(103L, "ProjectMember", "产品经理"));
        projectRoles.add(new RoleDef(104L, "ProjectGuest", "访客"));
    }

    private StatusDef status(long id, int index, String name, String type) {
        StatusDef d = new StatusDef(id, index, name, type, createdAt);
        statusesById.put(id, d);
        return d;
    }

    private FieldDef field(
            long id, String name, String type, String component, List<FieldOption> options, String kind) {
        String description = "CUSTOM".equals(type) ? "自定义属性：" + name : "";
        String unit = "number".equals(kind) ? "人" : "";
        return new FieldDef(id, name, type, component, description, options, unit, kind, createdAt);
    }

    IssueTypeDef type(String issueType) {
        IssueTypeDef d = issueTypes.get(issueType);
        if (d == null) {
            throw new IllegalArgumentException("unknown issue type " + issueType + " (one of " + TYPES + ")");
        }
        return d;
    }

    List<StatusDef> workflow(String issueType) {
        return workflows.getOrDefault(issueType, Collections.emptyList());
    }

    StatusDef status(String issueType, String nameOrType) {
        for (StatusDef s : workflow(issueType)) {
            if (s.name().equals(nameOrType)) {
                return s;
            }
        }
        for (StatusDef s : workflow(issueType)) {
            if (s.type().equals(nameOrType)) {
                return s;
            }
        }
        List<String> names = workflow(issueType).stream().map(StatusDef::name).toList();
        throw new IllegalArgumentException(
                "no status '" + nameOrType + "' for " + issueType + " (one of " + names + " or a status type)");
    }

    LabelDef label(String nameOrId) {
        for (LabelDef l : labels) {
            if (l.name().equals(nameOrId) || Long.toString(l.id()).equals(nameOrId)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown label " + nameOrId + " (one of "
                + labels.stream().map(LabelDef::name).toList() + ")");
    }

    int labelIndex(long id) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    /** Whether issues of {@code issueType} have custom field {@code f}. */
    boolean hasField(FieldDef f, String issueType) {
        java.util.Set<String> types = fieldIssueTypes.get(f.id());
        return types == null || types.contains(issueType);
    }

    /**
     * Adds a custom field at runtime, as a project admin does in CODING's settings: no issue has a value for it until
     * one is set. Options are given by title; their values are "1", "2"...
     */
    synchronized FieldDef addCustomField(
            String name,
            String componentType,
            List<String> optionTitles,
            java.util.Collection<String> issueTypes,
            long now) {
        long id = customFields.stream().mapToLong(FieldDef::id).max().orElse(20_000L) + 1;
        List<FieldOption> options = new ArrayList<>();
        for (int i = 0; i < optionTitles.size(); i++) {
            options.add(new FieldOption(optionTitles.get(i), Integer.toString(i + 1), i));
        }
        FieldDef f = new FieldDef(id, name, "CUSTOM", componentType, "自定义属性：" + name, options, "", "runtime", now);
        customFields.add(f);
        if (issueTypes != null && !issueTypes.isEmpty()) {
            fieldIssueTypes.put(id, new java.util.HashSet<>(issueTypes));
        }
        return f;
    }

    FieldDef customField(String nameOrId) {
        for (FieldDef f : customFields) {
            if (f.name().equals(nameOrId) || Long.toString(f.id()).equals(nameOrId)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown custom field " + nameOrId + " (one of "
                + customFields.stream().map(FieldDef::name).toList() + ")");
    }

    RoleDef role(String nameOrType) {
        for (RoleDef r : projectRoles) {
            if (r.roleTypeName().equals(nameOrType)) {
                return r;
            }
        }
        for (RoleDef r : projectRoles) {
            if (r.roleType().equals(nameOrType)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role " + nameOrType + " (one of "
                + projectRoles.stream().map(RoleDef::roleTypeName).toList() + ")");
    }
}
