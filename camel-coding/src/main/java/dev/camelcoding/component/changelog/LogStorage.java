package dev.camelcoding.component.changelog;

import dev.camelcoding.component.polling.StoredCommentIndex;
import dev.camelcoding.component.polling.StoredKnownCodes;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StoreStateRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One change log storage as the {@code logCache} option names it, with everything kept in its database: the log,
 * the consumers' offsets, the readers' leases (a {@link JdbcLeaseClusterService}) and the readers' cursors (so a
 * reader that takes over in another process continues where the last one stopped), plus the retention schedule.
 * One per storage and CamelContext; the component shares it between every endpoint that names the same storage.
 */
public final class LogStorage extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LogStorage.class);

    private final CamelContext camelContext;
    private final String name;
    private final DataSource dataSource;
    private final AutoCloseable ownedPool;
    private final Duration retention;
    /** Wakes this process's consumers of a source when an append to it commits (owned here: no global registry). */
    private final AppendSignals appendSignals = new AppendSignals();

    private JdbcChangeLog log;
    private ChangeLog signallingLog;
    private ConsumerOffsets offsets;
    private JdbcLeaseClusterService cluster;
    private CodingStore store;
    private StoreStateRepository readerState;
    private Consumer retentionTrigger;
    private Duration leaseDuration = JdbcLeaseClusterService.DEFAULT_LEASE_DURATION;

    private LogStorage(
            CamelContext camelContext,
            String name,
            DataSource dataSource,
            AutoCloseable ownedPool,
            Duration retention) {
        this.camelContext = camelContext;
        this.name = name;
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.retention = retention;
    }

    /**
     * The storage {@code logCache} names: {@code embedded} (an H2 file in {@code dataDirectory}) or {@code #bean} (a
     * DataSource in the registry).
     */
    public static LogStorage resolve(
            CamelContext camelContext, String logCache, String dataDirectory, Duration retention) {
        String spec = logCache.trim();
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("logRetention must be positive, got " + retention);
        }
        if ("embedded".equals(spec)) {
            Path directory = Path.of(dataDirectory).toAbsolutePath();
            try {
                Files.createDirectories(directory);
            } catch (java.io.IOException e) {
                throw new ChangeLogException(
                        "cannot create the data directory " + directory + " for the embedded" + " change log: "
                                + e.getMessage(),
                        e);
            }
            org.h2.jdbcx.JdbcConnectionPool pool;
            try {
                dev.camelcoding.component.store.EmbeddedStore.announceEarlierBuild(directory);
                pool = org.h2.jdbcx.JdbcConnectionPool.create(
                        dev.camelcoding.component.store.EmbeddedStore.url(directory),
                        dev.camelcoding.component.store.EmbeddedStore.USER,
                        "");
            } catch (NoClassDefFoundError missing) {
                throw new IllegalArgumentException(
                        "logCache=embedded needs the H2 driver (com.h2database:h2) on the"
                                + " classpath; or name a DataSource bean: logCache=#myDataSource",
                        missing);
            }
            pool.setMaxConnections(16);
            return new LogStorage(camelContext, "embedded:" + directory, pool, pool::dispose, retention);
        }
        if (spec.startsWith("#")) {
            String bean = spec.substring(1).startsWith("bean:") ? spec.substring(6) : spec.substring(1);
            DataSource dataSource = camelContext.getRegistry().lookupByNameAndType(bean, DataSource.class);
            if (dataSource == null) {
                throw new IllegalArgumentException(
                        "logCache=" + spec + ": no javax.sql.DataSource bean named '" + bean + "' in the registry");
            }
            return new LogStorage(camelContext, "bean:" + bean, dataSource, null, retention);
        }
        throw new IllegalArgumentException(
                "logCache must be none, embedded or #bean (a DataSource in the registry)," + " got '" + logCache + "'");
    }

    /**
     * How long the readers' leases last without renewal (renewed every third of it); set before the start. The
     * bound on how long a source goes unread after its reader's process died.
     */
    public void leaseDuration(Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("logLeaseDuration must be positive, got " + duration);
        }
        this.leaseDuration = duration;
    }

    /** What identifies this storage: two endpoints naming the same one share it. */
    public static String keyOf(String logCache, String dataDirectory) {
        String spec = logCache.trim();
        return "embedded".equals(spec)
                ? "embedded:" + Path.of(dataDirectory).toAbsolutePath()
                : "bean:" + (spec.startsWith("#bean:") ? spec.substring(6) : spec.substring(1));
    }

    @Override
    protected void doStart() throws Exception {
        store = CodingStore.open(name, dataSource);
        store.define(StoreStateRepository.PART);
        store.define(StoredKnownCodes.PART);
        store.define(StoredCommentIndex.PART);
        // the log on the very store instance the readers' state uses: a transaction is bound per store instance, so
        // only then does a page's append join the transaction of its cursor
        log = new JdbcChangeLog(store);
        signallingLog = new SignallingChangeLog(log, appendSignals);
        offsets = new ConsumerOffsets(dataSource, log);
        cluster = new JdbcLeaseClusterService(dataSource);
        cluster.setLeaseDuration(leaseDuration);
        // a third of the lease: two renewals fit in it with room to spare, as the defaults (15 s, 5 s) have it
        cluster.setRenewInterval(leaseDuration.dividedBy(3));
        cluster.setCamelContext(camelContext);
        ServiceHelper.startService(cluster);
        readerState = new StoreStateRepository(store);
        ServiceHelper.startService(readerState);
        startRetention();
        LOG.info(
                "Change log {}: entries kept {}, one reader per source elected on its database (node {})",
                name,
                retention,
                cluster.getId());
    }

    /**
     * Purges entries older than the retention on a Quartz schedule: every tenth of the retention, at most hourly. The
     * Quartz endpoint's consumer calls this storage directly (no route), so the schedule lives and dies with it.
     */
    private void startRetention() throws Exception {
        long everyMs = Math.max(1_000, Math.min(Duration.ofHours(1).toMillis(), retention.toMillis() / 10));
        Endpoint quartz;
        try {
            quartz = camelContext.getEndpoint("quartz://coding-changelog/retention-"
                    + Integer.toHexString(name.hashCode()) + "?trigger.repeatInterval=" + everyMs
                    + "&trigger.repeatCount=-1&stateful=true");
        } catch (RuntimeException missing) {
            throw new IllegalArgumentException(
                    "the change log's retention runs on camel-quartz: add"
                            + " org.apache.camel:camel-quartz to the classpath (" + missing.getMessage() + ")",
                    missing);
        }
        retentionTrigger = quartz.createConsumer(exchange -> purge());
        ServiceHelper.startService(retentionTrigger);
    }

    /** Deletes the entries appended before now less the retention; answers how many. */
    public long purge() {
        long purged = log.purgeOlderThan(Instant.now().minus(retention));
        if (purged > 0) {
            LOG.info("Change log {}: purged {} entries older than {}", name, purged, retention);
        }
        return purged;
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(retentionTrigger, readerState, cluster);
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    public String name() {
        return name;
    }

    /** Whether other processes may use this log (a DataSource bean), unlike the embedded H2 file (one process). */
    public boolean shared() {
        return ownedPool == null;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The log; an append through it wakes this process's consumers of the source ({@link #appendSignals()}). */
    public ChangeLog log() {
        return Objects.requireNonNull(signallingLog, "the change log storage is not started");
    }

    /** Where this process's consumers wait for appends to their source. */
    public AppendSignals appendSignals() {
        return appendSignals;
    }

    public ConsumerOffsets offsets() {
        return offsets;
    }

    public JdbcLeaseClusterService cluster() {
        return cluster;
    }

    /** Where the readers keep their cursors: in the log's database, shared by every process that may take over. */
    public StoreStateRepository readerState() {
        return readerState;
    }

    /** The store this log lives in: every durable fact of the product, one database, one transaction per page. */
    public CodingStore store() {
        return store;
    }
}
