package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Service Hook payloads in CODING's delivery shape: snake_case keys (with the camelCase exceptions
 * {@code eventName} and {@code issueComment}), ids and times as numbers, {@code priority} as a number (unlike the
 * Open API's string), users as {@code {id, login, avatar_url, url, html_url, name, name_pinyin}}.
 *
 * <p>Envelope: {@code action, event, eventName, sender, <resource>, project, team, hook, hook_id}. Only two
 * {@code action} values are known from real deliveries ("comment" for ISSUE_COMMENT_CREATED, "added" for
 * MEMBER_CREATED); the others are the simulator's guesses. Keys whose value is unset ({@code assignee},
 * {@code iteration} of an issue) are left out rather than sent as null (the real payloads seen had them set).
 */
final class HookPayloads {

    /** Event code -> {eventName (Chinese label), action}. */
    static final Map<String, String[]> EVENTS = new LinkedHashMap<>();

    static {
        EVENTS.put("ISSUE_CREATED", new String[] {"创建事项", "create"});
        EVENTS.put("ISSUE_UPDATED", new String[] {"更新事项信息", "update"});
        EVENTS.put("ISSUE_STATUS_UPDATED", new String[] {"状态变更", "update_status"});
        EVENTS.put("ISSUE_ASSIGNEE_CHANGED", new String[] {"分配处理人", "update_assignee"});
        EVENTS.put("ISSUE_ITERATION_CHANGED", new String[] {"规划迭代", "update_iteration"});
        EVENTS.put("ISSUE_DELETED", new String[] {"删除事项", "delete"});
        EVENTS.put("ISSUE_COMMENT_CREATED", new String[] {"增加评论", "comment"});
        EVENTS.put("ITERATION_CREATED", new String[] {"创建迭代", "create"});
        EVENTS.put("ITERATION_UPDATED", new String[] {"更新迭代", "update"});
        EVENTS.put("ITERATION_DELETED", new String[] {"删除迭代", "delete"});
        EVENTS.put("MEMBER_CREATED", new String[] {"添加项目成员", "added"});
        EVENTS.put("MEMBER_ROLE_UPDATED", new String[] {"修改成员权限", "role_updated"});
        EVENTS.put("MEMBER_DELETED", new String[] {"删除项目成员", "removed"});
        EVENTS.put("PING", new String[] {"测试", "ping"});
    }

    private final SimulatorData d;

    HookPayloads(SimulatorData d) {
        this.d = d;
    }

    static ObjectNode obj() {
        return Json.MAPPER.createObjectNode();
    }

    /** A user; {@code withUrls} false gives the empty url/html_url that CODING sends inside watcher lists. */
    ObjectNode user(UserRecord u, boolean withUrls) {
        ObjectNode n = obj();
        n.put("id", u.id);
        n.put("login", u.globalKey);
        n.put("avatar_url", u.avatar);
        n.put("url", withUrls ? d.team.url() + "/api/user/key/" + u.globalKey : "");
        n.put("html_url", withUrls ? d.team.url() + "/u/" + u.globalKey : "");
        n.put("name", u.name);
        n.put("name_pinyin", u.pinyinInitials + "|" + u.pinyin);
        return n;
    }

    private ObjectNode user(long id) {
        UserRecord u = d.user(id);
        return u == null ? null : user(u, true);
    }

    ObjectNode project() {
        ObjectNode n = obj();
        n.put("id", d.project.id());
        n.put("icon", d.project.icon());
        n.put("url", projectUrl());
        n.put("description", d.project.description());
        n.put("name", d.project.name());
        n.put("display_name", d.project.displayName());
        return n;
    }

    private String projectUrl() {
        return d.team.url() + "/p/" + d.project.name();
    }

    ObjectNode team() {
        ObjectNode n = obj();
        n.put("id", d.team.id());
        n.put("domain", d.team.domain());
        n.put("url", d.team.url());
        n.put("introduction", "");
        n.put("name", d.team.name());
        n.put("name_pinyin", d.team.name());
        n.put("avatar", d.team.avatar());
        return n;
    }

    /**
     * The issue page URL. Only the requirement form (.../requirements/issues/71/detail) was seen in a real payload;
     * the path segments of the other types are inferred.
     */
    String issueUrl(String type, int code) {
        String segment = switch (type) {
            case "REQUIREMENT" -> "requirements";
            case "DEFECT" -> "defects";
            case "EPIC" -> "epics";
            case "SUB_TASK" -> "sub-tasks";
            default -> "assignments";
        };
        return projectUrl() + "/" + segment + "/issues/" + code + "/detail";
    }

    ObjectNode iteration(IterationRecord it) {
        ObjectNode n = obj();
        n.put("title", it.name);
        n.put("goal", it.goal);
        n.put("html_url", projectUrl() + "/iterations/" + it.code);
        n.put("project_id", d.project.id());
        n.put("code", it.code);
        ObjectNode creator = user(it.creatorId);
        if (creator != null) {
            n.set("creator", creator);
        }
        ObjectNode assignee = it.assigneeId == 0 ? null : user(it.assigneeId);
        if (assignee != null) {
            n.set("assignee", assignee);
        }
        ArrayNode watchers = n.putArray("watchers");
        UserRecord w = d.user(it.assigneeId != 0 ? it.assigneeId : it.creatorId);
        if (w != null) {
            watchers.add(user(w, false));
        }
        n.put("status", it.status);
        int[] s = d.iterationStats().getOrDefault(it.code, new int[3]);
        n.put("plan_issue_number", s[0] + s[1] + s[2]);
        n.put("start_at", it.startAt);
        n.put("end_at", it.endAt);
        n.put("created_at", it.createdAt);
        n.put("updated_at", it.updatedAt);
        return n;
    }

    ObjectNode issue(IssueRecord i) {
        ObjectNode n = obj();
        n.put("html_url", issueUrl(i.typeName(), i.code));
        n.put("type", i.typeName());
        n.put("project_id", d.project.id());
        n.put("code", i.code);
        n.put("parent_code", i.parentCode);
        n.put("title", d.issueName(i));
        ObjectNode creator = user(i.creatorId);
        if (creator != null) {
            n.set("creator", creator);
        }
        n.put("status", i.status.name());
        ObjectNode assignee = i.assigneeId == 0 ? null : user(i.assigneeId);
        if (assignee != null) {
            n.set("assignee", assignee);
        }
        n.put("priority", Math.max(0, (int) i.priority));
        n.put("start_date", i.startDate);
        n.put("due_date", i.dueDate);
        IterationRecord it = i.iterationCode == 0 ? null : d.iterations.get(i.iterationCode);
        if (it != null) {
            n.set("iteration", iteration(it));
        }
        n.put("description", d.issueDescription(i));
        n.put("created_at", i.createdAt);
        n.put("updated_at", i.updatedAt);
        ObjectNode status = n.putObject("issue_status");
        status.put("id", i.status.id());
        status.put("name", i.status.name());
        status.put("type", i.status.type());
        ArrayNode watchers = n.putArray("watchers");
        if (i.watcherIds != null) {
            for (long w : i.watcherIds) {
                UserRecord u = d.user(w);
                if (u != null) {
                    watchers.add(user(u, false));
                }
            }
        }
        ArrayNode labels = n.putArray("labels");
        List<Catalog.LabelDef> all = d.catalog.labels;
        for (int b = 0; b < all.size(); b++) {
            if ((i.labelMask & (1L << b)) != 0) {
                ObjectNode l = labels.addObject();
                l.put("id", all.get(b).id());
                l.put("name", all.get(b).name());
            }
        }
        return n;
    }

    ObjectNode comment(IssueRecord i, CommentRecord c) {
        ObjectNode n = obj();
        n.put("html_url", issueUrl(i.typeName(), i.code) + "#comment-" + c.id());
        n.set("issue", issue(i));
        ObjectNode creator = user(c.creatorId());
        if (creator != null) {
            n.set("creator", creator);
        }
        n.put("content", TextSynth.markdownToHtml(c.markdown()));
        n.put("created_at", c.createdAt());
        n.put("updated_at", c.updatedAt());
        return n;
    }

    /** The {@code hook} object describing the receiving hook. */
    static ObjectNode hook(HookRegistration h) {
        ObjectNode n = obj();
        n.put("id", h.id());
        n.put("name", h.name());
        n.put("type", "Repository");
        n.put("active", h.enabled());
        ArrayNode events = n.putArray("events");
        (h.events().isEmpty() ? EVENTS.keySet() : h.events()).forEach(events::add);
        ObjectNode config = n.putObject("config");
        config.put("content_type", "application/json");
        config.put("url", h.url());
        n.put("created_at", h.createdAt());
        n.put("updated_at", h.createdAt());
        return n;
    }

    /**
     * The full body for one hook. {@code resourceKey}/{@code resource} may be null (PING). Key order follows the
     * recorded deliveries (issueComment after team, other resources right after sender).
     */
    static ObjectNode envelope(
            String event,
            ObjectNode sender,
            String resourceKey,
            ObjectNode resource,
            ObjectNode project,
            ObjectNode team,
            HookRegistration h) {
        String[] names = EVENTS.getOrDefault(event, new String[] {event, ""});
        ObjectNode n = obj();
        n.put("action", names[1]);
        n.put("event", event);
        n.put("eventName", names[0]);
        n.set("sender", sender);
        boolean late = "issueComment".equals(resourceKey);
        if (resource != null && !late) {
            n.set(resourceKey, resource);
        }
        n.set("project", project);
        n.set("team", team);
        if (resource != null && late) {
            n.set(resourceKey, resource);
        }
        if ("PING".equals(event)) {
            n.put("zen", "Coding! 让开发更简单");
        }
        n.set("hook", hook(h));
        n.put("hook_id", h.id());
        return n;
    }
}
