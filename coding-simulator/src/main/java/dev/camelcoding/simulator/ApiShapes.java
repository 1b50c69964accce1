package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Renders the simulator's records in the Open API's shapes: PascalCase keys, epoch-ms times, ids as numbers,
 * {@code Priority} as a string, and "not set" objects zero-filled rather than null (CODING's habit, see the recorded
 * DescribeIssue response). Callers hold the data read lock.
 */
final class ApiShapes {

    private final SimulatorData d;

    ApiShapes(SimulatorData d) {
        this.d = d;
    }

    static ObjectNode obj() {
        return Json.MAPPER.createObjectNode();
    }

    static String priority(byte p) {
        return p < 0 ? "" : Integer.toString(p);
    }

    // ----------------------------------------------------------------------------------------------- users

    /**
     * The user object embedded in issues. CODING fills Id, Status, Avatar and Name and leaves Email, TeamId, Phone,
     * GlobalKey and TeamGlobalKey blank/zero there (as recorded).
     */
    ObjectNode user(long id) {
        UserRecord u = d.user(id);
        if (u == null) {
            return zeroUser();
        }
        ObjectNode n = obj();
        n.put("Id", u.id);
        n.put("Status", u.status);
        n.put("Avatar", u.avatar);
        n.put("Name", u.name);
        n.put("Email", "");
        n.put("TeamId", 0);
        n.put("Phone", "");
        n.put("GlobalKey", "");
        n.put("TeamGlobalKey", "");
        return n;
    }

    static ObjectNode zeroUser() {
        ObjectNode n = obj();
        n.put("Id", 0);
        n.put("Status", 0);
        n.put("Avatar", "");
        n.put("Name", "");
        n.put("Email", "");
        n.put("TeamId", 0);
        n.put("Phone", "");
        n.put("GlobalKey", "");
        n.put("TeamGlobalKey", "");
        return n;
    }

    ObjectNode currentUser(UserRecord u) {
        ObjectNode n = obj();
        n.put("Id", u.id);
        n.put("Status", u.status);
        n.put("Email", u.email);
        n.put("GlobalKey", u.globalKey);
        n.put("Avatar", u.avatar);
        n.put("Gravatar", "");
        n.put("Name", u.name);
        n.put("NamePinYin", u.pinyin);
        n.put("Phone", u.phone);
        n.put("PhoneValidation", u.phone.isEmpty() ? 0 : 1);
        n.put("EmailValidation", 1);
        n.put("PhoneRegionCode", "+86");
        n.put("Region", "cn");
        n.put("TeamId", d.team.id());
        return n;
    }

    private ObjectNode memberBase(UserRecord u) {
        ObjectNode n = obj();
        n.put("Id", u.id);
        n.put("TeamId", d.team.id());
        n.put("Name", u.name);
        n.put("NamePinYin", u.pinyin);
        n.put("Avatar", u.avatar);
        n.put("Email", u.email);
        n.put("Phone", u.phone);
        n.put("EmailValidation", 1);
        n.put("PhoneValidation", u.phone.isEmpty() ? 0 : 1);
        n.put("Status", u.status);
        n.put("GlobalKey", u.globalKey);
        return n;
    }

    /** DescribeProjectMembers row: Roles carry the numeric project RoleId. */
    ObjectNode projectMember(UserRecord u) {
        ObjectNode n = memberBase(u);
        ArrayNode roles = n.putArray("Roles");
        if (u.projectRole != null) {
            ObjectNode r = roles.addObject();
            r.put("RoleType", u.projectRole.roleType());
            r.put("RoleId", u.projectRole.roleId());
            r.put("RoleTypeName", u.projectRole.roleTypeName());
        }
        return n;
    }

    /**
     * DescribeTeamMembers row. CODING's own example serializes the team RoleId as a string ("1") here, unlike the
     * numeric RoleId of DescribeProjectMembers; the simulator copies that quirk.
     */
    ObjectNode teamMember(UserRecord u, boolean owner) {
        ObjectNode n = memberBase(u);
        n.put("UniqueExtField", "");
        ArrayNode roles = n.putArray("Roles");
        ObjectNode r = roles.addObject();
        r.put("RoleId", owner ? "1" : "2");
        r.put("RoleType", owner ? "TeamOwner" : "TeamMember");
        r.put("RoleTypeName", owner ? "所有者" : "成员");
        ObjectNode dept = n.putObject("DepartmentMember");
        dept.put("RefId", 0);
        dept.put("ThirdPartyId", "");
        dept.put("ThirdPartyName", "");
        dept.put("ThirdPartyAvatar", "");
        dept.putArray("Refs");
        return n;
    }

    // ----------------------------------------------------------------------------------------------- projects

    ObjectNode project(ProjectRecord p) {
        ObjectNode n = obj();
        n.put("Id", p.id());
        n.put("CreatedAt", p.createdAt());
        n.put("UpdatedAt", p.updatedAt());
        n.put("Status", 1);
        n.put("Type", 2);
        n.put("MaxMember", 0);
        n.put("Name", p.name());
        n.put("DisplayName", p.displayName());
        n.put("Description", p.description());
        n.put("Icon", p.icon());
        n.put("TeamOwnerId", d.team.id());
        n.put("UserOwnerId", 0);
        n.put("StartDate", 0);
        n.put("EndDate", 0);
        n.put("TeamId", d.team.id());
        n.put("IsDemo", false);
        n.put("Archived", false);
        n.putArray("ProgramIds");
        return n;
    }

    /** The Project object inside IssueDetail: CODING fills only id, names, description and icon there. */
    private ObjectNode issueProject() {
        ObjectNode n = project(d.project);
        n.put("CreatedAt", 0);
        n.put("UpdatedAt", 0);
        n.put("Status", 0);
        n.put("Type", 0);
        n.put("TeamOwnerId", 0);
        n.put("TeamId", 0);
        return n;
    }

    // ----------------------------------------------------------------------------------------------- issue parts

    static ObjectNode issueTypeDetail(Catalog.IssueTypeDef t) {
        ObjectNode n = obj();
        n.put("Id", t == null ? 0 : t.id());
        n.put("Name", t == null ? "" : t.name());
        n.put("IssueType", t == null ? "" : t.issueType());
        n.put("Description", t == null ? "" : t.description());
        n.put("IsSystem", t != null);
        return n;
    }

    ObjectNode iterationSimple(int code) {
        IterationRecord it = code == 0 ? null : d.iterations.get(code);
        ObjectNode n = obj();
        n.put("Code", it == null ? 0 : it.code);
        n.put("Name", it == null ? "" : it.name);
        n.put("Status", it == null ? "" : it.status);
        n.put("Id", it == null ? 0 : it.id);
        return n;
    }

    ArrayNode labels(IssueRecord i) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        List<Catalog.LabelDef> all = d.catalog.labels;
        for (int b = 0; b < all.size(); b++) {
            if ((i.labelMask & (1L << b)) != 0) {
                ObjectNode l = a.addObject();
                l.put("Id", all.get(b).id());
                l.put("Name", all.get(b).name());
                l.put("Color", all.get(b).color());
            }
        }
        return a;
    }

    ArrayNode customFields(IssueRecord i) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        List<Catalog.FieldDef> fields = d.catalog.customFields;
        for (int f = 0; f < fields.size(); f++) {
            if (!d.catalog.hasField(fields.get(f), i.typeName())) {
                continue;
            }
            String v = d.customValue(i, f);
            if (v != null) {
                ObjectNode n = a.addObject();
                n.put("Id", fields.get(f).id());
                n.put("ValueString", v);
                n.put("Name", fields.get(f).name());
            }
        }
        return a;
    }

    ArrayNode assignees(IssueRecord i) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        if (i.assigneeId != 0) {
            a.add(user(i.assigneeId));
        }
        return a;
    }

    /**
     * For a sub-task CODING reports the parent's type as ParentType; for every other issue ParentType equals Type
     * (the recorded MISSION has ParentType MISSION). Inferred from the recordings, not documented.
     */
    String parentType(IssueRecord i) {
        if (i.parentCode != 0) {
            IssueRecord p = d.issueOrNull(i.parentCode);
            if (p != null) {
                return p.typeName();
            }
        }
        return i.typeName();
    }

    /** IssueSimple (Epic, SubTasks): Code, Type, Name, IssueStatusId, IssueStatusName, Priority, Assignee. */
    private ObjectNode issueSimple(IssueRecord i) {
        ObjectNode n = obj();
        n.put("Code", i == null ? 0 : i.code);
        n.put("Type", i == null ? "" : i.typeName());
        n.put("Name", i == null ? "" : d.issueName(i));
        n.put("IssueStatusId", i == null ? 0 : i.status.id());
        n.put("IssueStatusName", i == null ? "" : i.status.name());
        n.put("Priority", i == null ? "" : priority(i.priority));
        n.set("Assignee", i == null || i.assigneeId == 0 ? zeroUser() : user(i.assigneeId));
        return n;
    }

    private ObjectNode parent(IssueRecord p) {
        ObjectNode n = issueSimple(p);
        n.put("IssueStatusType", p == null ? "" : p.status.type());
        n.set("IssueTypeDetail", issueTypeDetail(p == null ? null : p.type));
        return n;
    }

    // ----------------------------------------------------------------------------------------------- issues

    /** A DescribeIssueListWithPage row (IssueListData). */
    ObjectNode issueListRow(IssueRecord i) {
        ObjectNode n = obj();
        n.put("ParentType", parentType(i));
        n.put("Code", i.code);
        n.put("Type", i.typeName());
        n.put("Name", d.issueName(i));
        n.put("Description", d.issueDescription(i));
        n.put("IterationId", iterationId(i));
        n.put("IssueStatusId", i.status.id());
        n.put("IssueStatusName", i.status.name());
        n.put("IssueStatusType", i.status.type());
        n.put("Priority", priority(i.priority));
        n.put("AssigneeId", i.assigneeId);
        n.put("StartDate", i.startDate);
        n.put("DueDate", i.dueDate);
        n.put("WorkingHours", (double) i.workingHours);
        n.put("CreatorId", i.creatorId);
        n.put("StoryPoint", i.storyPoint());
        n.put("CreatedAt", i.createdAt);
        n.put("UpdatedAt", i.updatedAt);
        n.put("CompletedAt", i.completedAt);
        n.set("Iteration", iterationSimple(i.iterationCode));
        n.set("IssueTypeDetail", issueTypeDetail(i.type));
        n.put("IssueTypeId", i.type.id());
        n.set("CustomFields", customFields(i));
        n.put("ParentId", i.parentCode == 0 || d.issueOrNull(i.parentCode) == null ? 0 : d.issueId(i.parentCode));
        n.put("ParentCode", i.parentCode == 0 || d.issueOrNull(i.parentCode) == null ? 0 : i.parentCode);
        n.set("Labels", labels(i));
        n.set("Assignees", assignees(i));
        return n;
    }

    private long iterationId(IssueRecord i) {
        IterationRecord it = i.iterationCode == 0 ? null : d.iterations.get(i.iterationCode);
        return it == null ? 0 : it.id;
    }

    /** A DescribeIssue {@code Issue} (IssueDetail), key order as recorded. */
    ObjectNode issueDetail(IssueRecord i) {
        ObjectNode n = obj();
        n.set("Epic", issueSimple(i.epicCode == 0 ? null : d.issueOrNull(i.epicCode)));
        n.put("ParentType", parentType(i));
        n.put("Code", i.code);
        n.put("Type", i.typeName());
        n.put("Name", d.issueName(i));
        n.put("Description", d.issueDescription(i));
        n.put("IterationId", iterationId(i));
        n.put("IssueStatusId", i.status.id());
        n.put("IssueStatusName", i.status.name());
        n.put("IssueStatusType", i.status.type());
        n.put("Priority", priority(i.priority));
        n.set("Assignee", i.assigneeId == 0 ? zeroUser() : user(i.assigneeId));
        n.put("StartDate", i.startDate);
        n.put("DueDate", i.dueDate);
        n.put("WorkingHours", (double) i.workingHours);
        n.set("Creator", user(i.creatorId));
        n.put("StoryPoint", i.storyPoint());
        n.put("CreatedAt", i.createdAt);
        n.put("UpdatedAt", i.updatedAt);
        n.put("CompletedAt", i.completedAt);
        ObjectNode module = n.putObject("ProjectModule");
        Catalog.NamedRef m = i.module < 0 ? null : d.catalog.modules.get(i.module);
        module.put("Id", m == null ? 0 : m.id());
        module.put("Name", m == null ? "" : m.name());
        ArrayNode watchers = n.putArray("Watchers");
        if (i.watcherIds != null) {
            for (long w : i.watcherIds) {
                watchers.add(user(w));
            }
        }
        n.set("Labels", labels(i));
        n.putArray("Files");
        ObjectNode req = n.putObject("RequirementType");
        req.put("Id", 0);
        req.put("Name", "");
        ObjectNode defect = n.putObject("DefectType");
        Catalog.NamedRef dt = i.defectType < 0 ? null : d.catalog.defectTypes.get(i.defectType);
        defect.put("Id", dt == null ? 0 : dt.id());
        defect.put("Name", dt == null ? "" : dt.name());
        defect.put("IconUrl", dt == null ? "" : dt.iconUrl());
        n.set("CustomFields", customFields(i));
        n.putArray("ThirdLinks");
        ArrayNode subTasks = n.putArray("SubTasks");
        for (int c : d.childCodes(i.code)) {
            IssueRecord sub = d.issueOrNull(c);
            if (sub != null) {
                subTasks.add(issueSimple(sub));
            }
        }
        n.set("Parent", parent(i.parentCode == 0 ? null : d.issueOrNull(i.parentCode)));
        n.set("Iteration", iterationSimple(i.iterationCode));
        n.set("IssueTypeDetail", issueTypeDetail(i.type));
        n.put("IssueTypeId", i.type.id());
        n.set("Project", issueProject());
        n.set("Assignees", assignees(i));
        return n;
    }

    // ----------------------------------------------------------------------------------------------- iterations

    /** An iteration as DescribeIteration / DescribeIterationList answer it: user ids as plain numbers. */
    ObjectNode iteration(IterationRecord it, Map<Integer, int[]> stats) {
        int[] s = stats.getOrDefault(it.code, new int[3]);
        int all = s[0] + s[1] + s[2];
        ObjectNode n = obj();
        n.put("Assignee", it.assigneeId);
        n.put("Code", it.code);
        n.put("CompletedCount", s[2]);
        // A whole percentage, as in the recorded response (an integer 0); CODING's UI shows whole percents too.
        n.put("CompletedPercent", all == 0 ? 0 : Math.round(s[2] * 100.0f / all));
        n.put("Completer", it.completerId);
        n.put("CreatedAt", it.createdAt);
        n.put("Creator", it.creatorId);
        n.put("Deleter", 0);
        n.put("EndAt", it.endAt);
        n.put("Goal", it.goal);
        n.put("Name", it.name);
        n.put("ProcessingCount", s[1]);
        n.put("StartAt", it.startAt);
        n.put("Starter", it.starterId);
        n.put("Status", it.status);
        n.put("UpdatedAt", it.updatedAt);
        n.put("WaitProcessCount", s[0]);
        return n;
    }

    // ----------------------------------------------------------------------------------------------- comments

    static ObjectNode comment(CommentRecord c) {
        ObjectNode n = obj();
        n.put("CommentId", c.id());
        n.put("ParentId", c.parentId());
        n.put("Content", TextSynth.markdownToHtml(c.markdown()));
        n.put("RawContent", c.markdown());
        n.put("CreatorId", c.creatorId());
        n.put("CreatedAt", c.createdAt());
        n.put("UpdatedAt", c.updatedAt());
        n.putArray("FileId");
        return n;
    }

    // ----------------------------------------------------------------------------------------------- metadata

    static ObjectNode projectIssueType(Catalog.IssueTypeDef t) {
        ObjectNode n = issueTypeDetail(t);
        n.put("SplitType", t.splitType());
        ArrayNode targets = n.putArray("SplitTargetIssueTypeId");
        t.splitTargets().forEach(targets::add);
        return n;
    }

    static ObjectNode projectIssueStatus(String issueType, Catalog.StatusDef s, boolean isDefault, int sort) {
        ObjectNode n = obj();
        n.put("IssueType", issueType);
        n.put("IssueStatusId", s.id());
        n.put("IsDefault", isDefault);
        n.put("CreatedAt", s.createdAt());
        n.put("UpdatedAt", s.createdAt());
        n.put("Sort", sort);
        ObjectNode st = n.putObject("IssueStatus");
        st.put("Id", s.id());
        st.put("Index", s.index());
        st.put("Name", s.name());
        st.put("Type", s.type());
        st.put("Description", "");
        st.put("IsSystem", true);
        st.put("CreatedAt", s.createdAt());
        st.put("UpdatedAt", s.createdAt());
        return n;
    }

    ObjectNode projectIssueField(String issueType, Catalog.FieldDef f) {
        ObjectNode n = obj();
        n.put("IssueFieldId", f.id());
        boolean watcherDefault = "WATCHER".equals(f.type());
        n.put("NeedDefault", watcherDefault);
        n.put("ValueString", watcherDefault ? "{\"type\":\"VARIABLE\",\"value\":\"CREATOR\"}" : "");
        n.put("IssueType", issueType);
        n.put("Required", false);
        ObjectNode field = n.putObject("IssueField");
        field.put("Id", f.id());
        field.put("TeamId", d.team.id());
        field.put("Name", f.name());
        field.put("IconUrl", "");
        field.put("Type", f.type());
        field.put("ComponentType", f.componentType());
        field.put("Description", f.description());
        ArrayNode options = field.putArray("Options");
        for (Catalog.FieldOption o : f.options()) {
            ObjectNode on = options.addObject();
            on.put("Icon", "");
            on.put("Sort", o.sort());
            on.put("Title", o.title());
            on.put("Value", o.value());
        }
        field.put("Unit", f.unit());
        field.put("Selectable", f.custom());
        field.put("Required", false);
        field.put("Editable", f.custom());
        field.put("Deletable", f.custom());
        field.put("Sortable", true);
        field.put("CreatedBy", f.custom() ? d.currentUserId : 0);
        field.put("CreatedAt", f.createdAt());
        field.put("UpdatedAt", f.createdAt());
        n.put("CreatedAt", f.createdAt());
        n.put("UpdatedAt", f.createdAt());
        return n;
    }
}
