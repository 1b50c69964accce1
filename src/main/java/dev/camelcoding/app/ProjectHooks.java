package dev.camelcoding.app;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingApiException;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.client.CodingPermissionException;
import dev.camelcoding.client.NewServiceHook;
import dev.camelcoding.client.ServiceHook;
import dev.camelcoding.client.ServiceHookLogEntry;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs, reports and removes our Service Hook in each project through the Open API. A hook is ours when it posts to
 * our {@link HookTarget} URL; hooks others made are listed as such and never changed. CODING itself does not refuse a
 * second hook with the same URL, so every method looks before it acts: running one twice changes nothing twice.
 *
 * <p>Each method acts on every project of the selection ({@link HookProjects}: the one of coding.project, or those
 * coding.projects selects). A project CODING refuses (a missing permission there, a project gone) is skipped and noted
 * in {@link #refusals()} while the others are done; a refused credential is thrown at once, for the command to report.
 */
final class ProjectHooks {

    /** The Name our hooks carry: for people looking at the project's Service Hook page (ours is known by its URL). */
    static final String NAME = "coding-sync";

    /**
     * Events the sync handles that CreateServiceHook does not offer: its documented Event enum (the OpenAPI export of
     * June 2025) lacks them, though CODING's web UI lists them. A hook made here misses them; hybrid mode's backstop
     * poll finds those changes (work-log hours, an iteration's plan).
     */
    static final List<String> NOT_OFFERED = List.of("ISSUE_HOUR_RECORD_UPDATED", "ITERATION_PLANNED");

    /** The events our hooks subscribe to: those the webhook consumer maps that the Open API offers. */
    static final List<String> EVENTS = WebhookUrlCommand.EVENTS.stream()
            .filter(event -> !NOT_OFFERED.contains(event))
            .toList();

    private static final int SHOWN_RESPONSE = 80;

    private final CodingApiClient client;
    private final HookTarget target;
    private final PrintStream out;
    private final HookProjects projects;
    private final List<Refusal> refusals = new ArrayList<>();

    ProjectHooks(CodingApiClient client, HookTarget target, PrintStream out, HookProjects projects) {
        this.client = client;
        this.target = target;
        this.out = out;
        this.projects = projects;
    }

    /**
     * Creates our hook in each project that has none, subscribed to the events the webhook consumer maps, signed with
     * {@code secret}; {@code ping} then has CODING send it a PING and shows how the listener answered.
     *
     * @param secretIsNew whether {@code secret} (and maybe the path) was generated just now: a coding-sync hook to our
     *     base URL with another path is then one made on an earlier run whose values were not kept, and is not doubled
     * @return how many hooks were created, how many projects had ours already, and how many are left without a
     *     complete hook of ours (projects CODING refused are in {@link #refusals()})
     */
    Installed install(String secret, boolean secretIsNew, boolean ping) {
        int[] counts = new int[3];
        forEachProject((project, projectId) -> {
            counts[installOne(project, projectId, secret, secretIsNew, ping).ordinal()]++;
        });
        return new Installed(
                counts[InstallResult.CREATED.ordinal()],
                counts[InstallResult.PRESENT.ordinal()],
                counts[InstallResult.INCOMPLETE.ordinal()]);
    }

    /** What {@link #installOne} found or did in one project. */
    private enum InstallResult {
        CREATED,
        PRESENT,
        INCOMPLETE
    }

    private InstallResult installOne(String project, long projectId, String secret, boolean secretIsNew, boolean ping) {
        List<ServiceHook> hooks = client.serviceHooks(projectId);
        List<ServiceHook> ours = ours(hooks);
        ServiceHook hook;
        InstallResult result;
        if (!ours.isEmpty()) {
            hook = ours.get(0);
            result = InstallResult.PRESENT;
            out.println("project " + project + ": hook " + hook.id() + " already posts to " + target.masked()
                    + ": nothing created");
            if (!complete(hook)) {
                result = InstallResult.INCOMPLETE;
                out.println("  but it " + gaps(hook) + ": run 'hooks remove' then 'hooks install' to recreate it");
            }
            duplicates(ours);
        } else if (secretIsNew && hooks.stream().anyMatch(this::earlierGenerated)) {
            out.println("project " + project + ": a " + NAME + " hook to " + target.baseUrl()
                    + " exists with another path (made while coding.webhook.secret was empty): nothing created."
                    + " Set coding.webhook.path and coding.webhook.secret to the values printed when it was made,"
                    + " or delete it in CODING (Project settings > Developer options > Service Hook) and run"
                    + " install again.");
            return InstallResult.INCOMPLETE;
        } else {
            hook = client.createServiceHook(projectId, new NewServiceHook(NAME, target.url(), secret, EVENTS));
            result = InstallResult.CREATED;
            out.println("project " + project + ": created hook " + hook.id() + " posting "
                    + hook.events().size() + " events to " + target.masked());
            out.println("  not offered by the Open API: " + String.join(", ", NOT_OFFERED)
                    + " (tick them on the hook in CODING's web UI, or leave them to hybrid mode's backstop poll)");
        }
        if (ping) {
            ping(projectId, hook);
        }
        return result;
    }

    /** What {@link #install} did: hooks created, projects that had ours, projects left without a complete one. */
    record Installed(int created, int present, int incomplete) {}

    /**
     * Prints each project's hooks of ours (id, enabled, events) with their latest {@code deliveries} from
     * DescribeServiceHookLogs, and how many other hooks the project has; with several projects, a total line.
     *
     * @return how many projects have no hook of ours (projects CODING refused are in {@link #refusals()})
     */
    int status(int deliveries) {
        int[] without = {0};
        int[] with = {0};
        forEachProject((project, projectId) -> {
            List<ServiceHook> hooks = client.serviceHooks(projectId);
            List<ServiceHook> ours = ours(hooks);
            out.println("project " + project + " (id " + projectId + "):");
            if (ours.isEmpty()) {
                out.println("  no hook posts to " + target.masked() + ": run 'coding-sync hooks install'");
            }
            for (ServiceHook hook : ours) {
                out.println("  hook " + hook.id() + "  " + (hook.enabled() ? "enabled" : "DISABLED") + "  "
                        + events(hook) + "  posts to " + target.masked());
                List<ServiceHookLogEntry> log = client.serviceHookLogs(projectId, hook.id(), deliveries);
                if (log.isEmpty()) {
                    out.println("    no delivery yet");
                } else {
                    out.println("    latest deliveries, newest first:");
                    log.forEach(entry -> out.println("      " + line(entry)));
                }
            }
            others(hooks.size() - ours.size());
            (ours.isEmpty() ? without : with)[0]++;
        });
        if (projects.names().size() > 1) {
            out.println();
            out.println(projects.names().size() + " projects: " + with[0] + " with our hook, " + without[0] + " without"
                    + (refusals.isEmpty() ? "" : ", " + refusals.size() + " refused by CODING"));
        }
        return without[0];
    }

    /**
     * Deletes our hooks in each project; hooks others made are left alone.
     *
     * @return how many hooks were deleted (projects CODING refused are in {@link #refusals()})
     */
    int remove() {
        int[] removed = {0};
        forEachProject((project, projectId) -> {
            List<ServiceHook> hooks = client.serviceHooks(projectId);
            List<ServiceHook> ours = ours(hooks);
            if (ours.isEmpty()) {
                out.println("project " + project + ": no hook posts to " + target.masked() + ": nothing removed");
            }
            for (ServiceHook hook : ours) {
                client.deleteServiceHook(projectId, hook.id());
                removed[0]++;
                out.println("project " + project + ": removed hook " + hook.id());
            }
            others(hooks.size() - ours.size());
        });
        return removed[0];
    }

    /** The projects where CODING refused an action (a missing permission, a project gone), in the order met. */
    List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /** A project CODING refused: its name and the failure, which names the Action and the permission it needs. */
    record Refusal(String project, CodingApiException failure) {

        /** A missing permission (the manual steps help), rather than a project gone or unknown. */
        boolean permission() {
            return failure instanceof CodingPermissionException;
        }
    }

    /** The work of one project, given its name and id. */
    @FunctionalInterface
    private interface ProjectWork {
        void on(String project, long projectId);
    }

    /**
     * Runs {@code work} for each project. A project CODING refuses (permission, not found) is noted and skipped so
     * that the others are still done; a refused credential concerns every project and ends the loop (thrown).
     */
    private void forEachProject(ProjectWork work) {
        for (String project : projects.names()) {
            try {
                work.on(project, projectId(project));
            } catch (CodingPermissionException | CodingNotFoundException refused) {
                refusals.add(new Refusal(project, refused));
                out.println("project " + project + ": CODING refused " + refused.action() + " ("
                        + (refused instanceof CodingPermissionException ? "no permission" : "not found")
                        + "): nothing done here, see below");
            }
        }
    }

    private long projectId(String project) {
        long listed = projects.id(project);
        return listed != HookProjects.UNKNOWN
                ? listed
                : client.projectByName(project).path("Id").asLong();
    }

    private List<ServiceHook> ours(List<ServiceHook> hooks) {
        List<ServiceHook> ours = new ArrayList<>();
        for (ServiceHook hook : hooks) {
            if (target.isOurs(hook.serviceUrl())) {
                ours.add(hook);
            }
        }
        return ours;
    }

    private boolean earlierGenerated(ServiceHook hook) {
        return NAME.equals(hook.name()) && target.sameBase(hook.serviceUrl());
    }

    private static boolean complete(ServiceHook hook) {
        return hook.enabled() && hook.events().containsAll(EVENTS);
    }

    private static String gaps(ServiceHook hook) {
        List<String> missing = new ArrayList<>(EVENTS);
        missing.removeAll(hook.events());
        if (!hook.enabled()) {
            return missing.isEmpty() ? "is disabled" : "is disabled and lacks " + String.join(", ", missing);
        }
        return "lacks " + String.join(", ", missing);
    }

    private void duplicates(List<ServiceHook> ours) {
        if (ours.size() > 1) {
            out.println("  " + (ours.size() - 1) + " more hook(s) post to the same URL: each change is delivered once"
                    + " per hook; 'hooks remove' deletes them all");
        }
    }

    private void others(int count) {
        if (count > 0) {
            out.println("  " + count + " other hook" + (count == 1 ? "" : "s") + " of this project (not ours): left"
                    + " alone");
        }
    }

    private void ping(long projectId, ServiceHook hook) {
        client.pingServiceHook(projectId, hook.id());
        // CODING answers the ping before or after it is delivered (the contract does not say): read the log once
        List<ServiceHookLogEntry> latest = client.serviceHookLogs(projectId, hook.id(), 1);
        if (!latest.isEmpty() && "PING".equals(latest.get(0).event())) {
            out.println("  ping: " + line(latest.get(0)));
        } else {
            out.println("  ping sent; not in the hook's log yet: 'coding-sync hooks status' shows how it went");
        }
    }

    private static String events(ServiceHook hook) {
        long handled = EVENTS.stream().filter(hook.events()::contains).count();
        return hook.events().size() + " events (" + handled + " of the " + EVENTS.size() + " the sync subscribes to)";
    }

    /** One delivery: when, which event, and the HTTP status (or why there was none). */
    static String line(ServiceHookLogEntry entry) {
        String when = Instant.ofEpochMilli(entry.sentAt())
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String result = entry.responseStatus() > 0
                ? "HTTP " + entry.responseStatus() + (entry.succeeded() ? "" : " (failed)")
                : "no answer: " + shortened(entry.responseBody());
        return when + "  " + entry.event() + "  " + result;
    }

    private static String shortened(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= SHOWN_RESPONSE ? oneLine : oneLine.substring(0, SHOWN_RESPONSE) + "…";
    }
}
