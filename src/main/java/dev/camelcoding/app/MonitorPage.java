package dev.camelcoding.app;

import dev.camelcoding.component.CodingEndpoint;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.status.StoredSource;
import dev.camelcoding.component.status.SyncPhase;
import dev.camelcoding.component.status.TableStatus;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StoreStateRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;

/**
 * The monitoring page on the observe server (Camel Main's management server, {@code coding.observe.*}):
 * {@value #PAGE} serves a page (HTML, CSS and a small script from the jar: nothing from elsewhere) that fetches
 * {@value #JSON} every {@code 2 s} and draws it. The JSON is {@link PageFigures}: the {@link StatusReport} that
 * {@code status --json} prints, read through the same {@link StatusReports} from each endpoint's state, plus the live
 * rates ({@link LiveRates}). Every project with sources in the store is shown (the sources of this process from their
 * endpoints, the others as the store holds them), each with its total and the team's. The figures, and their JSON,
 * are taken once a second on a thread of their own while someone watches ({@link WatchedSnapshots}: a request in the
 * last {@value #WATCH_MILLIS} ms) and every request gets the last ones, so a page left open, or a script polling it,
 * costs the sync one report a second however often it asks, and a sync nobody watches reads nothing for the page. The
 * same report feeds the gauges the alert rules use: {@code coding_source_down}, {@code coding_source_behind_seconds}
 * (tagged with project and table), {@code coding_dead_letters} (a scrape takes the figures when the last are older
 * than {@value #MAX_AGE_MILLIS} ms).
 */
final class MonitorPage implements AutoCloseable {

    static final String PAGE = "/observe/page";
    static final String JSON = PAGE + "/status.json";
    /** How long after a request to the JSON the figures go on being taken each second (the page asks every 2 s). */
    static final long WATCH_MILLIS = 5_000;
    /** The oldest figures a request is answered with at once (taken each second while watched). */
    static final long MAX_AGE_MILLIS = 2_000;

    private final SyncApplication app;
    private final StatusReports reports;
    private final LiveRates rates;
    private final MeterRegistry registry;
    private final ScheduledExecutorService sampler;
    private final List<Route> routes = new ArrayList<>();
    private final List<Meter> meters = new ArrayList<>();
    private final String process = ProcessHandle.current().pid() + "@" + hostName();

    /** The figures with their JSON, rendered once per snapshot: what every request gets. */
    private final WatchedSnapshots<Snapshot> snapshots;

    /** One snapshot: the figures, their JSON and its bytes as sent. */
    private record Snapshot(PageFigures figures, String json, Buffer body) {}

    /** How often the store's sources are listed again (see {@link #storedSources}). */
    static final int STORED_SOURCES_SECONDS = 10;

    /** The sources whose gauges are registered, as project/table (the sampler's thread alone adds to it). */
    private final Set<String> gauged = new HashSet<>();

    /** The store's state, opened on the first refresh; only the sampler's thread uses these three. */
    private StoreState storeState;

    private List<StoredSource> storedSources;
    private long storedSourcesAt;

    private record StoreState(DataSource dataSource, StoreStateRepository repository) {}

    private MonitorPage(SyncApplication app, MeterRegistry registry) {
        this.app = app;
        this.reports = new StatusReports(app.settings());
        this.registry = registry;
        this.rates = new LiveRates(registry, System::currentTimeMillis);
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "coding-monitor-rates");
            thread.setDaemon(true);
            return thread;
        });
        this.snapshots =
                new WatchedSnapshots<>(this::take, sampler, System::currentTimeMillis, WATCH_MILLIS, MAX_AGE_MILLIS);
    }

    /**
     * The page on {@code app}'s observe server, or empty when it has none ({@code coding.observe.enabled=false}) or no
     * metrics registry.
     */
    static Optional<MonitorPage> attach(SyncApplication app) {
        ManagementHttpServer server = app.camel().hasService(ManagementHttpServer.class);
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(
                app.camel().getRegistry(), MicrometerConstants.METRICS_REGISTRY_NAME);
        if (server == null || server.getRouter() == null || registry == null) {
            return Optional.empty();
        }
        MonitorPage page = new MonitorPage(app, registry);
        page.serve(server.getRouter());
        page.gauges();
        page.rates.sample();
        page.sampler.scheduleAtFixedRate(page::sampleQuietly, 1, 1, TimeUnit.SECONDS);
        return Optional.of(page);
    }

    private void serve(Router router) {
        Buffer html = resource("index.html");
        Buffer css = resource("page.css");
        Buffer script = resource("page.js");
        routes.add(router.get(PAGE).handler(ctx -> send(ctx, "text/html; charset=utf-8", html)));
        routes.add(router.get(PAGE + "/").handler(ctx -> send(ctx, "text/html; charset=utf-8", html)));
        routes.add(router.get(PAGE + "/page.css").handler(ctx -> send(ctx, "text/css; charset=utf-8", css)));
        routes.add(router.get(PAGE + "/page.js").handler(ctx -> send(ctx, "text/javascript; charset=utf-8", script)));
        // the figures were taken by the sampler: answered on the event loop, nothing read per request
        routes.add(router.get(JSON).handler(this::json));
    }

    private void json(RoutingContext ctx) {
        CompletableFuture<Snapshot> snapshot = snapshots.forViewer();
        if (snapshot.isDone()) {
            answer(ctx, snapshot.join());
            return;
        }
        // none young enough (nobody watched lately): answered on the event loop once the sampler has taken one
        Context eventLoop = ctx.vertx().getOrCreateContext();
        snapshot.whenComplete((taken, error) -> eventLoop.runOnContext(v -> answer(ctx, taken)));
    }

    private void answer(RoutingContext ctx, Snapshot snapshot) {
        if (snapshot == null) {
            ctx.response()
                    .setStatusCode(503)
                    .putHeader("content-type", "text/plain; charset=utf-8")
                    .end("the status cannot be read now: " + snapshots.lastFailure());
            return;
        }
        ctx.response()
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(snapshot.body());
    }

    private static void send(RoutingContext ctx, String type, Buffer body) {
        ctx.response().putHeader("content-type", type).end(body);
    }

    /** The figures as JSON, as last taken (null before the first time they could be). */
    String json() {
        Snapshot last = snapshots.last();
        return last == null ? null : last.json();
    }

    /** The figures for a reader that may wait (a metrics scrape): the last ones, or fresh ones when those are old. */
    Optional<PageFigures> figures() {
        return Optional.ofNullable(snapshots.forReader(5_000)).map(Snapshot::figures);
    }

    /** How many times the figures were taken (none while nobody asked for them). */
    long snapshotsTaken() {
        return snapshots.taken();
    }

    /**
     * Takes the figures anew, on the sampler's thread: once a second while watched, whatever the number of requests
     * (a page left open, scripts polling the endpoint), so they cost the sync one status read a second at most; the
     * JSON rendered once here, not per request. A failed read (a store closing under a stop) keeps the last figures.
     */
    private Snapshot take() {
        // the running sync's own store pool (the routes' codingStore bean): no pool of its own per snapshot
        DataSource store = app.camel().getRegistry().lookupByNameAndType("codingStore", DataSource.class);
        Optional<StoreStateRepository> repository = repository(store);
        List<ReportedSources.Ref> sources =
                ReportedSources.of(synced(), repository.map(this::storedSources).orElse(List.of()), null);
        StatusReport status = reports.build(
                sources,
                ref -> status(ref, repository),
                new StoreSettings(app.settings()).describe(),
                store,
                Instant.now());
        PageFigures figures = new PageFigures(status, live(status));
        String json = StatusJson.write(figures);
        // a source's gauges are registered with its first figures (another process's projects appear in the store)
        status.sources().forEach(this::gauges);
        return new Snapshot(figures, json, Buffer.buffer(json));
    }

    /**
     * The projects this process syncs, each with its tables: the settings' project with the tables they name, and
     * any project of this process's endpoints besides (one process may sync several).
     */
    private Map<String, List<CodingTable>> synced() {
        Map<String, List<CodingTable>> synced = new LinkedHashMap<>(reports.configured());
        for (CodingEndpoint endpoint : app.codingEndpoints()) {
            String project = endpoint.getConfiguration().getProjectName();
            if (project != null && !synced.containsKey(project)) {
                synced.put(
                        project,
                        app.codingEndpoints().stream()
                                .filter(e -> project.equals(e.getConfiguration().getProjectName()))
                                .map(CodingEndpoint::getTable)
                                .distinct()
                                .toList());
            }
        }
        return synced;
    }

    /** The state of {@code store} (other processes' projects are read there), opened once; empty without a store. */
    private Optional<StoreStateRepository> repository(DataSource store) {
        if (store == null) {
            return Optional.empty();
        }
        if (storeState == null || storeState.dataSource != store) {
            CodingStore opened = CodingStore.open(new StoreSettings(app.settings()).describe(), store);
            opened.define(StoreStateRepository.PART);
            storeState = new StoreState(store, new StoreStateRepository(opened));
        }
        return Optional.of(storeState.repository);
    }

    /**
     * The sources with state in the store, listed again at most every {@value #STORED_SOURCES_SECONDS} s: a
     * project another process starts shows up within that, and the page's refresh reads no more keys than it needs.
     */
    private List<StoredSource> storedSources(StoreStateRepository repository) {
        long now = System.nanoTime();
        if (storedSources == null || now - storedSourcesAt > TimeUnit.SECONDS.toNanos(STORED_SOURCES_SECONDS)) {
            storedSources = StoredSources.in(repository);
            storedSourcesAt = now;
        }
        return storedSources;
    }

    /** A source's status: its endpoint's when this process syncs it, else as the store holds it (another process). */
    private TableStatus status(ReportedSources.Ref ref, Optional<StoreStateRepository> repository) {
        Optional<CodingEndpoint> endpoint = endpoint(ref);
        if (endpoint.isPresent()) {
            return endpoint.get().status();
        }
        return repository
                .map(r -> StatusCommand.read(new CodingStatusReader(r), ref.table(), app.settings(), ref.project()))
                .orElseGet(() -> notSynced(ref.table()));
    }

    private static TableStatus notSynced(CodingTable table) {
        return new TableStatus(
                table,
                "",
                SyncPhase.NOT_STARTED,
                OptionalInt.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0,
                0,
                0,
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty());
    }

    private Optional<CodingEndpoint> endpoint(ReportedSources.Ref ref) {
        return app.codingEndpoints().stream()
                .filter(e -> e.getTable() == ref.table()
                        && Objects.equals(e.getConfiguration().getProjectName(), ref.project()))
                .findFirst();
    }

    private PageFigures.Live live(StatusReport status) {
        double rate = app.codingEndpoints().stream()
                .mapToDouble(e -> e.client().limiter().rate())
                .filter(r -> r > 0)
                .min()
                .orElse(0);
        double calls = rates.callsPerSecond();
        // a lease holder's id is "node-<pid>-<suffix>" (JdbcLeaseClusterService); without a change log this process
        // reads CODING itself
        String leaseOfThisProcess = "node-" + ProcessHandle.current().pid() + "-";
        Map<String, Boolean> readers = new TreeMap<>();
        for (StatusReport.Source source : status.sources()) {
            boolean here = endpoint(new ReportedSources.Ref(source.project(), CodingTable.fromUri(source.table())))
                    .isPresent();
            readers.put(
                    LiveRates.key(source.project(), source.table()),
                    here
                            && (status.changeLog() == null
                                    || source.reader() != null
                                            && source.reader().running()
                                            && source.reader().holder().startsWith(leaseOfThisProcess)));
        }
        return new PageFigures.Live(
                process, rates.eventsPerMinute(), calls, rate, rate > 0 ? Math.min(1, calls / rate) : 0, readers);
    }

    /** The gauge of the dead letters; the sources' gauges come with their first figures ({@link #gauges(StatusReport.Source)}). */
    private void gauges() {
        meters.add(Gauge.builder(
                        "coding.dead.letters",
                        () -> safely().map(
                                        f -> (double) f.status().deadLetters().waiting())
                                .orElse(Double.NaN))
                .description("Dead letters waiting for ./coding-sync replay")
                .strongReference(true)
                .register(registry));
    }

    /**
     * Gauges of a source for the alert rules (docs/alerts/coding-sync.rules.yml), tagged with its project and table:
     * registered the first time the figures show the source, so a project another process syncs into the same store
     * has them too.
     */
    private void gauges(StatusReport.Source source) {
        String project = source.project();
        String table = source.table();
        if (!gauged.add(LiveRates.key(project, table))) {
            return;
        }
        meters.add(Gauge.builder(
                        "coding.source.down",
                        () -> source(project, table)
                                .map(s -> s.health() == StatusReport.Health.DOWN ? 1 : 0)
                                .orElse(0))
                .description("1 while the source's last poll failed (see /observe/health/ready for why)")
                .tags("project", project, "table", table)
                .strongReference(true)
                .register(registry));
        meters.add(Gauge.builder(
                        "coding.source.behind",
                        () -> source(project, table)
                                .map(s -> s.behindSeconds() == null ? Double.NaN : s.behindSeconds())
                                .orElse(Double.NaN))
                .description("How far the sink is behind CODING (0: caught up at the last poll)")
                .baseUnit("seconds")
                .tags("project", project, "table", table)
                .strongReference(true)
                .register(registry));
    }

    private Optional<StatusReport.Source> source(String project, String table) {
        return safely().flatMap(f -> f.status().sources().stream()
                .filter(s -> Objects.equals(s.project(), project) && s.table().equals(table))
                .findFirst());
    }

    /** The figures, or empty before they could be read: a gauge shows NaN then. */
    private Optional<PageFigures> safely() {
        return figures();
    }

    private void sampleQuietly() {
        try {
            rates.sample();
        } catch (RuntimeException e) {
            // a registry closing under a stop: the next sample tries again
        }
        snapshots.tick();
    }

    private static Buffer resource(String name) {
        try (InputStream in = MonitorPage.class.getResourceAsStream("/monitor/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the monitoring page's /monitor/" + name + " is not in the jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the monitoring page's /monitor/" + name, e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException unknown) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        routes.forEach(Route::remove);
        meters.forEach(registry::remove);
    }
}
