package dev.camelcoding.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.client.CallPriority;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.client.RateLimiters;
import dev.camelcoding.component.CodingSchemaEndpoint;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.IdlePollSchedule;
import dev.camelcoding.component.IterationStrategy;
import dev.camelcoding.component.ProjectLastChanges;
import dev.camelcoding.component.polling.CommentSettings;
import dev.camelcoding.component.polling.PollContext;
import dev.camelcoding.component.polling.SharedAnswers;
import dev.camelcoding.component.polling.StateStore;
import dev.camelcoding.component.polling.TablePoller;
import dev.camelcoding.component.polling.TablePollers;
import dev.camelcoding.component.schema.ReferenceAnswers;
import dev.camelcoding.component.schema.ReferenceReads;
import dev.camelcoding.component.schema.RefreshSchedule;
import dev.camelcoding.component.schema.SchemaCatalog;
import dev.camelcoding.component.schema.SchemaDiscovery;
import dev.camelcoding.component.team.ProjectIds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * The routes a team sync runs for one project, as {@code routes/coding-sources.camel.yaml} makes them at the
 * application's defaults (comments left out), each as a {@link SimulatedTime} job: the product's own pollers
 * ({@link TablePollers}), clients ({@link CodingApiClient} with the project as its budget source, on one shared
 * {@link RateLimiters}), idle schedule ({@link IdlePollSchedule}) and schema reading ({@link SchemaDiscovery} on
 * the {@link RefreshSchedule} of {@code coding:schema}).
 *
 * <p>What is modelled and not run: Camel's scheduler tick. A {@code ScheduledPollConsumer} with a fixed delay ticks
 * {@code delay} after its last poll ended (the first tick {@code initialDelay}, 1 s, after the start);
 * {@code CodingPollingConsumer} skips a tick its idle schedule says is not due, and records each poll's start and
 * what it emitted. The job below does the same, on the simulated clock. The schema route's Quartz trigger is its
 * cron's next time ({@link RefreshSchedule#next}).
 */
final class TeamRoutes {

    /** The tables a project's routes read, with the delay of their scheduler (application.properties defaults). */
    enum Route {
        ISSUES(CodingTable.ISSUES, Duration.ofMinutes(1), true),
        ITERATIONS(CodingTable.ITERATIONS, Duration.ofMinutes(1), true),
        MEMBERS(CodingTable.PROJECT_MEMBERS, Duration.ofMinutes(1), true),
        ISSUE_TYPES(CodingTable.ISSUE_TYPES, Duration.ofMinutes(10), false),
        ISSUE_STATUSES(CodingTable.ISSUE_STATUSES, Duration.ofMinutes(10), false),
        ISSUE_FIELDS(CodingTable.ISSUE_FIELDS, Duration.ofMinutes(10), false);

        final CodingTable table;
        final Duration delay;
        /** a table with Service Hook events: in hybrid mode its poll is the backstop, every backstopInterval */
        final boolean hooked;

        Route(CodingTable table, Duration delay, boolean hooked) {
            this.table = table;
            this.delay = delay;
            this.hooked = hooked;
        }
    }

    static final Duration IDLE_AFTER = Duration.ofHours(1);
    static final Duration MAX_IDLE_DELAY = Duration.ofMinutes(15);
    static final Duration BACKSTOP = Duration.ofMinutes(10);
    static final long INITIAL_DELAY_MS = 1_000;

    /**
     * The schema's schedule of {@code project} as {@code coding:schema} makes it at the application's defaults
     * (coding.schema.refresh-time 02:00, time-zone Asia/Shanghai, refresh-cron empty: every hour at the project's own
     * second of the hour, {@link RefreshSchedule#hourlyCron}).
     */
    static RefreshSchedule schemaSchedule(String team, String project) {
        return new RefreshSchedule(
                true,
                RefreshSchedule.DEFAULT_THRESHOLD,
                LocalTime.of(2, 0),
                ZoneId.of("Asia/Shanghai"),
                RefreshSchedule.hourlyCron("", team, project));
    }

    /** Per route, the schedule in force (replaced when the "process" restarts in another mode). */
    private final ConcurrentHashMap<String, IdlePollSchedule> schedules = new ConcurrentHashMap<>();
    /** Each project's last change, as the component keeps it (one per component: one for the whole team). */
    private final ProjectLastChanges lastChanges = new ProjectLastChanges();

    private final SimulatedTime time;
    private final RateLimiters limiters;
    private final String apiUrl;
    private final CodingCredentials credentials;
    private final String team;
    private final double rate;
    private final TeamSink sink;
    /** Told of every call: (route kind, action). */
    private final BiConsumer<String, String> calls;

    private final MemoryStateRepository repository = new MemoryStateRepository();
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<CodingApiClient> clients = new ArrayList<>();
    /** CodingComponent.referenceAnswers: the schema's and the reference tables' shared answers, on this clock */
    private final ReferenceAnswers referenceAnswers;
    /** CodingComponent.projectIds: filled by the project list (ProjectRoutes), read by the members tables */
    private final ProjectIds projectIds = new ProjectIds();

    private volatile boolean hybrid;
    /** projects whose first schema read is done */
    private final AtomicLong schemasRead = new AtomicLong();

    TeamRoutes(
            SimulatedTime time,
            String apiUrl,
            CodingCredentials credentials,
            String team,
            double rate,
            TeamSink sink,
            BiConsumer<String, String> calls) {
        this.time = time;
        this.limiters = new RateLimiters(time::limiter);
        this.apiUrl = apiUrl;
        this.credentials = credentials;
        this.team = team;
        this.rate = rate;
        this.sink = sink;
        this.calls = calls;
        this.referenceAnswers = new ReferenceAnswers(time::millis);
        // a reader joining another's reference call waits for that call, which waits at the limiter
        time.alsoWaiting(referenceAnswers::waitingReaders);
    }

    /** The ids the team's project list showed, as the component keeps them (ProjectSelection.visibleProjects fills). */
    ProjectIds projectIds() {
        return projectIds;
    }

    /**
     * A client as the component makes it: {@code EndpointClient} and {@code CodingSchemaEndpoint} name the budget
     * source team/project; the project list's ({@code ProjectRoutes}) names none.
     */
    CodingApiClient client(String kind, String budgetSource, CallPriority priority) {
        CodingClientOptions options = CodingClientOptions.builder()
                .apiUrl(apiUrl)
                .credentials(credentials)
                .requestsPerSecond(rate)
                .budgetSource(budgetSource)
                .callPriority(priority)
                .callObserver((action, result) -> calls.accept(kind, action))
                .build();
        CodingApiClient client = new CodingApiClient(options, limiters);
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** Schedules the routes of {@code project}, started at {@code now}. */
    void start(String project, long now) {
        for (Route route : Route.values()) {
            // EndpointClient: the project as the budget source, the table's priority (the reference tables' REFERENCE)
            CodingApiClient client =
                    client(route.table.uriName(), team + "/" + project, route.table.callPriority(CallPriority.POLL));
            PollContext ctx = new PollContext(
                    client,
                    team,
                    project,
                    route.table.uriName(),
                    500,
                    "ALL",
                    List.of(),
                    "beginning",
                    Duration.ofMinutes(5),
                    Duration.ofHours(1),
                    false,
                    new StateStore(repository, project + "/" + route.table.uriName(), mapper),
                    sink.emitter(project),
                    time::millis,
                    null);
            // CodingPollingConsumer: the component's shared answers, reused while younger than the route's delay
            TablePoller poller = TablePollers.create(
                    route.table,
                    ctx,
                    IterationStrategy.overwrite,
                    null,
                    CommentSettings.DEFAULTS,
                    new SharedAnswers(referenceAnswers, route.delay, projectIds));
            String id = route.table.uriName() + "@" + project;
            schedules.put(id, schedule(route, now));
            time.schedule(id, now + INITIAL_DELAY_MS, tick -> {
                long delay = delay(route);
                IdlePollSchedule schedule = schedules.get(id);
                if (!schedule.due(tick)) {
                    return tick + delay; // CodingPollingConsumer.isPollAllowed: a tick not due makes no call
                }
                int emitted = poller.poll();
                while (poller.moreWork()) {
                    emitted += poller.poll();
                }
                // as CodingPollingConsumer records it: first what CODING says of the project's last change. CODING's
                // clock here is the simulated one: the simulator stamps UpdatedAt with it, while its HTTP Date header
                // (ServerClock's source in the product) is the JDK server's wall clock, which cannot follow it
                lastChanges.tell(schedule, team, project, poller, OptionalLong.of(time.millis()), time.millis());
                schedule.polled(tick, emitted, poller);
                return time.millis() + delay;
            });
        }
        // CodingSchemaEndpoint.schemaClientOptions: the project as the source, at the schema's priority
        CodingApiClient schemaClient = client("schema", team + "/" + project, CodingSchemaEndpoint.CALL_PRIORITY);
        java.util.concurrent.atomic.AtomicBoolean read = new java.util.concurrent.atomic.AtomicBoolean();
        RefreshSchedule schemaSchedule = schemaSchedule(team, project);
        // CodingSchemaConsumer: one reader for the consumer's life, through the component's answers
        ReferenceReads schemaReads =
                new ReferenceReads(schemaClient, team, project, referenceAnswers, SchemaDiscovery.REUSE_WITHIN);
        time.schedule("schema@" + project, now, tick -> {
            boolean first = read.compareAndSet(false, true);
            SchemaCatalog catalog = new SchemaDiscovery(
                            schemaReads, team, project, () -> Instant.ofEpochMilli(time.millis()))
                    .discover();
            if (first) {
                schemasRead.incrementAndGet();
            }
            return schemaSchedule
                    .next(catalog.modelCount(), Instant.ofEpochMilli(time.millis()))
                    .map(Instant::toEpochMilli)
                    .orElse(Long.MAX_VALUE);
        });
    }

    /** How many projects' schemas were read once. */
    long schemasRead() {
        return schemasRead.get();
    }

    /**
     * The process restarts in hybrid mode (or back in polling): the hooked tables' polls become backstops every
     * {@code backstopInterval}; every schedule starts afresh, as a new consumer's does.
     */
    void restart(boolean hybrid, long now) {
        this.hybrid = hybrid;
        for (String id : List.copyOf(schedules.keySet())) {
            Route route = routeOf(id);
            schedules.put(id, schedule(route, now));
        }
    }

    private Route routeOf(String id) {
        String table = id.substring(0, id.indexOf('@'));
        for (Route route : Route.values()) {
            if (route.table.uriName().equals(table)) {
                return route;
            }
        }
        throw new IllegalArgumentException(id);
    }

    private long delay(Route route) {
        return (hybrid && route.hooked ? BACKSTOP : route.delay).toMillis();
    }

    private IdlePollSchedule schedule(Route route, long now) {
        return new IdlePollSchedule(Duration.ofMillis(delay(route)), IDLE_AFTER, MAX_IDLE_DELAY, now);
    }

    void close() {
        synchronized (clients) {
            clients.forEach(CodingApiClient::close);
        }
    }
}
