package dev.camelcoding.app;

import dev.camelcoding.component.CodingEndpoint;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.status.TableStatus;
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
 * rates ({@link LiveRates}). The figures, and their JSON, are taken once a second on a thread of their own while
 * someone watches ({@link WatchedSnapshots}: a request in the last {@value #WATCH_MILLIS} ms) and every request gets
 * the last ones, so a page left open, or a script polling it, costs the sync one report a second however often it
 * asks, and a sync nobody watches reads nothing for the page. The same report feeds the gauges the alert rules use:
 * {@code coding_source_down}, {@code coding_source_behind_seconds}, {@code coding_dead_letters} (a scrape takes the
 * figures when the last are older than {@value #MAX_AGE_MILLIS} ms).
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
        java.util.concurrent.CompletableFuture<Snapshot> snapshot = snapshots.forViewer();
        if (snapshot.isDone()) {
            answer(ctx, snapshot.join());
            return;
        }
        // none young enough (nobody watched lately): answered on the event loop once the sampler has taken one
        io.vertx.core.Context eventLoop = ctx.vertx().getOrCreateContext();
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
        StatusReport status =
                reports.build(this::status, new StoreSettings(app.settings()).describe(), store, Instant.now());
        PageFigures figures = new PageFigures(status, live(status));
        String json = StatusJson.write(figures);
        return new Snapshot(figures, json, Buffer.buffer(json));
    }

    private TableStatus status(CodingTable table) {
        return endpoint(table).map(CodingEndpoint::status).orElseGet(() -> notSynced(table));
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

    private Optional<CodingEndpoint> endpoint(CodingTable table) {
        return app.codingEndpoints().stream().filter(e -> e.getTable() == table).findFirst();
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
            readers.put(
                    source.table(),
                    status.changeLog() == null
                            || source.reader() != null
                                    && source.reader().running()
                                    && source.reader().holder().startsWith(leaseOfThisProcess));
        }
        return new PageFigures.Live(
                process, rates.eventsPerMinute(), calls, rate, rate > 0 ? Math.min(1, calls / rate) : 0, readers);
    }

    /** Gauges of the report for the alert rules (docs/alerts/coding-sync.rules.yml), per project and table. */
    private void gauges() {
        for (String table : new SettingsCheck(app.settings()).tables()) {
            String project = app.setting("coding.project");
            meters.add(Gauge.builder(
                            "coding.source.down",
                            () -> source(table)
                                    .map(s -> s.health() == StatusReport.Health.DOWN ? 1 : 0)
                                    .orElse(0))
                    .description("1 while the source's last poll failed (see /observe/health/ready for why)")
                    .tags("project", project, "table", table)
                    .strongReference(true)
                    .register(registry));
            meters.add(Gauge.builder(
                            "coding.source.behind",
                            () -> source(table)
                                    .map(s -> s.behindSeconds() == null ? Double.NaN : s.behindSeconds())
                                    .orElse(Double.NaN))
                    .description("How far the sink is behind CODING (0: caught up at the last poll)")
                    .baseUnit("seconds")
                    .tags("project", project, "table", table)
                    .strongReference(true)
                    .register(registry));
        }
        meters.add(Gauge.builder(
                        "coding.dead.letters",
                        () -> safely().map(
                                        f -> (double) f.status().deadLetters().waiting())
                                .orElse(Double.NaN))
                .description("Dead letters waiting for ./coding-sync replay")
                .strongReference(true)
                .register(registry));
    }

    private Optional<StatusReport.Source> source(String table) {
        return safely().flatMap(f -> f.status().sources().stream()
                .filter(s -> s.table().equals(table))
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
