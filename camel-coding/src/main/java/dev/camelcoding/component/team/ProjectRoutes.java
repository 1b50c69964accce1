package dev.camelcoding.component.team;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingApiException;
import dev.camelcoding.client.CodingAuthenticationException;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.client.CodingPermissionException;
import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.component.PermanentFailureListener;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.model.Model;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the per-project source routes from the route templates of routes/coding-sources.camel.yaml (every template
 * with a {@code project} parameter), one route per selected project and template, once the CamelContext has started.
 * Declared as a bean in that file, so {@code camel run routes/} does the same as {@code ./coding-sync run}.
 *
 * <p>One project ({@code coding.project}): the routes keep the ids they always had ({@code coding-issues}, ...), so
 * the change log consumers keep their offsets, and no DescribeCodingProjects call is made. A team selection
 * ({@code coding.projects}, see {@link ProjectSelection}): route ids {@code coding-issues@<project>}; the project list
 * is read on start and refreshed every {@code refreshInterval} and on demand ({@link #refresh()}, also a JMX
 * operation, and {@code coding-sync projects --refresh} through the store: {@link ProjectListRefreshRequests}): a
 * project newly selected starts its routes (its backfill); a project no longer listed, or one whose routes CODING
 * refuses for good (permission, unknown project), has its routes stopped and removed, with one line, while the other
 * projects keep syncing. Its rows stay in the sink; {@link ProjectSyncMarks}, when the sink has one, records that it
 * is no longer synced and since when. A stopped project is not given up: each refresh starts a project listed again,
 * and asks CODING once ({@link ProjectAccessProbe}) whether it answers a refused project's table again, starting it
 * when it does (one line when it comes back), so neither needs a restart.
 */
@ManagedResource(description = "The CODING projects this sync selects, and their routes")
public class ProjectRoutes implements CamelContextAware, ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectRoutes.class);
    /** The suffix of a per-project template's id: the route id is the template id without it. */
    static final String TEMPLATE_SUFFIX = "-template";
    /** The template parameter a per-project template takes: the project's URL name. */
    static final String PROJECT_PARAMETER = "project";

    private CamelContext camel;
    private String project = "";
    private String projects = "";
    private String exclude = "";
    private String refreshInterval = "10m";

    private ProjectSelection selection;
    private CodingComponent component;
    private ProjectSyncMarks marks;
    private ScheduledExecutorService worker;
    /** Where {@code coding-sync projects --refresh} asks; only the worker thread reads it after the start. */
    private ProjectListRefreshRequests refreshRequests;
    /** The number of the last refresh request this run answered (or found already made when it started). */
    private volatile long answeredRequest;
    /**
     * The route ids of each project that runs. Read without the lock: a poll thread asks it while a refresh holding
     * the lock waits for that poll to end (stopping a route).
     */
    private final Map<String, List<String>> running = new ConcurrentHashMap<>();
    /** Projects stopped (no longer listed, or refused), with why; each refresh checks whether they are back. */
    private final Map<String, Stop> stopped = new ConcurrentHashMap<>();

    /**
     * Why a project stopped: {@code refusedTable} is the table CODING refused (null when the project left the list),
     * the one a refresh asks again.
     */
    private record Stop(String reason, String refusedTable) {
        boolean refused() {
            return refusedTable != null;
        }
    }

    private final PermanentFailureListener failureListener = this::refused;

    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (this.camel == camelContext) {
            return; // told twice (the registry's bind, then Camel's bean post-processing): listen once
        }
        this.camel = camelContext;
        try {
            camelContext.addStartupListener(this);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen for the CamelContext's start", e);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the routes are made once everything has started (onCamelContextFullyStarted)
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        if (!context.isAutoStartup()) {
            return; // started without consuming (test, replay, schema...): no source route, no call to CODING
        }
        start();
    }

    private synchronized void start() throws Exception {
        if (selection != null) {
            return; // the routes are made once
        }
        selection = ProjectSelection.of(project, projects, exclude);
        component = camel.getComponent("coding", CodingComponent.class);
        if (!selection.isTeam()) {
            String one =
                    selection.project().isEmpty() ? component.getConfiguration().getProjectName() : selection.project();
            addRoutes(one, false);
            return;
        }
        marks = camel.getRegistry().findSingleByType(ProjectSyncMarks.class);
        component.addPermanentFailureListener(failureListener);
        // before the first route starts: a refusal may come from a poll while the others are still being made
        worker = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "CodingProjectRoutes");
        List<String> selected = selection.resolve(visibleProjects());
        LOG.info(
                "Syncing {} project{} of team {} ({}): {}",
                selected.size(),
                selected.size() == 1 ? "" : "s",
                team(),
                selection.describe(),
                String.join(", ", selected));
        // every selected project's deliveries wait (503) for its routes, which start one project after the other
        selected.forEach(component.webhookListeners()::select);
        for (String p : selected) {
            startProject(p);
        }
        long every = TimeUtils.toMilliSeconds(refreshInterval);
        if (every > 0) {
            worker.scheduleWithFixedDelay(this::scheduledRefresh, every, every, TimeUnit.MILLISECONDS);
        }
        // on demand from the command line: the list was just read, so a request made before this start is answered
        refreshRequests = new ProjectListRefreshRequests(component.stateRepository(), team());
        answeredRequest =
                refreshRequests.current().map(ProjectListRefresh::number).orElse(0L);
        long check = ProjectListRefreshRequests.CHECK_EVERY.toMillis();
        worker.scheduleWithFixedDelay(this::answerRefreshRequest, check, check, TimeUnit.MILLISECONDS);
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                shutdown();
            }
        });
    }

    /**
     * Reads the project list now and applies it: newly selected projects start, projects no longer listed stop.
     *
     * @return the projects that run after the refresh
     */
    @ManagedOperation(description = "Read the team's project list now: start new projects, stop those gone")
    public synchronized List<String> refresh() throws Exception {
        if (selection == null || !selection.isTeam()) {
            return runningProjects();
        }
        List<String> selected = selection.match(visibleProjects());
        for (String gone : List.copyOf(running.keySet())) {
            if (!selected.contains(gone)) {
                stopProject(
                        gone,
                        new Stop(
                                "no longer listed to the credential (removed from the team, or access to it lost)",
                                null));
            }
        }
        for (String p : selected) {
            if (running.containsKey(p)) {
                continue;
            }
            Stop stop = stopped.get(p);
            if (stop == null) {
                LOG.info(
                        "Project {}: newly selected ({}), starting its sync from the beginning",
                        p,
                        selection.describe());
                startProject(p);
            } else if (!stop.refused()) {
                stopped.remove(p);
                LOG.info("Project {}: listed to the credential again, syncing again from where it stopped", p);
                startProject(p);
            } else if (answersAgain(p, stop.refusedTable())) {
                stopped.remove(p);
                LOG.info(
                        "Project {}: CODING answers its {} again (access restored), syncing again from where it stopped",
                        p,
                        stop.refusedTable());
                startProject(p);
            }
        }
        return runningProjects();
    }

    /**
     * One call: whether CODING answers the table it refused for {@code p}. Still refused, or not reachable now: the
     * project stays stopped, without a line (it said so when it stopped), and the next refresh asks again.
     */
    private boolean answersAgain(String p, String table) {
        try (CodingApiClient client =
                new CodingApiClient(component.getConfiguration().clientOptions(), component.rateLimiters())) {
            ProjectAccessProbe.check(client, p, table);
            return true;
        } catch (RuntimeException stillRefused) {
            LOG.debug("Project {}: CODING still refuses {}: {}", p, table, stillRefused.getMessage());
            return false;
        }
    }

    /**
     * Refreshes once for each new {@code coding-sync projects --refresh} request found in the store, and records the
     * answer there (what {@code --wait} prints). A refresh that fails is not retried for that request: the scheduled
     * refresh, or the next request, tries again.
     */
    private void answerRefreshRequest() {
        Optional<ProjectListRefresh> asked;
        try {
            asked = refreshRequests.current();
        } catch (RuntimeException storeDown) {
            // every 2 s: a store outage is told by the routes that write to it, not once per look here
            LOG.debug("Could not look for a project list refresh request: {}", storeDown.getMessage());
            return;
        }
        if (asked.isEmpty() || asked.get().number() <= answeredRequest) {
            return;
        }
        answeredRequest = asked.get().number();
        try {
            List<String> before = runningProjects();
            List<String> after = refresh();
            List<String> started =
                    after.stream().filter(p -> !before.contains(p)).toList();
            LOG.info(
                    "Project list of team {} read on request (coding-sync projects --refresh): {} project{} syncing{}",
                    team(),
                    after.size(),
                    after.size() == 1 ? "" : "s",
                    started.isEmpty() ? "" : ", started " + String.join(", ", started));
            refreshRequests.answer(asked.get(), System.currentTimeMillis(), after.size(), started);
        } catch (Exception e) {
            LOG.warn(
                    "Could not answer the project list refresh request of team {} ({}); the scheduled refresh or the"
                            + " next request tries again",
                    team(),
                    e.getMessage());
        }
    }

    private void scheduledRefresh() {
        try {
            refresh();
        } catch (Exception e) {
            // the next refresh tries again; the running projects keep syncing meanwhile
            LOG.warn(
                    "Could not refresh the project list of team {} ({}); trying again in {}",
                    team(),
                    e.getMessage(),
                    refreshInterval);
        }
    }

    /** The projects whose routes run. */
    @ManagedOperation(description = "The projects whose routes run")
    public List<String> runningProjects() {
        return List.copyOf(new TreeSet<>(running.keySet()));
    }

    /** The projects this sync stopped (no longer listed, or refused by CODING), with the reason. */
    public Map<String, String> stoppedProjects() {
        Map<String, String> reasons = new TreeMap<>();
        stopped.forEach((p, stop) -> reasons.put(p, stop.reason()));
        return Map.copyOf(reasons);
    }

    /** The route ids of a running project (empty when it does not run). */
    public List<String> routeIds(String projectName) {
        return List.copyOf(running.getOrDefault(projectName, List.of()));
    }

    /** Whether this is a team selection (coding.projects). */
    public boolean isTeam() {
        return selection != null && selection.isTeam();
    }

    private void startProject(String p) throws Exception {
        component.webhookListeners().select(p);
        addRoutes(p, true);
        mark(() -> marks.syncing(team(), p, System.currentTimeMillis()));
    }

    /** One route per per-project template, for {@code p}; team routes say the project in their id. */
    private void addRoutes(String p, boolean team) throws Exception {
        // listed before its first route starts, so that a refusal from that route's first poll finds the project
        List<String> ids = new CopyOnWriteArrayList<>();
        running.put(p, ids);
        for (String template : templates()) {
            String base = template.substring(0, template.length() - TEMPLATE_SUFFIX.length());
            String routeId = team ? base + "@" + p : base;
            camel.addRouteFromTemplate(routeId, template, Map.of(PROJECT_PARAMETER, p));
            if (team && camel.getRouteController().getRouteStatus(routeId) != ServiceStatus.Started) {
                // a table coding.tables leaves out: a team sync keeps no stopped route per project for it
                camel.removeRoute(routeId);
                continue;
            }
            ids.add(routeId);
        }
    }

    /** The ids of the per-project templates: those named {@code ...-template} that take a {@code project}. */
    private List<String> templates() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class) == null
                ? List.of()
                : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteTemplateDefinitions().stream()
                        .filter(t -> t.getId().endsWith(TEMPLATE_SUFFIX))
                        .filter(t -> t.getTemplateParameters().stream()
                                .anyMatch(param -> PROJECT_PARAMETER.equals(param.getName())))
                        .map(t -> t.getId())
                        .toList();
    }

    private synchronized void stopProject(String p, Stop stop) throws Exception {
        List<String> ids = running.remove(p);
        if (ids == null) {
            return;
        }
        stopped.putIfAbsent(p, stop);
        String reason = stopped.get(p).reason();
        // no longer synced: a delivery left in its hooks is acknowledged (202) as for any project not synced here
        component.webhookListeners().deselect(p);
        LOG.warn(
                "Project {}: stopped syncing, {}; the other projects keep syncing, its rows stay in the sink{}",
                p,
                reason,
                marks == null ? "" : " (marked in coding_project_sync)");
        for (String id : ids) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        }
        mark(() -> marks.stopped(team(), p, reason, System.currentTimeMillis()));
    }

    /** Records a project's state in the sink, when it keeps one; a sink that cannot does not stop the sync. */
    private void mark(Runnable write) {
        if (marks == null) {
            return;
        }
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    /**
     * A consumer of a selected project stopped on a permanent failure: that project's routes stop (on the worker: a
     * poll thread cannot stop its own route), with one line for the project. A refused credential concerns every
     * project: it is left to the consumer's own line and the application.
     */
    private boolean refused(String team, String projectName, String table, CodingApiException failure) {
        if (projectName == null
                || failure instanceof CodingAuthenticationException
                || !running.containsKey(projectName) && !stopped.containsKey(projectName)) {
            return false;
        }
        Stop stop = new Stop("CODING refused " + table + " (" + kind(failure) + "): " + failure.getMessage(), table);
        // noted at once (the application asks before the worker has stopped anything), said once per project
        if (stopped.putIfAbsent(projectName, stop) != null || worker == null) {
            return true;
        }
        worker.execute(() -> {
            try {
                stopProject(projectName, stop);
            } catch (Exception e) {
                LOG.warn("Project {}: could not stop its routes: {}", projectName, e.getMessage());
            }
        });
        return true;
    }

    private static String kind(CodingApiException failure) {
        return failure instanceof CodingPermissionException
                ? "permission"
                : failure instanceof CodingNotFoundException ? "not found" : "refused";
    }

    private List<String> visibleProjects() {
        try (CodingApiClient client =
                new CodingApiClient(component.getConfiguration().clientOptions(), component.rateLimiters())) {
            return ProjectSelection.visibleProjects(client, ProjectSelection.PAGE_SIZE, component.projectIds());
        }
    }

    private String team() {
        return component.getConfiguration().getTeamName();
    }

    private void shutdown() {
        if (component != null) {
            component.removePermanentFailureListener(failureListener);
        }
        if (worker != null) {
            camel.getExecutorServiceManager().shutdownNow(worker);
            worker = null;
        }
    }

    public String getProject() {
        return project;
    }

    /** coding.project: the one project of a one-project sync (empty for a team selection). */
    public void setProject(String project) {
        this.project = project == null ? "" : project;
    }

    public String getProjects() {
        return projects;
    }

    /** coding.projects: {@code *} or a comma list of project names and globs. */
    public void setProjects(String projects) {
        this.projects = projects == null ? "" : projects;
    }

    public String getExclude() {
        return exclude;
    }

    /** coding.projects.exclude: names and globs taken out of coding.projects. */
    public void setExclude(String exclude) {
        this.exclude = exclude == null ? "" : exclude;
    }

    public String getRefreshInterval() {
        return refreshInterval;
    }

    /** How often the project list is read again (a duration: 10m, 1h; 0: on start and on demand only). */
    public void setRefreshInterval(String refreshInterval) {
        this.refreshInterval = refreshInterval;
    }
}
