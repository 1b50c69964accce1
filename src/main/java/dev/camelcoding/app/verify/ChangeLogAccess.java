package dev.camelcoding.app.verify;

import dev.camelcoding.component.changelog.ChangeLog;
import dev.camelcoding.component.changelog.Fence;
import dev.camelcoding.component.changelog.JdbcChangeLog;
import dev.camelcoding.component.changelog.JdbcLeaseClusterService;
import dev.camelcoding.component.changelog.JdbcLeaseView;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.event.CodingChange;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The one place {@code verify --repair} touches the change log: it takes a source's reader lease, as a reader does,
 * and appends under that lease's fence, so the repair's events get sequences of their own in the source's log and
 * every consumer reads them like the reader's. A source whose lease another process holds (a running {@code run})
 * is refused: its reader appends to that log, and two writers would need the lease in turn. Closing gives the leases
 * back at once, so a {@code run} started afterwards reads on without waiting for them to expire.
 */
public final class ChangeLogAccess implements AutoCloseable {

    /** How long to wait for the first word on a lease: taken, or held by another node. */
    private static final Duration LEASE_ANSWER = Duration.ofSeconds(10);

    private final ChangeLog log;
    private final JdbcLeaseClusterService cluster;
    private final Map<SourceId, JdbcLeaseView> views = new HashMap<>();

    /** The change log in {@code dataSource}; {@code camel} runs the lease heartbeats. */
    public ChangeLogAccess(CamelContext camel, DataSource dataSource) {
        this.log = new JdbcChangeLog(dataSource);
        this.cluster = new JdbcLeaseClusterService(dataSource);
        // a one-off repair: it takes a source only when no run reads it, and must not make the runs hand theirs over
        cluster.setFairShare(false);
        cluster.setCamelContext(camel);
        ServiceHelper.startService(cluster);
    }

    /** Thrown when another process reads a source: nothing may be appended to it from here now. */
    public static final class SourceBusyException extends RuntimeException {
        public SourceBusyException(String message) {
            super(message);
        }
    }

    /**
     * Takes the reader lease of {@code source}, or throws {@link SourceBusyException} naming the node that holds it.
     */
    public void lease(SourceId source) {
        JdbcLeaseView view = views.get(source);
        if (view == null) {
            try {
                view = (JdbcLeaseView) cluster.getView(source.readerNamespace());
                ServiceHelper.startService(view);
            } catch (Exception e) {
                throw new IllegalStateException("cannot open the reader lease of " + source + ": " + e.getMessage(), e);
            }
            views.put(source, view);
        }
        long deadline = System.nanoTime() + LEASE_ANSWER.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (view.fence().isPresent()) {
                return;
            }
            Optional<CamelClusterMember> other = view.getLeader().filter(leader -> !leader.isLocal());
            if (other.isPresent()) {
                throw new SourceBusyException(
                        source + " is read by " + other.get().getId()
                                + " (a running ./coding-sync run): stop it, or wait until it has stopped, then run verify"
                                + " --repair again");
            }
            try {
                Thread.sleep(20); // the view's heartbeat answers within one beat of its start
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while taking the reader lease of " + source, e);
            }
        }
        throw new SourceBusyException("no answer from the reader lease of " + source + " within "
                + LEASE_ANSWER.toSeconds() + " s: the change log's database is slow or unreachable");
    }

    /** Appends {@code entries} to {@code source} in one transaction under the lease {@link #lease} took. */
    public void append(SourceId source, List<CodingChange> entries) {
        if (entries.isEmpty()) {
            return;
        }
        JdbcLeaseView view = views.get(source);
        Fence fence = (view == null ? Optional.<Fence>empty() : view.fence())
                .orElseThrow(() -> new SourceBusyException("lost the reader lease of " + source
                        + " before the repair was written: run verify --repair again"));
        log.append(source, entries, fence);
    }

    @Override
    public void close() {
        // each view gives its lease back as it stops (JdbcLeaseView.doStop)
        views.values().forEach(ServiceHelper::stopService);
        ServiceHelper.stopService(cluster);
    }
}
