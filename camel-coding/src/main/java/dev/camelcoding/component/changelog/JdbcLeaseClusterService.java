package dev.camelcoding.component.changelog;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * A Camel cluster service whose leaders are elected on the change log's own database, so that one reader per source
 * needs no extra server (ZooKeeper, Consul, Kubernetes): each namespace is a lease row with an expiry by the
 * database's clock, renewed by the leader's heartbeat, and an epoch that every takeover increments and that fences
 * the leader's appends ({@link Fence}). Use it like any cluster service: add it to the CamelContext, then
 * {@code master:namespace:...} endpoints or a {@code ClusteredRoutePolicy} run their routes on the leader only.
 *
 * <p>The lease duration bounds how long a source goes unread after its reader dies without a clean stop; the renew
 * interval must leave room for at least two renewals in one lease.
 *
 * <p>Several services on one database (one per process) split the namespaces between them: each is a member with a
 * heartbeat row, and each takes about its fair share, {@code ceil(namespaces / live members)} ({@link FairShare}),
 * asking a member above its share to hand over the rest. One heartbeat thread per service renews all its leases in
 * one statement per interval ({@link MemberHeartbeat}).
 */
public class JdbcLeaseClusterService extends AbstractCamelClusterService<JdbcLeaseView> {

    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RENEW_INTERVAL = Duration.ofSeconds(5);

    private DataSource dataSource;
    private Duration leaseDuration = DEFAULT_LEASE_DURATION;
    private Duration renewInterval = DEFAULT_RENEW_INTERVAL;
    private LongSupplier nanoClock = System::nanoTime;
    private boolean fairShare = true;
    private LeaseStore store;
    private MemberHeartbeat heartbeat;

    public JdbcLeaseClusterService() {}

    public JdbcLeaseClusterService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    /** The change log's database, where the lease rows live. */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Duration getLeaseDuration() {
        return leaseDuration;
    }

    /** How long a lease lasts without renewal (15 s by default). */
    public void setLeaseDuration(Duration leaseDuration) {
        this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
    }

    public Duration getRenewInterval() {
        return renewInterval;
    }

    /** How often the leader renews, and a follower tries to take over (5 s by default). */
    public void setRenewInterval(Duration renewInterval) {
        this.renewInterval = Objects.requireNonNull(renewInterval, "renewInterval");
    }

    /** The monotonic clock the leader's own deadline is kept on ({@link System#nanoTime} by default). */
    public void setNanoClock(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    public boolean isFairShare() {
        return fairShare;
    }

    /**
     * Whether this service is a member that takes its fair share of the namespaces and no more, and hands over what
     * a member below its share asks for (the default). Off, it takes every free lease it has a view for, is not
     * counted among the members and never hands over a lease: for a short-lived tool that takes one source's lease
     * only when no process reads it.
     */
    public void setFairShare(boolean fairShare) {
        this.fairShare = fairShare;
    }

    /**
     * The margin by which a leader steps down before its lease can expire in the database: a tenth of the lease, for
     * clock rate differences and a watchdog that runs a little late.
     */
    Duration stepDownMargin() {
        return leaseDuration.dividedBy(10);
    }

    @Override
    protected void doStart() throws Exception {
        store(); // fail on start, not on the first view, when the settings or the database are wrong
        heartbeat.start();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        heartbeat.stopBeating(); // no more takeovers while the views give their leases back
        try {
            super.doStop();
        } finally {
            heartbeat.close();
        }
    }

    @Override
    protected JdbcLeaseView createView(String namespace) {
        store();
        return new JdbcLeaseView(this, namespace, heartbeat, leaseDuration, stepDownMargin(), nanoClock);
    }

    private synchronized LeaseStore store() {
        if (store == null) {
            if (dataSource == null) {
                throw new IllegalStateException(
                        "JdbcLeaseClusterService needs a dataSource: the change log's database");
            }
            if (renewInterval.isZero()
                    || renewInterval.isNegative()
                    || renewInterval.multipliedBy(2).compareTo(leaseDuration.minus(stepDownMargin())) > 0) {
                throw new IllegalArgumentException("JdbcLeaseClusterService: renewInterval (" + renewInterval
                        + ") must be positive and fit twice into 90% of leaseDuration (" + leaseDuration + ")");
            }
            if (getId() == null) {
                // unique per process: a restarted node must not pass for the holder of its predecessor's lease
                setId("node-" + ProcessHandle.current().pid() + "-"
                        + UUID.randomUUID().toString().substring(0, 8));
            }
            store = new LeaseStore(dataSource, ChangeLogSchema.create(dataSource), leaseDuration);
            heartbeat = new MemberHeartbeat(
                    store, getId(), fairShare, leaseDuration, renewInterval, stepDownMargin(), nanoClock);
        }
        return store;
    }
}
