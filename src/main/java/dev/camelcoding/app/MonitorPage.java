package dev.camelcoding.app;

import dev.camelcoding.component.CodingEndpoint;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.status.StoredSource;
import dev.camelcoding.component.status.TableStatus;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StoreStateRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * endpoints, the others as the store holds them), each with its total and the team's. The figures are taken once a second on a thread of their own ({@link #refresh}) and
 * every request gets the last ones, so a page left open, or a script polling it, costs the sync next to nothing. The same report feeds the gauges the alert
 * rules use: {@code coding_source_down}, {@code coding_source_behind_seconds} (tagged with project and table),
 * {@code coding_dead_letters}.
 */
final class MonitorPage implements AutoCloseable {

    static final String PAGE = "/observe/page";
    static final String JSON = PAGE + "/status.json";

    private final SyncApplication app;
    private final StatusReports reports;
    private final LiveRates rates;
    private final MeterRegistry registry;
    private final ScheduledExecutorService sampler;
    private final List<Route> routes = new ArrayList<>();
    private final List<Meter> meters = new ArrayList<>();
    private final String process = ProcessHandle.current().pid() + "@" + hostName();

    /** The last figures taken, and their JSON: what every request gets, without waiting (null before the first). */
    private volatile PageFigures cached;

    private volatile String cachedJson;
    /** Why the last attempt to take the figures failed, null when it worked. */
    private volatile String lastFailure;

    /** How often the store's sources are listed again (see {@link #storedSources}). */
    static final int STORED_SOURCES_SECONDS = 10;

    /** The sources whose gauges are registered, as project/table (the sampler's thread alone adds to it). */
    private final java.util.Set<String> gauged = new java.util.HashSet<>();

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
        page.refresh();
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
        String body = cachedJson;
        if (body == null) {
            ctx.response()
                    .setStatusCode(503)
                    .putHeader("content-type", "text/plain; charset=utf-8")
                    .end("the status cannot be read now: " + lastFailure);
            return;
        }
        ctx.response()
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(body);
    }

    private static void send(RoutingContext ctx, String type, Buffer body) {
        ctx.response().putHeader("content-type", type).end(body);
    }

    /** The figures as JSON, as last taken (null before the first time they could be). */
    String json() {
        return cachedJson;
    }

    /** The figures as last taken. */
    Optional<PageFigures> figures() {
        return Optional.ofNullable(cached);
    }

    /**
     * Takes the figures anew: once a second on the sampler's thread, whatever the number of requests (a page left
     * open, scripts polling the endpoint), so they cost the sync one status read a second at most. A failed read (a
     * store closing under a stop) keeps the last figures.
     */
    private void refresh() {
        try {
            // the running sync's own store pool (the routes' codingStore bean): no pool of its own per refresh
            DataSource store = app.camel().getRegistry().lookupByNameAndType("codingStore", DataSource.class);
            Optional<StoreStateRepository> repository = repository(store);
            List<ReportedSources.Ref> sources = ReportedSources.of(
                    synced(), repository.map(this::storedSources).orElse(List.of()), null);
            StatusReport status = reports.build(
                    sources,
                    ref -> status(ref, repository),
                    new StoreSettings(app.settings()).describe(),
                    store,
                    Instant.now());
            PageFigures figures = new PageFigures(status, live(status));
            cachedJson = StatusJson.write(figures);
            cached = figures;
            lastFailure = null;
            status.sources().forEach(this::gauges);
        } catch (RuntimeException e) {
            lastFailure = SyncApplication.rootMessage(e);
        }
    }

    /**
     * The projects this process syncs, each with its tables: the settings' project with the tables they name, and
     * any project of this process's endpoints besides (one process may sync several).
     */
    private Map<String, List<CodingTable>> synced() {
        Map<String, List<CodingTable>> synced = new java.util.LinkedHashMap<>(reports.configured());
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
                dev.camelcoding.component.status.SyncPhase.NOT_STARTED,
                java.util.OptionalInt.empty(),
                java.util.OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0,
                0,
                0,
                Optional.empty(),
                java.util.OptionalLong.empty(),
                Optional.empty());
    }

    private Optional<CodingEndpoint> endpoint(ReportedSources.Ref ref) {
        return app.codingEndpoints().stream()
                .filter(e -> e.getTable() == ref.table()
                        && java.util.Objects.equals(e.getConfiguration().getProjectName(), ref.project()))
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
                .filter(s -> java.util.Objects.equals(s.project(), project)
                        && s.table().equals(table))
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
        refresh();
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
            return java.net.InetAddress.getLocalHost().getHostName();
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
