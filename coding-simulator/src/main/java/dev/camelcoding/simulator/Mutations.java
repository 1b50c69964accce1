package dev.camelcoding.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Changes the simulated data the way CODING users would, moving UpdatedAt with the configured clock, and sends the
 * matching Service Hook deliveries. The change and the payload are made under the write lock (the payload shows the
 * state right after the change); the deliveries are sent after the lock is released, so a receiver may call the Open
 * API back while it handles a delivery.
 */
final class Mutations {

    private static final Set<String> ITERATION_STATUSES = Set.of("WAIT_PROCESS", "PROCESSING", "COMPLETED");

    /** A prepared delivery: event plus the resource under its payload key (null resource for none). */
    private record Pending(
            String event,
            String resourceKey,
            ObjectNode resource,
            ObjectNode sender,
            ObjectNode project,
            ObjectNode team) {}

    private final SimulatorData d;
    private final ServiceHooks hooks;
    private final HookPayloads payloads;

    Mutations(SimulatorData d, ServiceHooks hooks) {
        this.d = d;
        this.hooks = hooks;
        this.payloads = new HookPayloads(d);
    }

    private long now() {
        return d.config.now();
    }

    private Pending pending(String event, String key, java.util.function.Supplier<ObjectNode> resource) {
        if (!hooks.any(d.project.id(), event)) {
            return null;
        }
        return new Pending(
                event,
                key,
                resource.get(),
                payloads.user(d.user(d.currentUserId), true),
                payloads.project(),
                payloads.team());
    }

    private List<HookDelivery> deliver(List<Pending> pending) {
        List<HookDelivery> out = new ArrayList<>();
        for (Pending p : pending) {
            if (p != null) {
                out.addAll(hooks.fire(
                        d.project.id(),
                        p.event(),
                        false,
                        h -> bytes(HookPayloads.envelope(
                                p.event(), p.sender(), p.resourceKey(), p.resource(), p.project(), p.team(), h))));
            }
        }
        return out;
    }

    static byte[] bytes(ObjectNode n) {
        try {
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    HookDelivery ping() {
        if (hooks.registrations(d.project.id()).isEmpty()) {
            throw new IllegalStateException("no hook registered");
        }
        return ping(hooks.registrations(d.project.id())).get(0);
    }

    /** Sends PING to the given hooks of this project (the "test" button, PingServiceHook). */
    List<HookDelivery> ping(List<HookRegistration> to) {
        ObjectNode[] parts = d.read(() ->
                new ObjectNode[] {payloads.user(d.user(d.currentUserId), true), payloads.project(), payloads.team()});
        return hooks.fireTo(
                to, "PING", h -> bytes(HookPayloads.envelope("PING", parts[0], null, null, parts[1], parts[2], h)));
    }

    // ----------------------------------------------------------------------------------------------- issues

    int createIssue(String type, String name, Consumer<IssueEdit> details) {
        Objects.requireNonNull(name, "name");
        String t = type.toUpperCase(Locale.ROOT);
        Catalog.IssueTypeDef typeDef = d.catalog.type(t);
        IssueEdit edit = new IssueEdit(null);
        edit.name(name);
        if (details != null) {
            details.accept(edit);
        }
        int[] code = new int[1];
        Pending p = d.write(() -> {
            long now = now();
            IssueRecord i = new IssueRecord(d.maxCode + 1, typeDef, false, d.currentUserId, now);
            i.status = d.catalog.workflow(t).get(0);
            i.priority = 1;
            i.descriptionOverride = "";
            i.watcherIds = new long[] {d.currentUserId};
            if ("SUB_TASK".equals(t) && (edit.parentCode == null || edit.parentCode == 0)) {
                throw new IllegalArgumentException(
                        "a SUB_TASK needs a parent: createIssue(\"SUB_TASK\", name, " + "e -> e.parent(code))");
            }
            apply(i, edit, now);
            d.putIssue(i);
            code[0] = i.code;
            return pending("ISSUE_CREATED", "issue", () -> payloads.issue(i));
        });
        deliver(Arrays.asList(p));
        return code[0];
    }

    void updateIssue(int code, Consumer<IssueEdit> change) {
        IssueSnapshot before = d.issue(code).orElseThrow(() -> new IllegalArgumentException("no issue " + code));
        IssueEdit edit = new IssueEdit(before);
        change.accept(edit);
        Pending p = d.write(() -> {
            IssueRecord i = d.issueOrNull(code);
            if (i == null) {
                throw new IllegalArgumentException("no issue " + code);
            }
            IssueSnapshot old = d.snapshot(i);
            long now = now();
            apply(i, edit, now);
            IssueSnapshot updated = d.snapshot(i);
            String event = eventFor(old, updated);
            if (event == null) {
                return null;
            }
            i.updatedAt = Math.max(now, i.createdAt);
            return pending(event, "issue", () -> payloads.issue(i));
        });
        deliver(Arrays.asList(p));
    }

    /** The most specific event for a change, null when nothing changed. */
    private static String eventFor(IssueSnapshot a, IssueSnapshot b) {
        boolean status = a.statusId() != b.statusId();
        boolean assignee = a.assigneeId() != b.assigneeId();
        boolean iteration = a.iterationCode() != b.iterationCode();
        IssueSnapshot bWithout = new IssueSnapshot(
                b.code(),
                b.type(),
                b.issueTypeId(),
                b.name(),
                b.description(),
                a.statusId(),
                a.statusName(),
                a.statusType(),
                b.priority(),
                a.assigneeId(),
                b.creatorId(),
                a.iterationCode(),
                b.parentCode(),
                b.epicCode(),
                b.labelIds(),
                b.watcherIds(),
                b.createdAt(),
                a.updatedAt(),
                a.completedAt(),
                b.startDate(),
                b.dueDate(),
                b.storyPoint(),
                b.workingHours(),
                b.customFields());
        boolean other = !bWithout.equals(a);
        int specific = (status ? 1 : 0) + (assignee ? 1 : 0) + (iteration ? 1 : 0);
        if (!other && specific == 0) {
            return null;
        }
        if (!other && specific == 1) {
            return status ? "ISSUE_STATUS_UPDATED" : assignee ? "ISSUE_ASSIGNEE_CHANGED" : "ISSUE_ITERATION_CHANGED";
        }
        return "ISSUE_UPDATED";
    }

    /** Checks every value of an edit before any is applied, so a bad edit changes nothing. */
    private void validate(IssueRecord i, IssueEdit e) {
        if (e.status != null) {
            d.catalog.status(i.typeName(), e.status);
        }
        if (e.labels != null) {
            e.labels.forEach(d.catalog::label);
        }
        e.customFields.keySet().forEach(d.catalog::customField);
        if (e.storyPoint != null && !e.storyPoint.isBlank()) {
            try {
                Double.parseDouble(e.storyPoint.trim());
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("story point must be a number: " + e.storyPoint);
            }
        }
        if (e.assigneeId != null && e.assigneeId != 0 && d.user(e.assigneeId) == null) {
            throw new IllegalArgumentException("no team member " + e.assigneeId);
        }
        if (e.watcherIds != null) {
            for (long w : e.watcherIds) {
                if (d.user(w) == null) {
                    throw new IllegalArgumentException("no team member " + w);
                }
            }
        }
        if (e.iterationCode != null && e.iterationCode != 0) {
            if (!d.iterations.containsKey(e.iterationCode)) {
                throw new IllegalArgumentException("no iteration " + e.iterationCode);
            }
            if ("EPIC".equals(i.typeName())) {
                throw new IllegalArgumentException("an EPIC cannot be planned into an iteration");
            }
        }
        if (e.parentCode != null && e.parentCode != 0 && e.parentCode != i.parentCode) {
            IssueRecord parent = d.issueOrNull(e.parentCode);
            if (parent == null
                    || parent.code == i.code
                    || "SUB_TASK".equals(parent.typeName())
                    || "EPIC".equals(parent.typeName())) {
                throw new IllegalArgumentException(
                        "parent " + e.parentCode + " must be a live REQUIREMENT, " + "MISSION or DEFECT");
            }
        }
        if (e.epicCode != null && e.epicCode != 0) {
            IssueRecord epic = d.issueOrNull(e.epicCode);
            if (epic == null || !"EPIC".equals(epic.typeName())) {
                throw new IllegalArgumentException("no epic " + e.epicCode);
            }
        }
        if (e.name != null && e.name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
    }

    private void apply(IssueRecord i, IssueEdit e, long now) {
        validate(i, e);
        if (e.name != null) {
            if (e.name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            i.nameOverride = e.name;
        }
        if (e.description != null) {
            i.descriptionOverride = e.description;
        }
        if (e.status != null) {
            Catalog.StatusDef s = d.catalog.status(i.typeName(), e.status);
            if (s != i.status) {
                i.status = s;
                // CompletedAt is set when an issue enters a COMPLETED status and cleared when it leaves it.
                i.completedAt = "COMPLETED".equals(s.type()) ? Math.max(now, i.createdAt) : 0;
            }
        }
        if (e.priority != null) {
            i.priority = (byte) (int) e.priority;
        }
        if (e.assigneeId != null) {
            if (e.assigneeId != 0 && d.user(e.assigneeId) == null) {
                throw new IllegalArgumentException("no team member " + e.assigneeId);
            }
            i.assigneeId = e.assigneeId;
        }
        if (e.iterationCode != null) {
            if (e.iterationCode != 0 && !d.iterations.containsKey(e.iterationCode)) {
                throw new IllegalArgumentException("no iteration " + e.iterationCode);
            }
            if ("EPIC".equals(i.typeName()) && e.iterationCode != 0) {
                throw new IllegalArgumentException("an EPIC cannot be planned into an iteration");
            }
            i.iterationCode = e.iterationCode;
        }
        if (e.parentCode != null && e.parentCode != i.parentCode) {
            if (e.parentCode != 0) {
                IssueRecord parent = d.issueOrNull(e.parentCode);
                if (parent == null
                        || parent.code == i.code
                        || "SUB_TASK".equals(parent.typeName())
                        || "EPIC".equals(parent.typeName())) {
                    throw new IllegalArgumentException(
                            "parent " + e.parentCode + " must be a live REQUIREMENT, " + "MISSION or DEFECT");
                }
            }
            if (i.parentCode != 0) {
                List<Integer> siblings = d.children.get(i.parentCode);
                if (siblings != null) {
                    siblings.remove(Integer.valueOf(i.code));
                }
            }
            i.parentCode = e.parentCode;
            if (i.parentCode != 0 && d.issueOrNull(i.code) != null) {
                d.children
                        .computeIfAbsent(i.parentCode, k -> new ArrayList<>(2))
                        .add(i.code);
            }
        }
        if (e.epicCode != null) {
            if (e.epicCode != 0) {
                IssueRecord epic = d.issueOrNull(e.epicCode);
                if (epic == null || !"EPIC".equals(epic.typeName())) {
                    throw new IllegalArgumentException("no epic " + e.epicCode);
                }
            }
            i.epicCode = e.epicCode;
        }
        if (e.labels != null) {
            long mask = 0;
            for (String l : e.labels) {
                mask |= 1L << d.catalog.labelIndex(d.catalog.label(l).id());
            }
            i.labelMask = mask;
        }
        if (e.watcherIds != null) {
            for (long w : e.watcherIds) {
                if (d.user(w) == null) {
                    throw new IllegalArgumentException("no team member " + w);
                }
            }
            i.watcherIds = Arrays.stream(e.watcherIds).distinct().toArray();
        }
        if (e.startDate != null) {
            i.startDate = e.startDate;
        }
        if (e.dueDate != null) {
            i.dueDate = e.dueDate;
        }
        if (e.storyPoint != null) {
            i.storyPointTenths =
                    e.storyPoint.isBlank() ? -1 : (short) Math.round(Double.parseDouble(e.storyPoint.trim()) * 10);
        }
        if (e.workingHours != null) {
            i.workingHours = (float) (double) e.workingHours;
        }
        if (!e.customFields.isEmpty()) {
            String[] values = i.customOverride == null
                    ? new String[d.catalog.customFields.size()]
                    : java.util.Arrays.copyOf(i.customOverride, d.catalog.customFields.size());
            for (var entry : e.customFields.entrySet()) {
                Catalog.FieldDef f = d.catalog.customField(entry.getKey());
                values[d.catalog.customFields.indexOf(f)] = entry.getValue() == null ? "" : entry.getValue();
            }
            i.customOverride = values;
        }
    }

    /**
     * Deletes an issue. Deleting a parent deletes its sub-tasks too (CODING's UI warns it does; inferred), each with
     * its own ISSUE_DELETED delivery, sub-tasks first. Payloads show the issue as it was.
     */
    void deleteIssue(int code) {
        List<Pending> pending = d.write(() -> {
            IssueRecord i = d.issueOrNull(code);
            if (i == null) {
                throw new IllegalArgumentException("no issue " + code);
            }
            List<Pending> out = new ArrayList<>();
            for (int c : new ArrayList<>(d.childCodes(code))) {
                IssueRecord sub = d.issueOrNull(c);
                if (sub != null) {
                    out.add(pending("ISSUE_DELETED", "issue", () -> payloads.issue(sub)));
                    d.removeIssue(c);
                }
            }
            out.add(pending("ISSUE_DELETED", "issue", () -> payloads.issue(i)));
            d.removeIssue(code);
            return out;
        });
        deliver(pending);
    }

    /**
     * Adds a comment. It does not move the issue's UpdatedAt: in the real ISSUE_COMMENT_CREATED delivery the embedded
     * issue's updated_at is older than the comment's created_at.
     */
    long addComment(int issueCode, String markdown) {
        long[] id = new long[1];
        Pending p = d.write(() -> {
            IssueRecord i = d.issueOrNull(issueCode);
            if (i == null) {
                throw new IllegalArgumentException("no issue " + issueCode);
            }
            long at = d.config.clock().getAsLong();
            CommentRecord c = new CommentRecord(d.nextCommentId++, 0, issueCode, d.currentUserId, at, at, markdown);
            d.addedComments.computeIfAbsent(issueCode, k -> new ArrayList<>()).add(c);
            id[0] = c.id();
            return pending("ISSUE_COMMENT_CREATED", "issueComment", () -> payloads.comment(i, c));
        });
        deliver(Arrays.asList(p));
        return id[0];
    }

    /**
     * Edits a comment's markdown (its UpdatedAt moves, the issue's does not). CODING sends no Service Hook event for
     * comment edits (ISSUE_COMMENT_CREATED is the only comment event), so none is delivered.
     */
    void editComment(int issueCode, long commentId, String markdown) {
        d.write(() -> {
            CommentRecord c = comment(issueCode, commentId);
            d.changedComments.put(
                    commentId,
                    new CommentRecord(
                            c.id(),
                            c.parentId(),
                            c.issueCode(),
                            c.creatorId(),
                            c.createdAt(),
                            d.config.clock().getAsLong(),
                            markdown));
            return null;
        });
    }

    /** Deletes a comment; as for edits, CODING sends no event. */
    void deleteComment(int issueCode, long commentId) {
        d.write(() -> {
            comment(issueCode, commentId);
            d.changedComments.put(commentId, null);
            return null;
        });
    }

    private CommentRecord comment(int issueCode, long commentId) {
        IssueRecord i = d.issueOrNull(issueCode);
        if (i == null) {
            throw new IllegalArgumentException("no issue " + issueCode);
        }
        return d.comments(i).stream()
                .filter(c -> c.id() == commentId)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("issue " + issueCode + " has no comment " + commentId));
    }

    // ----------------------------------------------------------------------------------------------- iterations

    int createIteration(String name) {
        int[] code = new int[1];
        Pending p = d.write(() -> {
            checkUniqueName(name, 0);
            int c = d.iterations.isEmpty() ? 1 : d.iterations.lastKey() + 1;
            IterationRecord it = new IterationRecord(
                    c,
                    d.nextIterationId,
                    name,
                    "",
                    "WAIT_PROCESS",
                    CodingTime.UNSET_ITERATION_DATE,
                    CodingTime.UNSET_ITERATION_DATE,
                    0,
                    d.currentUserId,
                    now());
            d.nextIterationId += 13;
            d.iterations.put(c, it);
            code[0] = c;
            return pending("ITERATION_CREATED", "iteration", () -> payloads.iteration(it));
        });
        deliver(Arrays.asList(p));
        return code[0];
    }

    private void checkUniqueName(String name, int exceptCode) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("iteration name must not be blank");
        }
        for (IterationRecord it : d.iterations.values()) {
            if (it.code != exceptCode && it.name.equals(name)) {
                // CODING answers CreateIteration with InvalidParameterValue "Title Duplicated".
                throw new IllegalArgumentException("Title Duplicated");
            }
        }
    }

    void updateIteration(int code, Consumer<IterationEdit> change) {
        IterationSnapshot before =
                d.iteration(code).orElseThrow(() -> new IllegalArgumentException("no iteration " + code));
        IterationEdit e = new IterationEdit(before);
        change.accept(e);
        Pending p = d.write(() -> {
            IterationRecord it = d.iterations.get(code);
            if (it == null) {
                throw new IllegalArgumentException("no iteration " + code);
            }
            long now = now();
            if (e.name != null) {
                checkUniqueName(e.name, code);
                it.name = e.name;
            }
            if (e.goal != null) {
                it.goal = e.goal;
            }
            if (e.clearDates) {
                it.startAt = CodingTime.UNSET_ITERATION_DATE;
                it.endAt = CodingTime.UNSET_ITERATION_DATE;
            }
            if (e.startDate != null) {
                it.startAt = CodingTime.startOfDay(e.startDate);
            }
            if (e.endDate != null) {
                it.endAt = CodingTime.endOfDay(e.endDate);
            }
            if (e.assigneeId != null) {
                it.assigneeId = e.assigneeId;
            }
            if (e.status != null) {
                String s = e.status.toUpperCase(Locale.ROOT);
                if (!ITERATION_STATUSES.contains(s)) {
                    throw new IllegalArgumentException("iteration status must be one of " + ITERATION_STATUSES);
                }
                if (!s.equals(it.status)) {
                    it.status = s;
                    if ("PROCESSING".equals(s)) {
                        it.starterId = d.currentUserId;
                    } else if ("COMPLETED".equals(s)) {
                        it.completerId = d.currentUserId;
                    }
                }
            }
            it.updatedAt = Math.max(now, it.createdAt);
            return pending("ITERATION_UPDATED", "iteration", () -> payloads.iteration(it));
        });
        deliver(Arrays.asList(p));
    }

    /**
     * Deletes an iteration. Its issues go back to the backlog (IterationCode 0) without their UpdatedAt moving and
     * without issue deliveries (inferred: CODING documents no per-issue event for this).
     */
    void deleteIteration(int code) {
        Pending p = d.write(() -> {
            IterationRecord it = d.iterations.get(code);
            if (it == null) {
                throw new IllegalArgumentException("no iteration " + code);
            }
            Pending pending = pending("ITERATION_DELETED", "iteration", () -> payloads.iteration(it));
            d.iterations.remove(code);
            for (int c = 1; c <= d.maxCode; c++) {
                IssueRecord i = d.issues[c];
                if (i != null && i.iterationCode == code) {
                    i.iterationCode = 0;
                }
            }
            return pending;
        });
        deliver(Arrays.asList(p));
    }

    // ----------------------------------------------------------------------------------------------- members

    long addMember(String name, String roleName) {
        Catalog.RoleDef role = d.catalog.role(roleName);
        long[] id = new long[1];
        Pending p = d.write(() -> {
            long userId = d.nextUserId++;
            String ascii = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            String pinyin = ascii.isEmpty() ? "user" + userId : ascii;
            String initials = pinyin.substring(0, Math.min(3, pinyin.length()));
            UserRecord u = new UserRecord(
                    userId,
                    d.people.globalKey(userId),
                    name,
                    pinyin,
                    initials,
                    pinyin + "@" + d.team.domain() + ".example.com",
                    "",
                    "https://" + d.team.domain() + ".coding.net/static/fruit_avatar/Fruit-"
                            + (1 + Math.floorMod(userId, 20)) + ".png",
                    1,
                    now(),
                    role);
            d.users.put(userId, u);
            id[0] = userId;
            return pending("MEMBER_CREATED", "member", () -> payloads.user(u, true));
        });
        deliver(Arrays.asList(p));
        return id[0];
    }

    void changeMemberRole(long userId, String roleName) {
        Catalog.RoleDef role = d.catalog.role(roleName);
        Pending p = d.write(() -> {
            UserRecord u = projectMember(userId);
            u.projectRole = role;
            return pending("MEMBER_ROLE_UPDATED", "member", () -> payloads.user(u, true));
        });
        deliver(Arrays.asList(p));
    }

    void removeMember(long userId) {
        if (userId == d.currentUserId) {
            throw new IllegalArgumentException("the simulator's API user (the project admin) cannot be removed");
        }
        Pending p = d.write(() -> {
            UserRecord u = projectMember(userId);
            u.projectRole = null;
            return pending("MEMBER_DELETED", "member", () -> payloads.user(u, true));
        });
        deliver(Arrays.asList(p));
    }

    private UserRecord projectMember(long userId) {
        UserRecord u = d.user(userId);
        if (u == null || u.projectRole == null) {
            throw new IllegalArgumentException("no project member " + userId);
        }
        return u;
    }
}
