package dev.camelcoding.component;

import dev.camelcoding.client.CodingApiException;
import dev.camelcoding.component.changelog.ChangeExchanges;
import dev.camelcoding.component.changelog.ReaderLog;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.polling.ChangeEmitter;
import dev.camelcoding.component.polling.PollContext;
import dev.camelcoding.component.polling.SharedAnswers;
import dev.camelcoding.component.polling.StateStore;
import dev.camelcoding.component.polling.TablePoller;
import dev.camelcoding.component.polling.TablePollers;
import dev.camelcoding.component.status.PollProblem;
import dev.camelcoding.component.status.PollStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.LoggingExceptionHandler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling consumer: on each scheduled poll, the table's poller reads what changed and each change is handed to
 * the route synchronously. A change whose processing fails stops the poll before the cursor moves past it, so it is
 * read and delivered again on the next poll (at-least-once; the {@code CamelCodingDedupKey} header lets sinks drop
 * repeats).
 *
 * <p>Failures are logged one line per change of state, never a stack trace per poll: a throttled or unreachable
 * CODING is logged once ("issues: CODING unreachable (...), retrying") and its end once ("issues: recovered"). A
 * permanent failure (the credential refused, a permission missing, the project unknown, an invalid option: no retry
 * can cure it) is logged once as an error saying what to fix, recorded in the endpoint's {@link CodingHealth} (so
 * the readiness check and an application see it) and stops the route instead of failing again every poll.
 */
public class CodingPollingConsumer extends ScheduledPollConsumer implements ChangeEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(CodingPollingConsumer.class);

    /** Set by doStart; volatile, as a webhook consumer's delivery thread reads it (see {@link #tablePoller}). */
    private volatile TablePoller poller;

    private CodingReadinessCheck readiness;
    /** The kind of failure the last poll had (CodingHealth's names), null after a good poll: to log state changes. */
    private volatile String failing;

    private volatile boolean stopped;
    /** Held while a poll runs: stopping waits for it, so its state writes end before the state store is closed. */
    private final ReentrantLock polling = new ReentrantLock();
    /** The thread polling now (holding {@link #polling}), for the WARN of a stop that waits for it too long. */
    private volatile Thread pollingThread;
    /** The comments freshness gauges (Micrometer meters, as Objects so the class loads without Micrometer). */
    private java.util.List<?> freshnessMeters = java.util.List.of();
    /** Events emitted but not handed over yet (batchSize > 1); only the polling thread touches it. */
    private final List<ChangeEvent> buffer = new ArrayList<>();
    /** A source's reader: its changes go straight into the change log (null for a consumer that feeds a route). */
    private ReaderLog.Emitter logEmitter;
    /** When the next tick polls: less often while the table is idle (null: every tick, the comments table). */
    private volatile IdlePollSchedule idleSchedule;

    public CodingPollingConsumer(CodingEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public CodingEndpoint getEndpoint() {
        return (CodingEndpoint) super.getEndpoint();
    }

    /** The table's poller while started (null before): hybrid mode's webhook consumer asks it what it read. */
    public TablePoller tablePoller() {
        return poller;
    }

    @Override
    protected void doStart() throws Exception {
        CodingEndpoint endpoint = getEndpoint();
        CodingConfiguration config = endpoint.getConfiguration();
        StateStore state = endpoint.stateStore();
        ReaderLog readerLog = endpoint.readerLog();
        logEmitter = readerLog == null ? null : readerLog.emitter(config.getPageSize(), this::isRunAllowed);
        PollContext ctx = new PollContext(
                endpoint.client(),
                config.getTeamName(),
                config.getProjectName(),
                endpoint.getTable().uriName(),
                config.getPageSize(),
                config.getIssueType(),
                PollContext.parseIterationCodes(config.getIterationCodes()),
                config.getStartFrom(),
                config.getLookback(),
                config.getReconcileInterval(),
                config.isFetchIssueDetail(),
                state,
                CustomFieldsEmitter.wrap(logEmitter != null ? logEmitter : this, endpoint),
                System::currentTimeMillis,
                endpoint.crossPathLedger());
        poller = TablePollers.create(
                endpoint.getTable(),
                ctx,
                config.getIterationStrategy(),
                endpoint.issueFeed(),
                new dev.camelcoding.component.polling.CommentSettings(
                        config.getCommentCallsPerPoll(),
                        config.getCommentRescanShare(),
                        config.getCommentMaxStaleness(),
                        java.time.Duration.ofMillis(getDelay())),
                // a reference table reuses an answer younger than its own delay (the schema may have just read it)
                new SharedAnswers(
                        endpoint.getComponent().referenceAnswers(),
                        java.time.Duration.ofMillis(getDelay()),
                        endpoint.getComponent().projectIds()));
        if (endpoint.getTable() == CodingTable.COMMENTS
                && endpoint.getCamelContext()
                                .getClassResolver()
                                .resolveClass("org.apache.camel.component.micrometer.MicrometerConstants")
                        != null) {
            freshnessMeters = dev.camelcoding.component.metrics.CodingMicrometer.bindCommentFreshness(
                    endpoint.getCamelContext(), config.getProjectName(), () -> {
                        try {
                            return state.read(
                                    dev.camelcoding.component.polling.CommentFreshness.STATE,
                                    dev.camelcoding.component.polling.CommentFreshness.class);
                        } catch (RuntimeException unreadable) {
                            return java.util.Optional
                                    .empty(); // a scrape during a stop: no figure rather than a failure
                        }
                    });
        }
        // a check kept by a stop on a permanent failure (see doStop) is replaced by this start's
        readiness = CodingReadinessCheck.register(endpoint, this);
        if (getExceptionHandler() instanceof LoggingExceptionHandler) {
            // Camel's default handler logs every failed poll with its stack trace; poll() already logged one line
            setExceptionHandler(new AlreadyLoggedFailures());
        }
        // the comments poller's rescans keep their own schedule (commentMaxStaleness): it polls at every tick
        idleSchedule = endpoint.getTable() == CodingTable.COMMENTS
                ? null
                : new IdlePollSchedule(
                        java.time.Duration.ofMillis(getDelay()),
                        config.getIdleBackoffAfter(),
                        config.getMaxIdleDelay(),
                        System.currentTimeMillis());
        stopped = false;
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (polling.tryLock(30, TimeUnit.SECONDS)) {
            polling.unlock();
        } else {
            // the stop goes on without it; the line says what the poll waits for (a stop that hangs is diagnosed)
            LOG.warn(
                    "{}: the poll under way has not ended 30 s after the stop began; stopping without it. It waits in {}",
                    tableName(),
                    ThreadWhere.of(pollingThread));
        }
        if (poller != null) {
            poller.close();
        }
        if (!freshnessMeters.isEmpty()) {
            @SuppressWarnings("unchecked")
            var meters = (java.util.List<io.micrometer.core.instrument.Meter>) freshnessMeters;
            dev.camelcoding.component.metrics.CodingMicrometer.remove(
                    getEndpoint().getCamelContext(), meters);
            freshnessMeters = java.util.List.of();
        }
        // Stopped by a permanent failure: the readiness check stays, DOWN with the reason, for probes and operators.
        if (getEndpoint().health().permanentFailure() == null) {
            CodingReadinessCheck.unregister(getEndpoint(), readiness);
        }
    }

    /** A change log reader polls only while it holds its source's lease. */
    @Override
    protected boolean isPollAllowed() {
        IdlePollSchedule schedule = idleSchedule;
        return super.isPollAllowed()
                && getEndpoint().readAllowed()
                && (schedule == null || schedule.due(System.currentTimeMillis()));
    }

    /**
     * A change reached the sink by another path (hybrid mode's webhook delivery): the table is active, so it is polled
     * at its base delay again.
     */
    public void changeSeen() {
        IdlePollSchedule schedule = idleSchedule;
        if (schedule != null) {
            schedule.changeSeen(System.currentTimeMillis());
        }
    }

    /** The delay between polls in force now: the base delay, or longer while the table is idle. */
    public java.time.Duration currentDelay() {
        IdlePollSchedule schedule = idleSchedule;
        return schedule == null ? java.time.Duration.ofMillis(getDelay()) : schedule.delay();
    }

    @Override
    protected int poll() throws Exception {
        polling.lock();
        pollingThread = Thread.currentThread();
        try {
            return pollOnce();
        } finally {
            pollingThread = null;
            polling.unlock();
        }
    }

    private int pollOnce() throws Exception {
        if (stopped || !isRunAllowed()) {
            return 0; // a permanent failure is stopping the route, or Camel is: do not call CODING meanwhile
        }
        long now = System.currentTimeMillis();
        discard();
        try {
            int emitted = poller.poll();
            handOver(); // pollers flush before they save; this only hands over what a poller left after its last save
            while (poller.moreWork()
                    && isRunAllowed()
                    && !stopped
                    && getEndpoint().readAllowed()) {
                // the comments backfill: each poll spends one budget; the next one follows at once, not an interval
                // later
                recordStatus(now, emitted, null);
                now = System.currentTimeMillis();
                emitted = poller.poll();
                handOver();
            }
            getEndpoint().health().success(now);
            recordStatus(now, emitted, null);
            if (idleSchedule != null) {
                // what CODING says of the project's last change decides how a new table starts (see IdlePollSchedule)
                CodingConfiguration config = getEndpoint().getConfiguration();
                var client = getEndpoint().client();
                getEndpoint()
                        .getComponent()
                        .projectLastChanges()
                        .tell(
                                idleSchedule,
                                config.getTeamName(),
                                config.getProjectName(),
                                poller,
                                client == null
                                        ? OptionalLong.empty()
                                        : client.serverClock().estimatedNow(),
                                System.currentTimeMillis());
                idleSchedule.polled(now, emitted, poller);
            }
            if (failing != null) {
                LOG.info("{}: recovered", tableName());
                failing = null;
            }
            return emitted;
        } catch (Exception e) {
            discard();
            if (CodingHealth.isPermanent(e)) {
                recordStatus(now, 0, e);
                stopOnPermanentFailure((CodingApiException) e, now);
                return 0;
            }
            if (!isRunAllowed() || Thread.currentThread().isInterrupted()) {
                // Camel is stopping the route, or the poll's thread was interrupted (its executor stopping, before
                // the route's stop reached this consumer): the interrupted call is no news about CODING, so it is
                // neither logged as a failure nor kept in the status (status would show a stopped sync as failing)
                LOG.debug("{}: poll ended by the route's stop: {}", tableName(), e.getMessage());
                throw e;
            }
            recordStatus(now, 0, e);
            getEndpoint().health().failure(e, now);
            String kind = CodingHealth.classify(e);
            if (!kind.equals(failing)) {
                LOG.warn("{}: {} ({}), retrying on the next poll", tableName(), describe(kind), e.getMessage());
                failing = kind;
            }
            throw e; // Camel's poll strategy, backoff and bridgeErrorHandler still see the failure
        }
    }

    /** Hands over what the poller left after its last save: to the route, or (a reader) into the change log. */
    private void handOver() throws Exception {
        if (logEmitter != null) {
            logEmitter.handOver();
        } else {
            flush();
        }
    }

    /** Forgets what a failed poll buffered: it is read again from CODING. */
    private void discard() {
        buffer.clear();
        if (logEmitter != null) {
            logEmitter.discard();
        }
    }

    private void stopOnPermanentFailure(CodingApiException failure, long now) {
        stopped = true;
        // the listeners first: an application that sees the health's failure knows by then whether a team sync took it
        boolean reported = getEndpoint()
                .getComponent()
                .reportPermanentFailure(getEndpoint().getConfiguration(), tableName(), failure);
        getEndpoint().health().permanentFailure(failure, now);
        if (reported) {
            // a team sync said it for the whole project, once (ProjectRoutes)
            LOG.debug("{}: stopped, CODING refused the sync: {}", tableName(), failure.getMessage());
        } else {
            LOG.error(
                    "{}: stopped, CODING refused the sync ({}): {}",
                    tableName(),
                    CodingHealth.classify(failure),
                    failure.getMessage());
        }
        String routeId = getRouteId();
        if (routeId == null) {
            return;
        }
        // A route cannot be stopped by the thread that runs its poll (stopping waits for the poll to end): another
        // thread does it.
        var camel = getEndpoint().getCamelContext();
        var executor = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "CodingStopRoute");
        executor.execute(() -> {
            try {
                camel.getRouteController().stopRoute(routeId);
            } catch (Exception e) {
                LOG.debug("could not stop route {}", routeId, e);
            } finally {
                camel.getExecutorServiceManager().shutdown(executor);
            }
        });
    }

    private String tableName() {
        return getEndpoint().getTable().uriName();
    }

    private static String describe(String kind) {
        return switch (kind) {
            case "throttled" -> "CODING is throttling the credential";
            case "unreachable" -> "CODING unreachable";
            case "delivery" -> "the route failed on a change";
            default -> kind;
        };
    }

    /** Poll failures were logged by {@link #poll()}, one line per change of state: only the stack trace, at debug. */
    private static final class AlreadyLoggedFailures implements ExceptionHandler {

        @Override
        public void handleException(Throwable exception) {
            LOG.debug("poll failed", exception);
        }

        @Override
        public void handleException(String message, Throwable exception) {
            LOG.debug(message, exception);
        }

        @Override
        public void handleException(String message, Exchange exchange, Throwable exception) {
            LOG.debug(message, exception);
        }
    }

    /** What {@code coding-sync status} shows: when the table was last polled, how it went, how much it emitted. */
    private void recordStatus(long now, int emitted, Exception failure) {
        try {
            StateStore state = getEndpoint().stateStore();
            PollStatus status = state.read(PollStatus.NAME, PollStatus.class).orElseGet(PollStatus::none);
            PollProblem problem = failure == null ? null : PollProblem.ofStored(CodingHealth.classify(failure));
            state.write(
                    PollStatus.NAME,
                    status.afterPoll(
                            now, emitted, problem, failure == null ? null : String.valueOf(failure.getMessage())));
        } catch (RuntimeException stateUnavailable) {
            LOG.debug("could not record the poll status: {}", stateUnavailable.getMessage());
        }
    }

    @Override
    public void emit(ChangeEvent event) throws Exception {
        if (batchSize() > 1) {
            buffer.add(event); // handed over at the poller's next checkpoint (see ChangeEmitter)
            return;
        }
        Exchange exchange = createExchange(false);
        try {
            ChangeExchanges.fill(exchange, CodingChange.of(event));
            deliver(exchange, event);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    @Override
    public void flush() throws Exception {
        try {
            while (!buffer.isEmpty()) {
                List<ChangeEvent> batch = buffer.subList(0, Math.min(batchSize(), buffer.size()));
                deliverBatch(List.copyOf(batch), null, 0, 0);
                batch.clear();
            }
        } finally {
            buffer.clear(); // after a failure the rest is read again from CODING, never handed over late
        }
    }

    @Override
    public int pending() {
        return buffer.size();
    }

    @Override
    public boolean batchFull() {
        return buffer.size() >= batchSize();
    }

    @Override
    public void emitBatch(List<ChangeEvent> events, String passId) throws Exception {
        flush();
        if (batchSize() > 1) {
            for (int from = 0; from < events.size(); from += batchSize()) {
                deliverBatch(
                        events.subList(from, Math.min(events.size(), from + batchSize())), passId, from, events.size());
            }
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            ChangeEvent event = events.get(i);
            Exchange exchange = createExchange(false);
            try {
                ChangeExchanges.fill(exchange, passChange(event, passId, i, events.size()));
                deliver(exchange, event);
            } finally {
                releaseExchange(exchange, false);
            }
        }
    }

    /**
     * One exchange for the route whose body is the events' one-event exchanges (camel-kafka's batch convention).
     * The events of an overwrite pass ({@code passId} set) keep their place in the whole pass as Camel's batch
     * properties, exactly as with batchSize 1, so a sink knows the pass's last event.
     */
    private void deliverBatch(List<ChangeEvent> events, String passId, int firstIndex, int passSize) throws Exception {
        List<Exchange> inner = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Exchange one = getEndpoint().createExchange();
            ChangeExchanges.fill(
                    one,
                    passId == null
                            ? CodingChange.of(events.get(i))
                            : passChange(events.get(i), passId, firstIndex + i, passSize));
            inner.add(one);
        }
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(inner);
            exchange.getMessage().setHeader(CodingConstants.BATCH_SIZE, inner.size());
            exchange.getMessage().setHeader(CodingConstants.TABLE, tableName());
            exchange.getMessage()
                    .setHeader(
                            CodingConstants.PROJECT,
                            getEndpoint().getConfiguration().getProjectName());
            getProcessor().process(exchange);
            Exception failure = exchange.getException();
            if (failure != null) {
                ChangeEvent first = events.get(0);
                LOG.warn(
                        "The route failed on a batch of {} {} changes from {}; they stay unconsumed and are read again"
                                + " on the next poll: {}",
                        events.size(),
                        first.table(),
                        first.key(),
                        failure.getMessage());
                throw new RuntimeCamelException(
                        "route failed on a batch of " + events.size() + " " + first.table() + " changes", failure);
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /**
     * An overwrite pass's change: the pass's place as the event carries it (the pollers tag their pass events), else
     * as the pass was handed over.
     */
    private static CodingChange passChange(ChangeEvent event, String passId, int index, int size) {
        CodingChange change = CodingChange.of(event);
        return change.pass() != null ? change : change.inPass(new ChangeEvent.Pass(passId, index, size));
    }

    private int batchSize() {
        return getEndpoint().getConfiguration().getBatchSize();
    }

    private void deliver(Exchange exchange, ChangeEvent event) throws Exception {
        getProcessor().process(exchange);
        Exception failure = exchange.getException();
        if (failure != null) {
            LOG.warn(
                    "The route failed on {} {} {}; the change stays unconsumed and is read again on the next poll: {}",
                    event.table(),
                    event.op().code(),
                    event.key(),
                    failure.getMessage());
            throw new RuntimeCamelException("route failed on " + event.table() + " " + event.key(), failure);
        }
    }
}
