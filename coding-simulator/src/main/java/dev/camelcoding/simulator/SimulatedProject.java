package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One project of the simulated team, with its own issues, iterations, members, comments, issue types and fields.
 * Changes made here move only this project's data and deliver only to this project's Service Hooks.
 *
 * <pre>{@code
 * try (CodingSimulator sim = CodingSimulator.builder().addProject("mobile-app", 50).start()) {
 *     SimulatedProject mobile = sim.project("mobile-app");
 *     int code = mobile.createIssue("DEFECT", "Crash on start");   // delivered to mobile-app's hooks only
 * }
 * }</pre>
 */
public final class SimulatedProject {

    private final SimulatorData data;
    private final ServiceHooks hooks;
    private final Mutations mutations;
    private final OpenApiActions actions;

    SimulatedProject(SimulatorData data, ServiceHooks hooks) {
        this.data = data;
        this.hooks = hooks;
        this.mutations = new Mutations(data, hooks);
        this.actions = new OpenApiActions(data);
    }

    /** The project's Name (URL slug), its ProjectName in the Open API. */
    public String name() {
        return data.projectName();
    }

    /** The project's Id, its ProjectId in the Open API. */
    public long id() {
        return data.projectId();
    }

    /** Read access to this project's data, for assertions. */
    public SimulatorData data() {
        return data;
    }

    OpenApiActions actions() {
        return actions;
    }

    Mutations mutations() {
        return mutations;
    }

    // ------------------------------------------------------------------------------------------------ mutations

    /** Creates an issue (status: the type's first, priority 1 "中", creator and watcher: the API user); ISSUE_CREATED. */
    public int createIssue(String type, String name) {
        return mutations.createIssue(type, name, null);
    }

    /** Creates an issue with more details (a SUB_TASK needs {@code e.parent(code)}); ISSUE_CREATED. */
    public int createIssue(String type, String name, Consumer<IssueEdit> details) {
        return mutations.createIssue(type, name, details);
    }

    /** Changes an issue; see {@link IssueEdit} for which event fires. Throws IllegalArgumentException on bad values. */
    public void updateIssue(int code, Consumer<IssueEdit> edit) {
        mutations.updateIssue(code, edit);
    }

    /** Deletes an issue and its sub-tasks; ISSUE_DELETED for each. */
    public void deleteIssue(int code) {
        mutations.deleteIssue(code);
    }

    /** Adds a markdown comment by the API user; ISSUE_COMMENT_CREATED. The issue's UpdatedAt does not move. */
    public long addComment(int issueCode, String markdown) {
        return mutations.addComment(issueCode, markdown);
    }

    /** Edits a comment (its UpdatedAt moves, the issue's does not); CODING sends no event for it. */
    public void editComment(int issueCode, long commentId, String markdown) {
        mutations.editComment(issueCode, commentId, markdown);
    }

    /** Deletes a comment; CODING sends no event for it. */
    public void deleteComment(int issueCode, long commentId) {
        mutations.deleteComment(issueCode, commentId);
    }

    /** Creates a WAIT_PROCESS iteration without dates; ITERATION_CREATED. Duplicate names are refused. */
    public int createIteration(String name) {
        return mutations.createIteration(name);
    }

    public void updateIteration(int code, Consumer<IterationEdit> edit) {
        mutations.updateIteration(code, edit);
    }

    public void deleteIteration(int code) {
        mutations.deleteIteration(code);
    }

    /** Adds a new user to the team and this project with a role (see {@link SimulatorData#roleNames()}). */
    public long addMember(String name, String roleName) {
        return mutations.addMember(name, roleName);
    }

    public void changeMemberRole(long userId, String roleName) {
        mutations.changeMemberRole(userId, roleName);
    }

    /** Removes a user from this project (the user stays in the team); MEMBER_DELETED. */
    public void removeMember(long userId) {
        mutations.removeMember(userId);
    }

    /**
     * Adds a custom issue field to this project now, for the issue types given (none: every type); option fields get
     * the options' titles in order. Returns the new field's id.
     */
    public long addCustomField(
            String name, String componentType, List<String> optionTitles, Collection<String> issueTypes) {
        synchronized (data) {
            return data.catalog
                    .addCustomField(name, componentType, optionTitles, issueTypes, data.config.now())
                    .id();
        }
    }

    // ------------------------------------------------------------------------------------------------ hooks

    /**
     * Registers a Service Hook (WebHook, webhook_http_post) for this project, as CreateServiceHook would.
     *
     * @param secret the token CODING signs with ({@code X-Coding-Signature}); null = unsigned
     * @param events event codes; empty = all
     * @return the hook id (a UUID)
     */
    public String registerHook(String url, String secret, Collection<String> events) {
        Objects.requireNonNull(url, "url");
        ObjectNode props = Json.MAPPER.createObjectNode();
        props.put("service_url", url);
        if (secret != null && !secret.isEmpty()) {
            props.put("token", ServiceHookActions.MASK);
        }
        return hooks.add(
                        data.projectId(),
                        "web",
                        url,
                        secret,
                        events,
                        data.currentUserId(),
                        true,
                        props.toString(),
                        "{}")
                .id();
    }

    /** Sends a PING to every hook of this project (CODING's "test" button); returns the first delivery. */
    public HookDelivery ping() {
        return mutations.ping();
    }

    /** The deliveries sent for this project's hooks, oldest first. */
    public List<HookDelivery> deliveries() {
        return hooks.deliveries().stream()
                .filter(d -> d.projectId() == data.projectId())
                .toList();
    }

    @Override
    public String toString() {
        return "SimulatedProject[" + name() + " #" + id() + "]";
    }
}
