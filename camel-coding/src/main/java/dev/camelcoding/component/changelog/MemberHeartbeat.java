package dev.camelcoding.component.changelog;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one heartbeat of a {@link JdbcLeaseClusterService}: every renew interval, on one thread for all its namespaces,
 * it keeps this member's heartbeat row alive, renews every lease the member leads in one statement, reads who holds
 * what and which members live, and balances: takes free leases up to the member's {@link FairShare}, hands over what
 * a member below its share asked for, asks for what it is short of. Four statements a beat in the steady state,
 * whatever the number of sources (one statement per lease per interval before).
 *
 * <p>A lease is taken, renewed and handed over only here, so the views need no thread of their own; a watchdog
 * thread steps a view down at its deadline even while this heartbeat hangs in a database call, and listeners are
 * told on a thread of their own, so a slow listener delays no renewal.
 */
final class MemberHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(MemberHeartbeat.class);

    private final LeaseStore store;
    private final String memberId;
    private final boolean fairShare;
    private final long renewMillis;
    private final long takeBudgetNanos;
    private final LongSupplier nanoClock;
    private final Set<JdbcLeaseView> views = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean beatRequested = new AtomicBoolean();
    private final Random random = new Random();

    // the heartbeat thread's own
    private final Map<String, Integer> freeBeats = new HashMap<>();
    private boolean counted;
    private final BalanceLines balanceLines = new BalanceLines();

    private volatile ScheduledExecutorService beats;
    private volatile ScheduledThreadPoolExecutor watchdog;
    private volatile ExecutorService events;

    MemberHeartbeat(
            LeaseStore store,
            String memberId,
            boolean fairShare,
            Duration leaseDuration,
            Duration renewInterval,
            Duration stepDownMargin,
            LongSupplier nanoClock) {
        this.store = store;
        this.memberId = memberId;
        this.fairShare = fairShare;
        this.renewMillis = renewInterval.toMillis();
        // A beat that takes many leases delays the next beat's renewals: it may last until the held leases' deadline
        // less two intervals (the wait for the next beat and that beat's own statements), at least half an interval.
        this.takeBudgetNanos = Math.max(
                renewInterval.dividedBy(2).toNanos(),
                leaseDuration
                        .minus(stepDownMargin)
                        .minus(renewInterval.multipliedBy(2))
                        .toNanos());
        this.nanoClock = nanoClock;
        // the watchdog and the events exist before start: a view may be created (and stopped) before its service
        this.watchdog = watchdog();
        this.events = Executors.newSingleThreadExecutor(daemon("events"));
    }

    synchronized void start() {
        if (watchdog.isShutdown()) {
            watchdog = watchdog();
            events = Executors.newSingleThreadExecutor(daemon("events"));
        }
        beats = Executors.newSingleThreadScheduledExecutor(daemon("heartbeat"));
        beats.scheduleWithFixedDelay(this::beat, 0, renewMillis, TimeUnit.MILLISECONDS);
    }

    /** A view starts: it is balanced from the next beat, which comes at once so that a lone reader starts now. */
    void join(JdbcLeaseView view) {
        views.add(view);
        ScheduledExecutorService now = beats;
        if (now != null && beatRequested.compareAndSet(false, true)) {
            try {
                now.execute(() -> {
                    beatRequested.set(false);
                    beat();
                });
            } catch (RejectedExecutionException stopping) {
                beatRequested.set(false);
            }
        }
    }

    /** A view stops; it gives its own lease back. */
    void leave(JdbcLeaseView view) {
        views.remove(view);
    }

    /** Gives {@code lease} back at once (a view stops cleanly). */
    void release(Lease lease) throws SQLException {
        store.release(lease);
    }

    /** Runs {@code stepDown} after {@code delayNanos} on the watchdog thread. */
    ScheduledFuture<?> watch(Runnable stepDown, long delayNanos) {
        return watchdog.schedule(stepDown, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Tells listeners on the events thread, in order; at once on the caller's thread once the member has stopped. */
    void tell(Runnable publish) {
        try {
            events.execute(publish);
        } catch (RejectedExecutionException stopped) {
            publish.run();
        }
    }

    /** Stops beating; the views then stop and release their leases. */
    void stopBeating() throws InterruptedException {
        ScheduledExecutorService stopping = beats;
        beats = null;
        if (stopping != null) {
            // shutdown, not shutdownNow: interrupting a thread inside a JDBC call closes an embedded H2 database's
            // FileChannel (NIO channels close on interrupt), and H2 then closes the whole database for every node
            stopping.shutdown();
            if (!stopping.awaitTermination(renewMillis * 2, TimeUnit.MILLISECONDS)) {
                stopping.shutdownNow(); // a call that hangs past two renewals: interrupting is the lesser harm
            }
        }
    }

    /** After the views stopped: the member leaves the store's count at once, and its threads end. */
    void close() throws InterruptedException {
        if (fairShare) {
            try {
                store.leave(memberId);
            } catch (SQLException e) {
                LOG.warn(
                        "Could not remove the heartbeat row of {} (it expires with its leases): {}",
                        memberId,
                        e.getMessage());
            }
        }
        counted = false;
        watchdog.shutdownNow();
        events.shutdown();
        events.awaitTermination(renewMillis * 2, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            List<JdbcLeaseView> running = List.copyOf(views);
            if (running.isEmpty()) {
                leaveIfCounted(); // a member that wants no source must not lower the others' share
                return;
            }
            long started = nanoClock.getAsLong();
            if (fairShare) {
                try {
                    store.heartbeat(memberId); // before the renewals: the row never outlives this member's leases
                    counted = true;
                } catch (SQLException e) {
                    LOG.warn("Could not renew the heartbeat of member {}: {}", memberId, e.getMessage());
                }
            }
            renew(running);
            LeaseTable table;
            try {
                table = store.read();
            } catch (SQLException e) {
                LOG.warn("Could not read the leases (retrying on the next beat): {}", e.getMessage());
                return;
            }
            balance(running, table, started);
        } catch (RuntimeException e) { // keep the heartbeat alive whatever happens
            LOG.warn("Lease heartbeat of member {} failed: {}", memberId, e.toString());
        }
    }

    private void leaveIfCounted() {
        if (counted) {
            try {
                store.leave(memberId);
                counted = false;
            } catch (SQLException e) {
                LOG.debug("Could not remove the heartbeat row of {}: {}", memberId, e.getMessage());
            }
        }
    }

    /** One statement (per 500 leases) renews every lease this member leads; a refused one steps its view down. */
    private void renew(List<JdbcLeaseView> running) {
        Map<JdbcLeaseView, Lease> leading = new HashMap<>();
        for (JdbcLeaseView view : running) {
            view.leading().ifPresent(lease -> leading.put(view, lease));
        }
        if (leading.isEmpty()) {
            return;
        }
        long sent = nanoClock.getAsLong();
        Set<String> renewed;
        try {
            renewed = store.renewAll(memberId, leading.values());
        } catch (SQLException e) {
            LOG.warn(
                    "Could not renew the {} leases of member {} (retrying until they run out): {}",
                    leading.size(),
                    memberId,
                    e.getMessage());
            return;
        }
        leading.forEach((view, lease) -> {
            if (renewed.contains(lease.namespace())) {
                view.renewed(lease, sent);
            } else {
                view.refused(lease);
            }
        });
    }

    private void balance(List<JdbcLeaseView> running, LeaseTable table, long started) {
        Map<String, JdbcLeaseView> byNamespace = new HashMap<>();
        Set<String> leading = new HashSet<>();
        List<String> free = new ArrayList<>();
        for (JdbcLeaseView view : running) {
            String namespace = view.getNamespace();
            byNamespace.put(namespace, view);
            LeaseTable.Running lease = table.running().get(namespace);
            if (view.leading().isPresent()) {
                leading.add(namespace);
                continue;
            }
            Optional<String> other = Optional.ofNullable(lease)
                    .map(LeaseTable.Running::holder)
                    .filter(holder -> !holder.equals(memberId));
            view.follow(other);
            if (other.isEmpty()) {
                free.add(namespace); // nobody's, or a row of this member's that its view no longer leads
            }
        }
        freeBeats.keySet().retainAll(free);
        free.forEach(namespace -> freeBeats.merge(namespace, 1, Integer::sum));
        Collections.shuffle(free, random); // members starting together then mostly try different leases

        FairShare fair = fairShare ? new FairShare(memberId, byNamespace.keySet(), leading, table) : null;
        int held = leading.size();
        if (fair != null) {
            for (String namespace : fair.handOvers(leading)) {
                if (handOver(byNamespace.get(namespace), table.running().get(namespace))) {
                    held--;
                }
            }
        }
        int room = fair == null ? Integer.MAX_VALUE : fair.room(held);
        int taken = 0;
        int tried = 0;
        for (String namespace : free) {
            boolean orphan = freeBeats.getOrDefault(namespace, 0) >= FairShare.ORPHAN_BEATS;
            if (taken >= room && !orphan) {
                continue;
            }
            if (tried++ > 0 && nanoClock.getAsLong() - started > takeBudgetNanos) {
                break; // the held leases' renewals must not wait for many takeovers: the rest on the next beat
            }
            if (acquire(byNamespace.get(namespace))) {
                taken++;
            }
        }
        if (fair != null) {
            for (String namespace : fair.requests(byNamespace.keySet(), held + taken)) {
                try {
                    store.request(namespace, memberId);
                } catch (SQLException e) {
                    LOG.warn("Could not ask for the lease of {}: {}", namespace, e.getMessage());
                }
            }
            logBalance(held + taken, fair);
        }
    }

    private boolean handOver(JdbcLeaseView view, LeaseTable.Running asked) {
        Optional<Lease> handed = view.handOver(); // stops reading before the row is free for another
        if (handed.isEmpty()) {
            return false;
        }
        LOG.info(
                "Handing {} over to member {}, below its fair share",
                view.getNamespace(),
                asked.requestedBy().orElse("?"));
        try {
            store.release(handed.get());
        } catch (SQLException e) {
            LOG.warn(
                    "Could not release the lease of {} (the other member takes it when it expires): {}",
                    view.getNamespace(),
                    e.getMessage());
        }
        return true;
    }

    private boolean acquire(JdbcLeaseView view) {
        long sent = nanoClock.getAsLong();
        try {
            Optional<Lease> acquired = store.tryAcquire(view.getNamespace(), memberId);
            if (acquired.isEmpty()) {
                return false; // another member was quicker: the next beat shows who
            }
            if (!view.adopt(acquired.get(), sent)) { // stopping meanwhile: do not sit on a lease nobody renews
                store.release(acquired.get());
                return false;
            }
            return true;
        } catch (SQLException e) {
            LOG.warn("Could not take the lease of {}: {}", view.getNamespace(), e.getMessage());
            return false;
        }
    }

    /** One line when this member's share or count changes: INFO when the live members changed, else DEBUG. */
    private void logBalance(int held, FairShare fair) {
        balanceLines
                .levelOf(held, fair.share(), fair.sources(), fair.members())
                .ifPresent(level -> LOG.atLevel(level)
                        .log(
                                "Member {} reads {} of {} sources (fair share {} with {} live member(s))",
                                memberId,
                                held,
                                fair.sources(),
                                fair.share(),
                                fair.members()));
    }

    private ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, daemon("watchdog"));
        watchdog.setRemoveOnCancelPolicy(true); // a renewal cancels the previous deadline: hundreds per interval
        return watchdog;
    }

    private ThreadFactory daemon(String role) {
        return runnable -> {
            Thread thread = new Thread(runnable, "coding-lease-" + role + "[" + memberId + "]");
            thread.setDaemon(true);
            return thread;
        };
    }
}
