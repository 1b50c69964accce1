package dev.camelcoding.component.changelog;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of a {@link JdbcLeaseClusterService}: this node leads it while it holds the namespace's lease row.
 *
 * <p>A heartbeat tries to take the lease while following, and renews it every renew interval while leading. The
 * leader's own deadline is the moment it <em>sent</em> its last successful renewal plus the lease duration, less a
 * margin: the database computed the new expiry from its clock at or after that moment, so the lease cannot expire
 * in the database, and no other node can take it, before this node has stepped down. A separate watchdog thread
 * steps down at that deadline even when the heartbeat is stuck in a database call that does not return. A renewal
 * the database refuses (lease taken over or expired) steps down at once; a renewal that fails with an error is
 * retried on the next beat until the deadline.
 */
public final class JdbcLeaseView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcLeaseView.class);

    /** Where this node stands in the namespace. */
    private sealed interface Standing permits Leading, Following {}

    /** This node holds {@code lease} and must step down at {@code deadlineNanos} unless it renews first. */
    private record Leading(Lease lease, long deadlineNanos) implements Standing {}

    /** Another node leads ({@code leader}), or nobody is known to. */
    private record Following(Optional<String> leader) implements Standing {}

    private final LeaseStore store;
    private final String localId;
    private final long renewMillis;
    private final long leaseNanos;
    private final long marginNanos;
    private final LongSupplier nanoClock;
    /** Serialises changes of {@link #standing}; never held while listeners run. */
    private final Object lock = new Object();
    /**
     * Serialises telling the listeners. Not {@link #lock}: Camel's view calls {@link #getLeader} while it holds its
     * own listener lock (in {@code addEventListener}), and firing an event takes that lock, so firing under
     * {@link #lock} while getLeader waits for it deadlocks. Readers of the standing therefore take no lock at all.
     */
    private final Object publishing = new Object();

    private volatile Standing standing = new Following(Optional.empty());
    private Optional<CamelClusterMember> published = Optional.empty(); // guarded by publishing
    private ScheduledExecutorService heartbeat;
    private ScheduledExecutorService watchdog;

    JdbcLeaseView(
            JdbcLeaseClusterService service,
            String namespace,
            LeaseStore store,
            Duration leaseDuration,
            Duration renewInterval,
            Duration stepDownMargin,
            LongSupplier nanoClock) {
        super(service, namespace);
        this.store = Objects.requireNonNull(store, "store");
        this.localId = Objects.requireNonNull(service.getId(), "the cluster service's id");
        this.renewMillis = renewInterval.toMillis();
        this.leaseNanos = leaseDuration.toNanos();
        this.marginNanos = stepDownMargin.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The fence for appends, while this node leads the namespace and its deadline has not passed. */
    public Optional<Fence> fence() {
        if (standing instanceof Leading leading && nanoClock.getAsLong() - leading.deadlineNanos() < 0) {
            return Optional.of(leading.lease().fence());
        }
        return Optional.empty();
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return leaderOf(standing);
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return new LeaseMember(localId, standing instanceof Leading, true);
    }

    /** This node, and the leader when it is another node: a lease knows no other members. */
    @Override
    public List<CamelClusterMember> getMembers() {
        List<CamelClusterMember> members = new ArrayList<>();
        members.add(getLocalMember());
        getLeader().filter(leader -> !leader.isLocal()).ifPresent(members::add);
        return members;
    }

    @Override
    protected void doStart() {
        heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("heartbeat"));
        watchdog = Executors.newSingleThreadScheduledExecutor(daemon("watchdog"));
        heartbeat.scheduleWithFixedDelay(this::beat, 0, renewMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws InterruptedException {
        // shutdown, not shutdownNow: interrupting a thread inside a JDBC call closes an embedded H2 database's
        // FileChannel (NIO channels close on interrupt), and H2 then closes the whole database for every node
        heartbeat.shutdown();
        watchdog.shutdown();
        if (!heartbeat.awaitTermination(renewMillis * 2, TimeUnit.MILLISECONDS)) {
            heartbeat.shutdownNow(); // a call that hangs past two renewals: interrupting is the lesser harm
        }
        watchdog.shutdownNow();
        synchronized (lock) {
            if (standing instanceof Leading leading) {
                try {
                    store.release(leading.lease()); // hand over at once instead of after expiry
                } catch (SQLException e) {
                    LOG.warn(
                            "Could not release the lease of {} (another node takes it when it expires): {}",
                            getNamespace(),
                            e.getMessage());
                }
                standing = new Following(Optional.empty());
            }
        }
        publish();
    }

    private void beat() {
        try {
            Standing now;
            synchronized (lock) {
                now = standing;
            }
            if (now instanceof Leading leading) {
                renew(leading);
            } else {
                acquireOrWatch((Following) now);
            }
        } catch (RuntimeException e) { // keep the heartbeat alive whatever happens
            LOG.warn("Lease heartbeat of {} failed: {}", getNamespace(), e.toString());
        }
    }

    private void renew(Leading leading) {
        long sent = nanoClock.getAsLong();
        boolean renewed;
        try {
            renewed = store.renew(leading.lease());
        } catch (SQLException e) {
            LOG.warn(
                    "Could not renew the lease of {} (retrying until it runs out): {}", getNamespace(), e.getMessage());
            return;
        }
        synchronized (lock) {
            if (standing != leading) {
                return; // the watchdog stepped down meanwhile; the next beat takes a new lease with a new epoch
            }
            if (renewed) {
                lead(leading.lease(), sent);
            } else {
                LOG.warn(
                        "Lost the lease of {}: the database refused its renewal (taken over or expired)",
                        getNamespace());
                standing = new Following(Optional.empty());
            }
        }
        publish();
    }

    private void acquireOrWatch(Following following) {
        long sent = nanoClock.getAsLong();
        try {
            Optional<Lease> acquired = store.tryAcquire(getNamespace(), localId);
            Optional<String> holder = acquired.isPresent() ? Optional.empty() : store.holder(getNamespace());
            synchronized (lock) {
                if (!isRunAllowed() || standing != following) {
                    if (acquired.isPresent()) { // stopping meanwhile: do not sit on a lease nobody renews
                        store.release(acquired.get());
                    }
                    return;
                }
                if (acquired.isPresent()) {
                    LOG.info(
                            "Leading {} with lease epoch {}",
                            getNamespace(),
                            acquired.get().epoch());
                    lead(acquired.get(), sent);
                } else {
                    standing = new Following(holder);
                }
            }
            publish();
        } catch (SQLException e) {
            LOG.warn("Could not read the lease of {}: {}", getNamespace(), e.getMessage());
        }
    }

    /** Leads under {@code lease} until its renewal sent at {@code sentNanos} runs out; the caller holds the lock. */
    private void lead(Lease lease, long sentNanos) {
        Leading leading = new Leading(lease, sentNanos + leaseNanos - marginNanos);
        standing = leading;
        long delay = Math.max(0, leading.deadlineNanos() - nanoClock.getAsLong());
        watchdog.schedule(() -> stepDownIfDue(leading), delay, TimeUnit.NANOSECONDS);
    }

    private void stepDownIfDue(Leading leading) {
        synchronized (lock) {
            if (standing == leading && nanoClock.getAsLong() - leading.deadlineNanos() >= 0) {
                LOG.warn("Lost the lease of {}: not renewed in time", getNamespace());
                standing = new Following(Optional.empty());
            }
        }
        publish();
    }

    /**
     * Tells the listeners who leads now, when that changed since they were last told. Called after each change,
     * outside {@link #lock}; two changes in quick succession may reach the listeners as one, always the latest.
     */
    private void publish() {
        synchronized (publishing) {
            Optional<CamelClusterMember> leader = leaderOf(standing);
            if (!leader.equals(published)) {
                published = leader;
                fireLeadershipChangedEvent(leader);
            }
        }
    }

    private Optional<CamelClusterMember> leaderOf(Standing now) {
        if (now instanceof Leading) {
            return Optional.of(new LeaseMember(localId, true, true));
        }
        return ((Following) now).leader().map(id -> new LeaseMember(id, true, false));
    }

    private java.util.concurrent.ThreadFactory daemon(String role) {
        return runnable -> {
            Thread thread = new Thread(runnable, "coding-lease-" + role + "[" + getNamespace() + "]");
            thread.setDaemon(true);
            return thread;
        };
    }
}
