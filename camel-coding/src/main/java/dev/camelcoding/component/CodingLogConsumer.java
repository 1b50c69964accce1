package dev.camelcoding.component;

import dev.camelcoding.component.changelog.ChangeLog;
import dev.camelcoding.component.changelog.ConsumerOffsets;
import dev.camelcoding.component.changelog.ConsumerPosition;
import dev.camelcoding.component.changelog.LogStorage;
import dev.camelcoding.component.changelog.LoggedEntry;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.changelog.StartFrom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of an endpoint with {@code logCache}: reads its source's change log from its own persisted offset
 * (named {@code consumerName}, default the route id) and hands the route one event per exchange, or with
 * {@code batchSize} > 1 up to that many in one exchange whose body is a {@code List<Exchange>}. The offset is
 * committed only after the exchange completed without exception, so a failed or interrupted exchange is handed again
 * (at-least-once; the version headers let the sink absorb the repeat). CODING itself is read by the source's one
 * {@link SourceReader}, shared by every route on the source.
 *
 * <p>When retention purged entries this consumer had not read, it cannot continue from the log without a gap: it
 * says so in one warning and takes a fresh backfill of the table from CODING ({@link LogBackfill}), then continues
 * from the log at the moment the backfill started.
 */
public class CodingLogConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CodingLogConsumer.class);
    /** Entries read from the log per query when the batches are small. */
    static final int READ_PAGE = 500;

    private SourceId source;
    private LogStorage storage;
    private String consumerName;
    private StartFrom start;
    private int batchSize;
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
        consumerName = config.getConsumerName() != null && !config.getConsumerName().isBlank()
                ? config.getConsumerName() : getRouteId();
        if (consumerName == null) {
            throw new IllegalArgumentException("coding:" + source.table() + " with logCache needs 'consumerName' (the"
                    + " name its log offset is kept under) when it is not consumed by a route with an id");
        }
        start = CodingEndpoint.parseLogStart(config.getLogStartFrom());
        batchSize = config.getBatchSize();
        setDelay(config.getLogReadInterval().toMillis());
        // greedy: a read that handed entries is followed at once by the next one, so logReadInterval is only waited
        // when the log had nothing new; otherwise a backlog read in short pages (the reader appends a page while
        // this consumer writes the previous one) idled a whole interval after each of them
        setGreedy(true);
        storage = endpoint.getComponent().acquireReader(endpoint);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (storage != null) {
            getEndpoint().getComponent().releaseReader(getEndpoint());
            storage = null;
        }
    }

    @Override
    protected int poll() throws Exception {
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
                    hand(batch);
                    after = batch.get(batch.size() - 1).sequence();
                    offsets.commit(consumerName, source, after);
                    handed += batch.size();
                }
            } while (entries.size() >= READ_PAGE && isRunAllowed());
            if (failing != null) {
                LOG.info("{}: consumer '{}' recovered", source, consumerName);
                failing = null;
            }
            return handed;
        } catch (RouteFailed failed) {
            report("route", "the route failed on change log entry " + failed.sequence + "; it is handed again on the"
                    + " next read: " + failed.getCause().getMessage());
            return handed;
        } catch (RuntimeException e) {
            report("log", "cannot read the change log (" + e.getMessage() + "); retrying");
            return handed;
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

    /** Hands entries to the route: one exchange per entry, or one List exchange with batchSize > 1. */
    private void hand(List<LoggedEntry> batch) {
        if (batchSize == 1) {
            LoggedEntry entry = batch.get(0);
            Exchange exchange = createExchange(false);
            try {
                LogExchanges.fill(exchange, entry);
                process(exchange, entry.sequence());
            } finally {
                releaseExchange(exchange, false);
            }
            return;
        }
        List<Exchange> events = new ArrayList<>(batch.size());
        for (LoggedEntry entry : batch) {
            Exchange event = getEndpoint().createExchange();
            LogExchanges.fill(event, entry);
            events.add(event);
        }
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(events);
            exchange.getMessage().setHeader(CodingConstants.BATCH_SIZE, events.size());
            exchange.getMessage().setHeader(CodingConstants.FIRST_SEQUENCE, batch.get(0).sequence());
            exchange.getMessage().setHeader(CodingConstants.LAST_SEQUENCE, batch.get(batch.size() - 1).sequence());
            exchange.getMessage().setHeader(CodingConstants.TABLE, source.table());
            Object project = events.get(0).getMessage().getHeader(CodingConstants.PROJECT);
            if (project != null) {
                exchange.getMessage().setHeader(CodingConstants.PROJECT, project);
            }
            process(exchange, batch.get(batch.size() - 1).sequence());
        } finally {
            releaseExchange(exchange, false);
        }
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
        LOG.warn("{}: consumer '{}' is behind the change log's retention: {} entries it had not read (after sequence"
                + " {}) were purged (logRetention={}); taking a fresh backfill of {} from CODING instead of skipping"
                + " them", source, consumerName, purged.missed(), purged.committed(),
                getEndpoint().getConfiguration().getLogRetention(), source.table());
        Instant began = Instant.now();
        int emitted;
        try {
            emitted = new LogBackfill(getEndpoint(), this::handBackfilled).run();
        } catch (RouteFailed failed) {
            throw new RuntimeCamelException("the fresh backfill of " + source + " failed in the route; it is taken"
                    + " again on the next read", failed.getCause());
        }
        storage.offsets().reset(consumerName, source, StartFrom.at(began));
        LOG.info("{}: consumer '{}' backfilled {} rows from CODING; reading the change log from {} on", source,
                consumerName, emitted, began);
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

    SourceId source() {
        return source;
    }

    String consumerName() {
        return consumerName;
    }
}
