package dev.camelcoding.component.changelog;

import dev.camelcoding.component.CodingConfiguration;
import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.CodingEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of an endpoint with {@code logCache}: reads its source's change log from its own persisted offset
 * (named {@code consumerName}, default the route id, as {@code <consumerGroup>/<name>} in a group) and hands the route one event per exchange, or with
 * {@code batchSize} > 1 up to that many in one exchange whose body is a {@code List<Exchange>}. The offset is
 * committed only after the exchange completed without exception, so a failed or interrupted exchange is handed again
 * (at-least-once; the version headers let the sink absorb the repeat). A sink whose database is the store's commits
 * the offset in its own transaction instead, with its rows (the exchange's {@link LogPosition}; see
 * {@link SinkTransactionOffsets}), so a crash after its commit hands nothing again. CODING itself is read by the source's one
 * {@link SourceReader}, shared by every route on the source.
 *
 * <p>A consumer that has caught up waits for the next append to its source: an append in this process wakes it at
 * once ({@link AppendSignals}, owned by the storage), and {@code logReadInterval} bounds the wait, for appends made by
 * another process sharing the log. An exchange that fails (the sink is unreachable, or anything else the route did
 * not handle) leaves the offset where it was: the same entries are handed again after a backoff that doubles from
 * {@link #FIRST_RETRY} to {@link #MAX_RETRY}, for as long as it takes, so a sink outage heals by itself once the sink
 * is back. Which failures become dead letters instead is the route's decision (its error handler).
 *
 * <p>When retention purged entries this consumer had not read, it cannot continue from the log without a gap: it
 * says so in one warning and takes a fresh backfill of the table from CODING ({@link LogBackfill}), then continues
 * from the log at the moment the backfill started.
 */
public class CodingLogConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CodingLogConsumer.class);
    /** Entries read from the log per query when the batches are small. */
    static final int READ_PAGE = 500;
    /** The first wait before a failed exchange is handed again; it doubles on each further failure. */
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    /** The longest wait between two attempts: how long a sink that came back may wait for its first batch. */
    static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private SourceId source;
    private LogStorage storage;
    private String consumerName;
    private StartFrom start;
    private int batchSize;
    private AppendSignals appendSignals;
    /** The longest wait for an append: the bound for appends made by another process. */
    private Duration readInterval;
    /** The wait before the next attempt after a failure; back to {@link #FIRST_RETRY} after a good read. */
    private Duration retryDelay = FIRST_RETRY;
    /** Counted down when this consumer stops: ends a backoff or a wait for an append at once. */
    private volatile CountDownLatch stopping = new CountDownLatch(0);
    /** The kind of the last failure ("route", "log"), null after a good poll: to log state changes only. */
    private volatile String failing;

    public CodingLogConsumer(CodingEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public CodingEndpoint getEndpoint() {
        return (CodingEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        CodingEndpoint endpoint = getEndpoint();
        CodingConfiguration config = endpoint.getConfiguration();
        source = endpoint.logSource();
        String name =
                config.getConsumerName() != null && !config.getConsumerName().isBlank()
                        ? config.getConsumerName()
                        : getRouteId();
        if (name == null) {
            throw new IllegalArgumentException("coding:" + source.table() + " with logCache needs 'consumerName' (the"
                    + " name its log offset is kept under) when it is not consumed by a route with an id");
        }
        // a process writing a sink of its own is in a group of its own, so its routes get every change
        consumerName = ConsumerGroup.consumerName(config.getConsumerGroup(), name);
        start = CodingConfiguration.parseLogStart(config.getLogStartFrom());
        batchSize = config.getBatchSize();
        readInterval = config.getLogReadInterval();
        // The waiting happens inside poll() (for an append, at most logReadInterval; or a backoff after a failure),
        // so the scheduler itself only has to call poll() again: with the scheduler's delay at logReadInterval an
        // append arriving during that delay waited for it (the webhook benchmark's change latency p99 was 579 ms).
        setDelay(1);
        // greedy: a read that handed entries is followed at once by the next one, otherwise a backlog read in short
        // pages (the reader appends a page while this consumer writes the previous one) idled after each of them
        setGreedy(true);
        stopping = new CountDownLatch(1);
        retryDelay = FIRST_RETRY;
        storage = endpoint.getComponent().acquireReader(endpoint);
        appendSignals = storage.appendSignals();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        // first end a wait in poll(), so the scheduler's thread is not interrupted out of it (or out of an H2 call)
        stopping.countDown();
        if (appendSignals != null) {
            appendSignals.signal(source);
        }
        super.doStop();
        if (storage != null) {
            getEndpoint().getComponent().releaseReader(getEndpoint());
            storage = null;
        }
    }

    @Override
    protected int poll() throws Exception {
        // taken before reading: an append committed after it wakes the wait below even if it raced with the read
        long seen = appendSignals.generation(source);
        int handed = 0;
        try {
            ConsumerOffsets offsets = storage.offsets();
            ConsumerPosition position = offsets.position(consumerName, source, start);
            if (position instanceof ConsumerPosition.Purged purged) {
                return backfill(purged);
            }
            long after = ((ConsumerPosition.Resume) position).afterSequence();
            ChangeLog log = storage.log();
            List<LoggedEntry> entries;
            do {
                entries = log.read(source, after, Math.max(READ_PAGE, batchSize));
                for (int i = 0; i < entries.size() && isRunAllowed(); i += batchSize) {
                    List<LoggedEntry> batch = entries.subList(i, Math.min(entries.size(), i + batchSize));
                    boolean committedBySink = hand(batch);
                    after = batch.get(batch.size() - 1).sequence();
                    if (!committedBySink) {
                        // forward only (max): after a sink that committed it, this would be a no-op anyway
                        offsets.commit(consumerName, source, after);
                    }
                    handed += batch.size();
                }
            } while (entries.size() >= READ_PAGE && isRunAllowed());
            if (failing != null) {
                LOG.info("{}: consumer '{}' recovered", source, consumerName);
                failing = null;
            }
            retryDelay = FIRST_RETRY;
            if (handed == 0) {
                awaitAppend(seen);
            }
            return handed;
        } catch (RouteFailed failed) {
            report(
                    "route",
                    "the route failed on change log entry " + failed.sequence + " ("
                            + failed.getCause().getMessage()
                            + "); the offset stays before it and the entries are handed again, after a"
                            + " backoff of up to " + MAX_RETRY.toSeconds() + " s, until the route takes them");
            backOff();
            return handed;
        } catch (RuntimeException e) {
            report("log", "cannot read the change log (" + e.getMessage() + "); retrying");
            backOff();
            return handed;
        }
    }

    /** Waits for an append to this source after generation {@code seen}, at most logReadInterval. */
    private void awaitAppend(long seen) {
        // checked after taking seen: a stop that signalled before it is seen here, one after it moved the generation
        if (stopping.getCount() == 0 || !isRunAllowed()) {
            return;
        }
        appendSignals.awaitAppend(source, seen, readInterval);
    }

    /** Waits before the next attempt after a failure (ended early by a stop), doubling the next wait. */
    private void backOff() {
        Duration delay = retryDelay;
        retryDelay = retryDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retryDelay.multipliedBy(2);
        try {
            stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line per change of state, not one stack trace per read. */
    private void report(String kind, String message) {
        if (!kind.equals(failing)) {
            LOG.warn("{}: consumer '{}': {}", source, consumerName, message);
            failing = kind;
        } else {
            LOG.debug("{}: consumer '{}': {}", source, consumerName, message);
        }
    }

    /**
     * Hands entries to the route: one exchange per entry, or one List exchange with batchSize > 1. Each exchange
     * carries its {@link LogPosition}: a sink whose database is the store's commits this consumer's offset with its
     * rows, and says so ({@link CodingConstants#LOG_OFFSET_COMMITTED}). Answers whether a sink did.
     */
    private boolean hand(List<LoggedEntry> batch) {
        LogPosition position = new LogPosition(
                consumerName,
                source,
                batch.get(0).sequence(),
                batch.get(batch.size() - 1).sequence(),
                storage.dataSource());
        if (batchSize == 1) {
            LoggedEntry entry = batch.get(0);
            Exchange exchange = createExchange(false);
            try {
                ChangeExchanges.fill(exchange, entry);
                exchange.setProperty(CodingConstants.LOG_POSITION, position);
                process(exchange, entry.sequence());
                return committedBySink(exchange);
            } finally {
                releaseExchange(exchange, false);
            }
        }
        List<Exchange> events = new ArrayList<>(batch.size());
        for (LoggedEntry entry : batch) {
            Exchange event = getEndpoint().createExchange();
            ChangeExchanges.fill(event, entry);
            events.add(event);
        }
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(events);
            exchange.getMessage().setHeader(CodingConstants.BATCH_SIZE, events.size());
            exchange.getMessage()
                    .setHeader(CodingConstants.FIRST_SEQUENCE, batch.get(0).sequence());
            exchange.getMessage()
                    .setHeader(
                            CodingConstants.LAST_SEQUENCE,
                            batch.get(batch.size() - 1).sequence());
            exchange.getMessage().setHeader(CodingConstants.TABLE, source.table());
            Object project = events.get(0).getMessage().getHeader(CodingConstants.PROJECT);
            if (project != null) {
                exchange.getMessage().setHeader(CodingConstants.PROJECT, project);
            }
            exchange.setProperty(CodingConstants.LOG_POSITION, position);
            process(exchange, batch.get(batch.size() - 1).sequence());
            return committedBySink(exchange);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private static boolean committedBySink(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(CodingConstants.LOG_OFFSET_COMMITTED, Boolean.class));
    }

    private void process(Exchange exchange, long sequence) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            throw new RouteFailed(sequence, exchange.getException());
        }
    }

    /**
     * The fallback for a purged offset: a fresh backfill of the table from CODING straight to the route, then the
     * offset set to where the log stood when the backfill began (what changed meanwhile is in both; the version guard
     * absorbs the repeat). Until the backfill has gone through, the offset stays purged, so a failed backfill is
     * taken again on the next read rather than skipped.
     */
    private int backfill(ConsumerPosition.Purged purged) throws Exception {
        LOG.warn(
                "{}: consumer '{}' is behind the change log's retention: {} entries it had not read (after sequence"
                        + " {}) were purged (logRetention={}); taking a fresh backfill of {} from CODING instead of skipping"
                        + " them",
                source,
                consumerName,
                purged.missed(),
                purged.committed(),
                getEndpoint().getConfiguration().getLogRetention(),
                source.table());
        Instant began = Instant.now();
        int emitted;
        try {
            emitted = new LogBackfill(getEndpoint(), this::handBackfilled).run();
        } catch (RouteFailed failed) {
            throw new RuntimeCamelException(
                    "the fresh backfill of " + source + " failed in the route; it is taken" + " again on the next read",
                    failed.getCause());
        }
        storage.offsets().reset(consumerName, source, StartFrom.at(began));
        LOG.info(
                "{}: consumer '{}' backfilled {} rows from CODING; reading the change log from {} on",
                source,
                consumerName,
                emitted,
                began);
        return emitted;
    }

    /** A backfilled event goes to the route in the exchange shape this consumer always uses. */
    private void handBackfilled(Exchange event) {
        if (batchSize == 1) {
            process(event, 0);
            return;
        }
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(new ArrayList<>(List.of(event)));
            exchange.getMessage().setHeader(CodingConstants.BATCH_SIZE, 1);
            exchange.getMessage().setHeader(CodingConstants.TABLE, source.table());
            process(exchange, 0);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** The route failed on the exchange that ends at {@code sequence}: the offset stays before it. */
    private static final class RouteFailed extends RuntimeException {
        final long sequence;

        RouteFailed(long sequence, Exception cause) {
            super(cause);
            this.sequence = sequence;
        }
    }

    public SourceId source() {
        return source;
    }

    String consumerName() {
        return consumerName;
    }
}
