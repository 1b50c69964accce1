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
 * rates ({@link LiveRates}). The figures are taken once a second on a thread of their own ({@link #refresh}) and
 * every request gets the last ones, so a page left open, or a script polling it, costs the sync next to nothing. The same report feeds the gauges the alert
 * rules use: {@code coding_source_down}, {@code coding_source_behind_seconds}, {@code coding_dead_letters}.
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
            StatusReport status =
                    reports.build(this::status, new StoreSettings(app.settings()).describe(), store, Instant.now());
            PageFigures figures = new PageFigures(status, live(status));
            cachedJson = StatusJson.write(figures);
            cached = figures;
            lastFailure = null;
        } catch (RuntimeException e) {
            lastFailure = SyncApplication.rootMessage(e);
        }
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
