package dev.camelcoding.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingApiException;
import dev.camelcoding.component.schema.CatalogSignature;
import dev.camelcoding.component.schema.ReferenceAnswers;
import dev.camelcoding.component.schema.ReferenceReads;
import dev.camelcoding.component.schema.SchemaCatalog;
import dev.camelcoding.component.schema.SchemaCatalogStore;
import dev.camelcoding.component.schema.SchemaChange;
import dev.camelcoding.component.schema.SchemaDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the catalog on start and on its schedule (a Camel Quartz trigger, re-made when the model count crosses the
 * threshold), and emits one schema event: always on start ({@code kind} initial, changed or unchanged, so a sink
 * learns the current columns), then on every change. The last catalog (its signature and document) is kept in the
 * store ({@link SchemaCatalogStore}), written only after the route completed the event: a change the route failed on
 * is reported again on the next refresh.
 */
public final class CodingSchemaConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CodingSchemaConsumer.class);
    /** How long a stop waits for the first read to end (it is interrupted; a CODING call ends within its timeout). */
    private static final Duration STARTER_STOP_WAIT = Duration.ofSeconds(10);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CodingApiClient client;
    /** this consumer's reads through the component's shared answers (one reader for the consumer's life) */
    private ReferenceReads reads;

    private org.apache.camel.Consumer trigger;
    private String triggerCron;
    private int triggers;
    private volatile SchemaCatalog latest;
    private volatile CatalogSignature saved;
    private SchemaCatalogStore catalogs;
    private java.util.concurrent.ExecutorService starter;
    private volatile boolean firstDone;

    CodingSchemaConsumer(CodingSchemaEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public CodingSchemaEndpoint getEndpoint() {
        return (CodingSchemaEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        client = getEndpoint().newClient();
        // the component's answers: what the reference tables read in the last REUSE_WITHIN is not read again
        ReferenceAnswers answers = getEndpoint().getComponent() instanceof CodingComponent component
                ? component.referenceAnswers()
                : ReferenceAnswers.unshared();
        reads = new ReferenceReads(
                client,
                getEndpoint().getConfiguration().getTeamName(),
                project(),
                answers,
                SchemaDiscovery.REUSE_WITHIN);
        catalogs = new SchemaCatalogStore(((CodingComponent) getEndpoint().getComponent())
                .store(getEndpoint().getConfiguration()));
        saved = catalogs.load(getEndpoint().getConfiguration().getTeamName(), project())
                .map(SchemaCatalogStore.Stored::signature)
                .orElse(null);
        // The first read runs once the whole context has started, on a thread of its own: the routes its event
        // goes to (direct:coding-schema) may start after this one, and a slow CODING must not hold up the start.
        starter = getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newSingleThreadExecutor(this, "coding-schema-start");
        starter.submit(this::firstRefresh);
    }

    private void firstRefresh() {
        try {
            CamelContext context = getEndpoint().getCamelContext();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!context.isStarted() && isRunAllowed() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            if (!isRunAllowed()) {
                return;
            }
            refresh(true);
            firstDone = true;
        } catch (Exception failed) {
            if (CodingHealth.isPermanent(failed)
                    && getEndpoint().getComponent() instanceof CodingComponent coding
                    && coding.reportPermanentFailure(
                            getEndpoint().getConfiguration(), "schema", (CodingApiException) failed)) {
                // a team sync stops the project's routes, this one among them, and said so once (ProjectRoutes)
                LOG.debug("Could not read the schema of {} on start: {}", project(), failed.getMessage());
                firstDone = true;
                return;
            }
            if (!isRunAllowed()) {
                // stopped while reading (the client closed under it): nothing to say, nothing to schedule
                LOG.debug("Schema read of {} on start ended by the stop: {}", project(), failed.getMessage());
                firstDone = true;
                return;
            }
            // CODING down on start must not stop the sync: the next scheduled refresh tries again
            LOG.warn(
                    "Could not read the schema of {} on start ({}); trying again on schedule",
                    project(),
                    failed.getMessage());
            try {
                reschedule(0); // the model count is unknown: hourly until a refresh succeeds
            } catch (Exception unschedulable) {
                LOG.warn("Could not schedule the schema refresh of {}: {}", project(), unschedulable.getMessage());
            }
            firstDone = true;
        }
    }

    /** Whether the first read (on start) has completed, successfully or not. */
    public boolean started() {
        return firstDone;
    }

    @Override
    protected void doStop() throws Exception {
        if (starter != null) {
            ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
            executors.shutdownNow(starter);
            // wait for the first read to end before the client and the store go: stopped in its middle, it went on
            // writing into the data directory after the stop (a test's temporary directory could not be deleted)
            executors.awaitTermination(starter, STARTER_STOP_WAIT.toMillis());
            starter = null;
        }
        stopTrigger();
        if (client != null) {
            client.close();
            client = null;
        }
        super.doStop();
    }

    /** Refreshes now, as the schedule does: an event only when the catalog changed. */
    public void refreshNow() throws Exception {
        refresh(false);
    }

    /** The catalog of the last refresh, or null before one succeeded. */
    public SchemaCatalog latest() {
        return latest;
    }

    /** Reads the catalog now and emits an event when it changed (or, with {@code always}, in any case). */
    synchronized void refresh(boolean always) throws Exception {
        CodingSchemaEndpoint endpoint = getEndpoint();
        String team = endpoint.getConfiguration().getTeamName();
        SchemaCatalog catalog = new SchemaDiscovery(reads, team, project(), Instant::now).discover();
        latest = catalog;
        if (endpoint.getComponent() instanceof CodingComponent component) {
            component.publishCatalog(catalog); // the issues endpoints type new fields at once
        }
        String fingerprint = catalog.fingerprint();
        boolean unchanged = saved != null && saved.fingerprint().equals(fingerprint);
        if (!unchanged || always) {
            long version = saved == null ? 1 : unchanged ? saved.version() : saved.version() + 1;
            CatalogSignature signature = catalog.signature(version);
            List<SchemaChange> changes = signature.changesSince(saved);
            String kind = saved == null ? "initial" : unchanged ? "unchanged" : "changed";
            if (!changes.isEmpty() && saved != null) {
                LOG.info("Schema of {} is now version {}: {}", project(), version, changes);
            }
            emit(event(kind, catalog, signature, changes));
            catalogs.save(endpoint.getConfiguration().getTeamName(), project(), signature, catalog.toJson(version));
            saved = signature;
        }
        reschedule(catalog.modelCount());
    }

    private ObjectNode event(
            String kind, SchemaCatalog catalog, CatalogSignature signature, List<SchemaChange> changes) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("kind", kind);
        event.put("team", catalog.team());
        event.put("project", catalog.project());
        event.put("version", signature.version());
        if (saved == null) {
            event.putNull("previous_version");
        } else {
            event.put("previous_version", saved.version());
        }
        event.put("model_count", catalog.modelCount());
        ArrayNode list = event.putArray("changes");
        for (SchemaChange change : changes) {
            ObjectNode c = list.addObject();
            c.put("table", change.table());
            c.put("field", change.field());
            c.put("change", change.kind().name().toLowerCase(java.util.Locale.ROOT));
            c.put("from", change.from());
            c.put("to", change.to());
        }
        event.set("catalog", catalog.toJson(signature.version()));
        event.put("ts_ms", System.currentTimeMillis());
        return event;
    }

    private void emit(ObjectNode event) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(MAPPER.writeValueAsString(event));
            exchange.getMessage().setHeader(CodingConstants.TABLE, "schema");
            exchange.getMessage().setHeader(CodingConstants.PROJECT, project());
            exchange.getMessage()
                    .setHeader(
                            CodingConstants.SCHEMA_VERSION,
                            event.path("version").asLong());
            exchange.getMessage()
                    .setHeader(
                            CodingConstants.SCHEMA_CHANGES,
                            event.path("changes").size());
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** (Re)makes the Quartz trigger when the cron of this model count differs from the running one. */
    private void reschedule(long models) throws Exception {
        Optional<String> cron = getEndpoint().schedule().cron(models);
        if (cron.isEmpty() || cron.get().equals(triggerCron)) {
            return;
        }
        stopTrigger();
        String uri = "quartz://coding-schema/"
                + Integer.toHexString(getEndpoint().getEndpointUri().hashCode())
                + "-" + (++triggers) + "?cron=" + cron.get().replace(' ', '+') + "&trigger.timeZone="
                + getEndpoint().schedule().zone().getId();
        Endpoint quartz;
        try {
            quartz = getEndpoint().getCamelContext().getEndpoint(uri);
        } catch (RuntimeException missing) {
            throw new IllegalArgumentException(
                    "coding:schema's refresh runs on camel-quartz: add"
                            + " org.apache.camel:camel-quartz to the classpath, or set schemaRefresh=false",
                    missing);
        }
        org.apache.camel.Consumer created = quartz.createConsumer(exchange -> refresh(false));
        ServiceHelper.startService(created);
        trigger = created;
        triggerCron = cron.get();
        LOG.info(
                "Schema of {}: {} models, refreshed {} (cron '{}', {})",
                project(),
                models,
                getEndpoint().schedule().daily(models) ? "daily" : "hourly",
                triggerCron,
                getEndpoint().schedule().zone().getId());
    }

    private void stopTrigger() throws Exception {
        if (trigger != null) {
            Endpoint quartz = trigger.getEndpoint();
            ServiceHelper.stopAndShutdownService(trigger);
            getEndpoint().getCamelContext().removeEndpoint(quartz);
            trigger = null;
            triggerCron = null;
        }
    }

    String project() {
        return getEndpoint().getConfiguration().getProjectName();
    }
}
