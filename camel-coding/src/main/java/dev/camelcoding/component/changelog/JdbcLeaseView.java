package dev.camelcoding.component.changelog;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of a {@link JdbcLeaseClusterService}: this node leads it while it holds the namespace's lease row.
 *
 * <p>The view keeps where this node stands; the service's one {@link MemberHeartbeat} takes, renews and hands over its
 * lease together with every other namespace's. The leader's own deadline is the moment the heartbeat <em>sent</em>
 * its last successful renewal plus the lease duration, less a margin: the database computed the new expiry from its
 * clock at or after that moment, so the lease cannot expire in the database, and no other node can take it, before
 * this node has stepped down. The service's watchdog thread steps down at that deadline even when the heartbeat is
 * stuck in a database call that does not return. A renewal the database refuses (lease taken over or expired) steps
 * down at once; a renewal that fails with an error is retried on the next beat until the deadline.
 */
public final class JdbcLeaseView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcLeaseView.class);

    /** Where this node stands in the namespace. */
    private sealed interface Standing permits Leading, Following {}

    /** This node holds {@code lease} and must step down at {@code deadlineNanos} unless it renews first. */
    private record Leading(Lease lease, long deadlineNanos) implements Standing {}

    /** Another node leads ({@code leader}), or nobody is known to. */
    private record Following(Optional<String> leader) implements Standing {}

    private final MemberHeartbeat heartbeat;
    private final String localId;
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
    private ScheduledFuture<?> stepDown; // guarded by lock

    JdbcLeaseView(
            JdbcLeaseClusterService service,
            String namespace,
            MemberHeartbeat heartbeat,
            Duration leaseDuration,
            Duration stepDownMargin,
            LongSupplier nanoClock) {
        super(service, namespace);
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
        this.localId = Objects.requireNonNull(service.getId(), "the cluster service's id");
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
        heartbeat.join(this);
    }

    @Override
    protected void doStop() {
        heartbeat.leave(this);
        synchronized (lock) {
            cancelStepDown();
            if (standing instanceof Leading leading) {
                try {
                    heartbeat.release(leading.lease()); // hand over at once instead of after expiry
                } catch (SQLException e) {
                    LOG.warn(
                            "Could not release the lease of {} (another node takes it when it expires): {}",
                            getNamespace(),
                            e.getMessage());
                }
            }
            standing = new Following(Optional.empty());
        }
        publish();
    }

    // --- what the member's heartbeat tells this view ----------------------------------------------------------------

    /** The lease this node leads under, while it leads. */
    Optional<Lease> leading() {
        return standing instanceof Leading leading ? Optional.of(leading.lease()) : Optional.empty();
    }

    /** The heartbeat renewed {@code lease} with a statement sent at {@code sentNanos}: the deadline moves on. */
    void renewed(Lease lease, long sentNanos) {
        synchronized (lock) {
            if (!(standing instanceof Leading leading) || !leading.lease().equals(lease)) {
                return; // the watchdog stepped down meanwhile; a later beat takes a new lease with a new epoch
            }
            lead(lease, sentNanos);
        }
    }

    /** The database refused to renew {@code lease}: it was taken over or had expired. */
    void refused(Lease lease) {
        synchronized (lock) {
            if (!(standing instanceof Leading leading) || !leading.lease().equals(lease)) {
                return;
            }
            LOG.warn("Lost the lease of {}: the database refused its renewal (taken over or expired)", getNamespace());
            cancelStepDown();
            standing = new Following(Optional.empty());
        }
        publish();
    }

    /**
     * The heartbeat took {@code lease} with a statement sent at {@code sentNanos}: lead under it. False when this view
     * is stopping or leads already, and the caller must give the lease back.
     */
    boolean adopt(Lease lease, long sentNanos) {
        synchronized (lock) {
            if (!isRunAllowed() || standing instanceof Leading) {
                return false;
            }
            LOG.info("Leading {} with lease epoch {}", getNamespace(), lease.epoch());
            lead(lease, sentNanos);
        }
        publish();
        return true;
    }

    /**
     * Steps down so that the heartbeat can release the lease to a member below its fair share: this node stops
     * reading before the row is free for another. Answers the lease to release, if this view led.
     */
    Optional<Lease> handOver() {
        Optional<Lease> handed;
        synchronized (lock) {
            if (!(standing instanceof Leading leading)) {
                return Optional.empty();
            }
            cancelStepDown();
            handed = Optional.of(leading.lease());
            standing = new Following(Optional.empty());
        }
        publish();
        return handed;
    }

    /** While following: who leads now, as the heartbeat last read it. */
    void follow(Optional<String> leader) {
        synchronized (lock) {
            if (!(standing instanceof Following following) || following.leader().equals(leader)) {
                return;
            }
            standing = new Following(leader);
        }
        publish();
    }

    /** Leads under {@code lease} until its renewal sent at {@code sentNanos} runs out; the caller holds the lock. */
    private void lead(Lease lease, long sentNanos) {
        Leading leading = new Leading(lease, sentNanos + leaseNanos - marginNanos);
        standing = leading;
        cancelStepDown();
        long delay = Math.max(0, leading.deadlineNanos() - nanoClock.getAsLong());
        stepDown = heartbeat.watch(() -> stepDownIfDue(leading), delay);
    }

    private void cancelStepDown() {
        if (stepDown != null) {
            stepDown.cancel(false);
            stepDown = null;
        }
    }

    private void stepDownIfDue(Leading leading) {
        synchronized (lock) {
            if (standing != leading || nanoClock.getAsLong() - leading.deadlineNanos() < 0) {
                return;
            }
            LOG.warn("Lost the lease of {}: not renewed in time", getNamespace());
            standing = new Following(Optional.empty());
        }
        publish();
    }

    /**
     * Tells the listeners who leads now, when that changed since they were last told, on the member's events thread
     * (a slow listener delays no renewal). Two changes in quick succession may reach the listeners as one, always
     * the latest.
     */
    private void publish() {
        heartbeat.tell(() -> {
            synchronized (publishing) {
                Optional<CamelClusterMember> leader = leaderOf(standing);
                if (!leader.equals(published)) {
                    published = leader;
                    fireLeadershipChangedEvent(leader);
                }
            }
        });
    }

    private Optional<CamelClusterMember> leaderOf(Standing now) {
        if (now instanceof Leading) {
            return Optional.of(new LeaseMember(localId, true, true));
        }
        return ((Following) now).leader().map(id -> new LeaseMember(id, true, false));
    }
}
