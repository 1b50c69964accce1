package dev.camelcoding.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.client.ApiCallObserver;
import dev.camelcoding.client.CodingApiException;
import dev.camelcoding.client.HttpClients;
import dev.camelcoding.client.RateLimiters;
import dev.camelcoding.component.changelog.LogStorage;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.changelog.SourceReader;
import dev.camelcoding.component.metrics.CodingMetrics;
import dev.camelcoding.component.metrics.CodingMicrometer;
import dev.camelcoding.component.polling.IssueFeed;
import dev.camelcoding.component.polling.IssueFeeds;
import dev.camelcoding.component.schema.ReferenceAnswers;
import dev.camelcoding.component.schema.SchemaCatalog;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.OwnedStore;
import dev.camelcoding.component.store.StoreStateRepository;
import dev.camelcoding.component.team.ProjectIds;
import dev.camelcoding.component.webhook.WebhookListeners;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.service.ServiceHelper;

/** The {@code coding:} component: Tencent Cloud CODING DevOps tables as streams of change events. */
@Component("coding")
public class CodingComponent extends HealthCheckComponent {

    /** Polling CODING every half second (Camel's default) would waste its rate budget: poll every minute. */
    static final long DEFAULT_DELAY_MS = 60_000;
    /** A class of camel-micrometer: the metrics are bound only when it is on the class path. */
    private static final String MICROMETER = "org.apache.camel.component.micrometer.MicrometerConstants";

    /** A few threads poll for every endpoint: a poll waits at the credential's limiter most of its time anyway. */
    static final int DEFAULT_POLL_THREADS = 8;

    @Metadata(label = "advanced", description = "Options shared by every coding: endpoint (credentials, team...).")
    private CodingConfiguration configuration = new CodingConfiguration();

    @Metadata(
            label = "consumer,advanced",
            defaultValue = "" + DEFAULT_POLL_THREADS,
            description = "The threads that run the polls of every coding: polling consumer of this component (the"
                    + " polls of a team's projects share them, instead of a thread per endpoint). A poll holds its"
                    + " thread until it ends, a long backfill's too: more threads than concurrent backfills lets the"
                    + " small projects' polls through. An endpoint's own scheduledExecutorService option wins.")
    private int pollThreads = DEFAULT_POLL_THREADS;

    /** The polls' scheduled executor, made on first use and shut down with the component; guarded by {@code this}. */
    private ScheduledExecutorService pollExecutor;
    /**
     * The HTTP clients of this component's endpoints: one connection pool (and selector thread) per credential and
     * address, however many projects and tables; gone with the component, never JVM-wide.
     */
    private final HttpClients httpClients = new HttpClients();
    /** One JSON mapper for every endpoint's client: a mapper per endpoint kept its own caches for the same types. */
    private final ObjectMapper objectMapper = new ObjectMapper();

    /** The embedded stores of endpoints without a change log, by data directory; guarded by {@code this}. */
    private final Map<String, OwnedStore> embeddedStores = new HashMap<>();

    private final WebhookListeners webhookListeners = new WebhookListeners();
    /**
     * The credential limiters of this component's endpoints (their clients and webhook refetches): one budget per
     * credential in this CamelContext, gone with it, never a JVM-wide registry.
     */
    private final RateLimiters rateLimiters = new RateLimiters();
    /** The issue feeds that let a comments poller follow the issues poller's listing, per source (see IssueFeed). */
    private final IssueFeeds issueFeeds = new IssueFeeds();
    /** When each project last changed on CODING: where a new consumer's idle schedule starts from. */
    private final ProjectLastChanges projectLastChanges = new ProjectLastChanges();
    /** The schema's and the reference tables' shared answers (see ReferenceAnswers). */
    private final ReferenceAnswers referenceAnswers = new ReferenceAnswers(System::currentTimeMillis);
    /** Filled by a team sync's project list (ProjectRoutes). */
    private final ProjectIds projectIds = new ProjectIds();
    /** Counts every endpoint's API calls in the context's MeterRegistry, when it has one (see doStart); else null. */
    private volatile CodingMetrics metrics;
    /** The metrics' event notifier, removed again on stop (a restarted component adds a new one). */
    private EventNotifier eventCounter;
    /** The change log storages in use, by {@link LogStorage#keyOf}; guarded by {@code this}. */
    private final Map<String, LogStorage> logStorages = new HashMap<>();
    /** The one reader per source and storage in this CamelContext, with the number of log consumers on it. */
    private final Map<ReaderKey, SharedReader> readers = new HashMap<>();

    /** Told of consumers stopped on a permanent failure (a team sync's per-project routes, see ProjectRoutes). */
    private final List<PermanentFailureListener> failureListeners = new CopyOnWriteArrayList<>();

    private record ReaderKey(String storage, SourceId source) {}

    private static final class SharedReader {
        final SourceReader reader;
        int consumers;

        SharedReader(SourceReader reader) {
            this.reader = reader;
        }
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if ("schema".equalsIgnoreCase(remaining)) {
            return schemaEndpoint(uri, parameters);
        }
        CodingTable table = CodingTable.fromUri(remaining);
        CodingEndpoint endpoint = new CodingEndpoint(uri, this, table, configuration.copy());
        endpoint.setDelay(DEFAULT_DELAY_MS);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The last catalog each coding:schema consumer read, by project: the issues endpoints type their rows with it. */
    private final Map<String, SchemaCatalog> catalogs = new ConcurrentHashMap<>();

    void publishCatalog(SchemaCatalog catalog) {
        catalogs.put(catalog.project(), catalog);
    }

    /** The catalog a coding:schema consumer of this component last read for {@code project}, or null. */
    SchemaCatalog publishedCatalog(String project) {
        return project == null ? null : catalogs.get(project);
    }

    /** coding:schema: its own options first, then the connection options of every coding: endpoint. */
    private Endpoint schemaEndpoint(String uri, Map<String, Object> parameters) throws Exception {
        CodingSchemaEndpoint endpoint = new CodingSchemaEndpoint(uri, this, configuration.copy());
        for (String option : List.of(
                "schemaRefresh", "schemaRefreshTime", "schemaTimeZone", "schemaRefreshCron", "modelThreshold")) {
            Object value = parameters.remove(option);
            if (value != null) {
                org.apache.camel.support.PropertyBindingSupport.build()
                        .bind(getCamelContext(), endpoint, option, value);
            }
        }
        setProperties(endpoint.getConfiguration(), parameters);
        return endpoint;
    }

    /**
     * The default state of an endpoint without a {@code cursorRepository}: the readers' state in its store (the change
     * log's store with a log; else the embedded store of its data directory), where {@code status} reads it too.
     */
    synchronized StoreStateRepository stateRepository(CodingConfiguration config) throws Exception {
        return config.usesLogCache()
                ? storage(config).readerState()
                : embeddedStore(config.getDataDirectory()).state();
    }

    /**
     * The readers' state of the component's own configuration (the store {@code status} reads): where a team sync
     * looks for {@code coding-sync projects --refresh} requests.
     */
    public synchronized StoreStateRepository stateRepository() throws Exception {
        return stateRepository(configuration);
    }

    /** The store of an endpoint: the change log's with a log, else the embedded store of its data directory. */
    synchronized CodingStore store(CodingConfiguration config) throws Exception {
        return config.usesLogCache()
                ? storage(config).store()
                : embeddedStore(config.getDataDirectory()).store();
    }

    private OwnedStore embeddedStore(String dataDirectory) {
        String key = java.nio.file.Path.of(dataDirectory)
                .toAbsolutePath()
                .normalize()
                .toString();
        return embeddedStores.computeIfAbsent(key, k -> OwnedStore.embedded(java.nio.file.Path.of(k)));
    }

    /** The change log storage {@code config} names, started by the first endpoint that needs it. */
    private LogStorage storage(CodingConfiguration config) throws Exception {
        String storageKey = LogStorage.keyOf(config.getLogCache(), config.getDataDirectory());
        LogStorage storage = logStorages.get(storageKey);
        if (storage == null) {
            storage = LogStorage.resolve(
                    getCamelContext(), config.getLogCache(), config.getDataDirectory(), config.getLogRetention());
            storage.leaseDuration(config.getLogLeaseDuration());
            ServiceHelper.startService(storage);
            logStorages.put(storageKey, storage);
            if (getCamelContext().getClassResolver().resolveClass(MICROMETER) != null) {
                // the log's head, tail, size, reader and consumer lag as gauges, when the context has a registry
                CodingMicrometer.bindChangeLog(getCamelContext(), storage.dataSource());
            }
        }
        return storage;
    }

    /**
     * For a log consumer on {@code endpoint}: the source's one reader in this CamelContext, started by the first
     * consumer and shared by the later ones (whatever their number of routes), and the storage it appends to.
     */
    public synchronized LogStorage acquireReader(CodingEndpoint endpoint) throws Exception {
        CodingConfiguration config = endpoint.getConfiguration();
        LogStorage storage = storage(config);
        ReaderKey key =
                new ReaderKey(LogStorage.keyOf(config.getLogCache(), config.getDataDirectory()), endpoint.logSource());
        SharedReader shared = readers.get(key);
        if (shared == null) {
            shared = new SharedReader(SourceReader.start(this, endpoint, storage, key.source()));
            readers.put(key, shared);
        }
        shared.consumers++;
        return storage;
    }

    /** A log consumer on {@code endpoint} stopped: the last one on a source stops its reader. */
    public synchronized void releaseReader(CodingEndpoint endpoint) {
        CodingConfiguration config = endpoint.getConfiguration();
        ReaderKey key =
                new ReaderKey(LogStorage.keyOf(config.getLogCache(), config.getDataDirectory()), endpoint.logSource());
        SharedReader shared = readers.get(key);
        if (shared != null && --shared.consumers == 0) {
            readers.remove(key);
            shared.reader.stop();
        }
    }

    /** The reader of a source in this CamelContext, if a log consumer runs on it (for tests and status). */
    public synchronized Optional<SourceReader> reader(SourceId source) {
        return readers.entrySet().stream()
                .filter(e -> e.getKey().source().equals(source))
                .map(e -> e.getValue().reader)
                .findFirst();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // Checked by name first: CodingMicrometer names Micrometer's types, so it is loaded only when they exist.
        if (getCamelContext().getClassResolver().resolveClass(MICROMETER) != null) {
            var binding = CodingMicrometer.bind(getCamelContext());
            if (binding.isPresent()) {
                metrics = binding.get().metrics();
                eventCounter = binding.get().events();
            }
        }
    }

    /**
     * The observer of an endpoint's API calls: the metrics' counters, tagged with the endpoint's project and table,
     * or nothing without a MeterRegistry.
     */
    ApiCallObserver apiCallObserver(String project, String table) {
        CodingMetrics counters = metrics;
        return counters == null ? ApiCallObserver.NONE : counters.apiCalls(project, table);
    }

    @Override
    protected void doStop() throws Exception {
        if (eventCounter != null) {
            getCamelContext().getManagementStrategy().removeEventNotifier(eventCounter);
            ServiceHelper.stopService(eventCounter);
            eventCounter = null;
            metrics = null;
        }
        synchronized (this) {
            readers.values().forEach(shared -> shared.reader.stop());
            readers.clear();
            ServiceHelper.stopService(logStorages.values());
            logStorages.clear();
            embeddedStores.values().forEach(OwnedStore::close);
            embeddedStores.clear();
            // after the readers: their polls ran on it; the routes' consumers stopped before the component
            if (pollExecutor != null) {
                getCamelContext().getExecutorServiceManager().shutdown(pollExecutor);
                pollExecutor = null;
            }
            httpClients.clear();
        }
        super.doStop();
    }

    /**
     * The scheduled executor every polling consumer of this component polls on, unless its endpoint names one: a
     * team's few hundred projects times four tables would otherwise make a thread each (Camel's default).
     */
    synchronized ScheduledExecutorService pollExecutor() {
        if (pollExecutor == null) {
            // an unbounded queue: each consumer keeps one scheduled task in it, and Camel's default profile refuses
            // the 1,001st (a team of 300 projects has 1,200 polling consumers)
            ThreadPoolProfile profile = new ThreadPoolProfile("coding-poll");
            profile.setPoolSize(pollThreads);
            profile.setMaxQueueSize(-1);
            pollExecutor =
                    getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "coding-poll", profile);
        }
        return pollExecutor;
    }

    /** The HTTP clients every endpoint of this component shares, per credential and address. */
    public HttpClients httpClients() {
        return httpClients;
    }

    /** The JSON mapper every endpoint's client shares. */
    ObjectMapper objectMapper() {
        return objectMapper;
    }

    public int getPollThreads() {
        return pollThreads;
    }

    public void setPollThreads(int pollThreads) {
        if (pollThreads < 1) {
            throw new IllegalArgumentException("pollThreads must be at least 1, got " + pollThreads);
        }
        this.pollThreads = pollThreads;
    }

    public void addPermanentFailureListener(PermanentFailureListener listener) {
        failureListeners.add(listener);
    }

    public void removePermanentFailureListener(PermanentFailureListener listener) {
        failureListeners.remove(listener);
    }

    /**
     * Tells the listeners that a consumer stopped on a permanent failure.
     *
     * @return whether one of them reported it to the user (the consumer need not log it again)
     */
    boolean reportPermanentFailure(CodingConfiguration config, String table, CodingApiException failure) {
        boolean reported = false;
        for (PermanentFailureListener listener : failureListeners) {
            reported |= listener.stopped(config.getTeamName(), config.getProjectName(), table, failure);
        }
        return reported;
    }

    /** The credential limiters every endpoint of this component shares. */
    public RateLimiters rateLimiters() {
        return rateLimiters;
    }

    /** CODING's latest reference answers per project, shared by the schema and the reference tables. */
    public ReferenceAnswers referenceAnswers() {
        return referenceAnswers;
    }

    /** The project ids the team's project list showed (the members tables list by them). */
    public ProjectIds projectIds() {
        return projectIds;
    }

    /** The issue feeds of this component's sources. */
    public IssueFeeds issueFeeds() {
        return issueFeeds;
    }

    /** When each project of this component's sources last changed on CODING (its issues' newest UpdatedAt). */
    public ProjectLastChanges projectLastChanges() {
        return projectLastChanges;
    }

    /** The issues listing shared by the issues and comments tables of one source and filters (see IssueFeed). */
    IssueFeed issueFeed(CodingConfiguration config) {
        return issueFeeds.feed(
                config.getTeamName(), config.getProjectName(), config.getIssueType(), config.getIterationCodes());
    }

    /**
     * The HTTP listeners of this component's webhook endpoints, shared by path; a team sync tells them which projects
     * it selects ({@link WebhookListeners#select}).
     */
    public WebhookListeners webhookListeners() {
        return webhookListeners;
    }

    public CodingConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(CodingConfiguration configuration) {
        this.configuration = configuration;
    }
}
