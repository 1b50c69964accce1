package dev.camelcoding.component.changelog;

import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.component.CodingConfiguration;
import dev.camelcoding.component.CodingEndpoint;
import dev.camelcoding.component.CodingMode;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.ThreadWhere;
import dev.camelcoding.component.polling.CrossPathLedger;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Consumer;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of a source (team, project, table) in this CamelContext: a {@code coding:} endpoint of its own,
 * without a log, whose poller (and, in webhook or hybrid mode, webhook consumer) appends its changes to the change log
 * directly ({@link ReaderLog}: typed entries, each page with its cursor in one transaction). Across processes, only the leader of the source's lease ({@link SourceId#readerNamespace()})
 * reads: the poll is gated on holding the lease, so a follower makes no CODING call, and its appends are fenced, so
 * a deposed reader's append fails instead of landing after its successor's. With a shared log its cursor lives in the
 * log's database, so whichever process takes over continues from the last committed cursor.
 */
public final class SourceReader {

    private static final Logger LOG = LoggerFactory.getLogger(SourceReader.class);

    private final SourceId source;
    private final LogStorage storage;
    private CodingEndpoint endpoint; // set once, before start
    private final boolean webhook;
    private final ExecutorService transitions;
    /** The transitions' thread, for the WARN of a stop that waits for a switch too long. */
    private volatile Thread transitionThread;

    private volatile JdbcLeaseView lease;
    private Consumer consumer;
    private boolean leading; // guarded by this
    private boolean closed; // guarded by this

    private SourceReader(SourceId source, LogStorage storage, CodingMode mode) {
        this.source = source;
        this.storage = storage;
        this.webhook = mode != CodingMode.polling;
        this.transitions = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "coding-reader[" + source + "]");
            thread.setDaemon(true);
            transitionThread = thread;
            return thread;
        });
    }

    /**
     * Starts the reader of {@code source} with the settings of {@code template}, the first log endpoint on it (every
     * later route on the source shares this reader and its settings).
     */
    public static SourceReader start(
            CodingComponent component, CodingEndpoint template, LogStorage storage, SourceId source) throws Exception {
        CodingConfiguration config = template.getConfiguration().copy();
        config.setLogCache("none");
        // the poller hands the reader a page at a time, appended in one transaction (batchSize is the consumers')
        config.setBatchSize(config.getPageSize());
        // The reader's cursor lives in the log's store, always: a page's entries and the cursor after it commit in one
        // transaction (ReaderLog), and whichever process takes over a shared log continues from it.
        SourceReader reader =
                new SourceReader(source, storage, template.getConfiguration().getMode());
        ReaderLog readerLog = new ReaderLog(storage, source, reader::fence);
        config.setCursorRepository(readerLog.state());
        CodingEndpoint endpoint = new CodingEndpoint(
                "coding:" + template.getTable().uriName() + "?reader=" + source,
                component,
                template.getTable(),
                config);
        endpoint.reportHealthTo(template);
        endpoint.rememberPerIssueIn(storage.store()); // the census key set: a table, not a state document
        endpoint.setDelay(template.getDelay());
        endpoint.setInitialDelay(template.getInitialDelay());
        endpoint.setUseFixedDelay(template.isUseFixedDelay());
        endpoint.setBackoffMultiplier(template.getBackoffMultiplier());
        endpoint.setBackoffErrorThreshold(template.getBackoffErrorThreshold());
        endpoint.setBackoffIdleThreshold(template.getBackoffIdleThreshold());
        endpoint.setReaderLog(readerLog);
        reader.endpoint = endpoint;
        reader.start();
        return reader;
    }

    private void start() throws Exception {
        ServiceHelper.startService(endpoint);
        endpoint.setReadGate(() -> lease != null && lease.fence().isPresent());
        // no route: the consumer appends to the change log itself (ReaderLog)
        consumer = endpoint.createConsumer(exchange -> {
            throw new IllegalStateException("the reader of " + source + " appends to the change log, not to a route");
        });
        if (webhook) {
            // the listener answers on every process: a delivery that reaches a follower gets 503, so CODING retries
            ServiceHelper.startService(consumer);
        }
        lease = (JdbcLeaseView) storage.cluster().getView(source.readerNamespace());
        lease.addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> leadership(leader));
        // The view started acquiring as getView created it: a lease taken before the listener was added fired its
        // event to no one, and this reader never led (no poll until the next interval: an hour with a hybrid
        // backstop; HybridIssueDeleteLogCacheTest failed so in CI). A repeated standing changes nothing.
        lease.getLeader().filter(CamelClusterMember::isLocal).ifPresent(this::leadership);
    }

    /** The lease view says who leads now: lead or follow accordingly, once per change. */
    private void leadership(CamelClusterMember leader) {
        boolean local = leader != null && leader.isLocal();
        if (leader != null && !local) {
            LOG.info("Reader of {}: process {} reads CODING; this one follows", source, leader.getId());
        } else if (local) {
            LOG.debug("Reader of {}: this process reads CODING", source); // the lease view said "Leading"
        } else {
            LOG.debug("Reader of {}: no process reads CODING", source);
        }
        synchronized (this) {
            if (local != leading && !closed) {
                leading = local;
                // not on the lease's heartbeat thread: stopping a poll may wait for it, and renewals must go on
                transitions.execute(local ? this::lead : this::follow);
            }
        }
    }

    /**
     * This process became the reader. (Re)starting the consumer makes its first poll (the snapshot, or the hybrid
     * backstop's) run now, not at the next interval that a follower's skipped polls would otherwise wait for. A webhook
     * consumer already listening restarts its backstop poll only: its target stays on the shared listener, where a
     * moment without it would answer its project's deliveries 202 (not synced here) while other projects keep the
     * listener open.
     */
    private void lead() {
        restoreWebhookClaims();
        try {
            if (webhook
                    && consumer instanceof dev.camelcoding.component.CodingWebhookConsumer hooks
                    && hooks.isStarted()) {
                // the listener keeps this source's target: only the backstop poll (hybrid) starts over
                hooks.restartBackstop();
            } else {
                if (webhook) {
                    ServiceHelper.stopService(consumer);
                }
                ServiceHelper.startService(consumer);
            }
        } catch (Exception e) {
            LOG.warn("Reader of {}: could not start reading CODING: {}", source, e.getMessage());
        }
    }

    /**
     * Hybrid mode: before the first backstop poll, claims the issue versions deliveries logged lately (the previous
     * reader's, or this process's before a kill), so the poll does not log them again. Lately: within the backstop
     * interval plus twice the lookback, the span a poll from the stored cursor reads again and the ledger keeps.
     */
    private void restoreWebhookClaims() {
        CrossPathLedger ledger = endpoint.crossPathLedger();
        if (ledger == null || endpoint.getTable() != CodingTable.ISSUES) {
            return;
        }
        CodingConfiguration config = endpoint.getConfiguration();
        Instant since = Instant.now()
                .minus(config.getBackstopInterval())
                .minus(config.getLookback().multipliedBy(2));
        try {
            int claimed = WebhookClaims.restore(storage.log(), source, since, ledger);
            LOG.debug("Reader of {}: {} issue versions logged by deliveries since {} claimed", source, claimed, since);
        } catch (RuntimeException e) {
            // without them the backstop may log a delivered version once more (its dedup key lets sinks drop it)
            LOG.warn("Reader of {}: could not read what deliveries logged lately: {}", source, e.getMessage());
        }
    }

    /** Another process reads now: stop polling (a webhook listener stays, answering 503 until it leads again). */
    private void follow() {
        if (!webhook) {
            ServiceHelper.stopService(consumer);
        }
    }

    /** The fence of this process's lease on the source, while it is the reader. */
    private java.util.Optional<dev.camelcoding.component.changelog.Fence> fence() {
        JdbcLeaseView view = lease;
        return view == null ? java.util.Optional.empty() : view.fence();
    }

    public void stop() {
        synchronized (this) {
            closed = true;
        }
        transitions.shutdown();
        try {
            if (!transitions.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn(
                        "Reader of {}: its switch between reading and following has not ended 30 s after the stop"
                                + " began; stopping without it. It waits in {}",
                        source,
                        ThreadWhere.of(transitionThread));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ServiceHelper.stopService(consumer);
        try {
            if (lease != null) {
                storage.cluster().releaseView(lease);
            }
        } catch (Exception e) {
            LOG.debug("could not release the lease view of {}", source, e);
        }
        ServiceHelper.stopService(endpoint);
    }

    public SourceId source() {
        return source;
    }

    /** The reader's consumer (polling, or webhook with its backstop), for tests and status. */
    public Consumer consumer() {
        return consumer;
    }
}
