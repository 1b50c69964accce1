package dev.camelcoding.app;

import dev.camelcoding.component.CodingConstants;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Progress of a sync, per table. Progress lines count <em>rows</em>, not events: an iterations overwrite pass emits
 * every iteration again on each poll, and the issues census and the lookback re-read rows, so counting events gave
 * "iterations 837" for 8 iterations and "issues 5019/5000". Rows are the rows the JDBC sink holds (right after a
 * restart too), or, for other sinks, the distinct keys this run has seen (deletes taken off). The event counts per
 * table and op stay, for the demo's summary.
 */
final class ProgressMeter extends EventNotifierSupport {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> keys = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();
    private final DataSource sinkDatabase;

    /** A meter counting distinct keys seen; register it with the CamelContext's management strategy. */
    ProgressMeter() {
        this((DataSource) null);
    }

    /** A meter registered on the running application; rows are counted in its JDBC sink when it has one. */
    ProgressMeter(SyncApplication app) {
        this(app.camel().getRegistry().lookupByNameAndType("codingDataSource", DataSource.class));
        app.camel().getManagementStrategy().addEventNotifier(this);
    }

    private ProgressMeter(DataSource sinkDatabase) {
        this.sinkDatabase = sinkDatabase;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String routeId = exchange.getFromRouteId();
        if (routeId == null || !routeId.startsWith("coding-") || routeId.equals("coding-normalize")) {
            return;
        }
        // a batch exchange (coding.batch-size) counts each of its events
        for (Exchange one : dev.camelcoding.component.sink.Batches.events(exchange)) {
            count(one, event instanceof CamelEvent.ExchangeCompletedEvent);
        }
    }

    private void count(Exchange exchange, boolean completed) {
        String table = exchange.getMessage().getHeader(CodingConstants.TABLE, String.class);
        String op = exchange.getMessage().getHeader(CodingConstants.OP, String.class);
        if (table == null || op == null) {
            return;
        }
        counts.computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet();
        String key = exchange.getMessage().getHeader(CodingConstants.KEY, String.class);
        if (key != null && completed) {
            Set<String> seen = keys.computeIfAbsent(table, t -> ConcurrentHashMap.newKeySet());
            if ("d".equals(op)) {
                seen.remove(key);
            } else {
                seen.add(key);
            }
        }
        counts.computeIfAbsent(table + "/" + op, t -> new AtomicLong()).incrementAndGet();
        counts.computeIfAbsent("op/" + op, t -> new AtomicLong()).incrementAndGet();
    }

    long count(String table) {
        AtomicLong n = counts.get(table);
        return n == null ? 0 : n.get();
    }

    long count(String table, String op) {
        return count(table + "/" + op);
    }

    /** Events per table. */
    Map<String, Long> tables() {
        Map<String, Long> tables = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (!k.contains("/")) {
                tables.put(k, v.get());
            }
        });
        return tables;
    }

    /** Events per op. */
    Map<String, Long> ops() {
        Map<String, Long> ops = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith("op/")) {
                ops.put(k.substring(3), v.get());
            }
        });
        return ops;
    }

    /**
     * The rows of a table: in the JDBC sink's live view when there is one (what is there, whoever wrote it, without
     * the tombstones of deleted rows), else the distinct keys this run saw.
     */
    long rows(String table) {
        if (sinkDatabase != null) {
            try (Connection c = sinkDatabase.getConnection();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT COUNT(*) FROM "
                            + dev.camelcoding.component.sink.JdbcSinkSchema.liveViewName(table))) {
                r.next();
                return r.getLong(1);
            } catch (SQLException notYetCreated) {
                return 0;
            }
        }
        Set<String> seen = keys.get(table);
        return seen == null ? 0 : seen.size();
    }

    /** One progress line: rows per table; issues with CODING's total also get a rate and an ETA. */
    String line(long issuesTotal) {
        return line(issuesTotal, List.of("issues", "comments", "iterations", "projectMembers"));
    }

    String line(long issuesTotal, List<String> tables) {
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        StringBuilder line = new StringBuilder();
        for (String table : tables) {
            long rows = rows(table);
            line.append(line.length() == 0 ? "" : "  ")
                    .append(table)
                    .append(' ')
                    .append(rows);
            if (table.equals("issues") && issuesTotal > 0) {
                double rate = count("issues") / seconds;
                long left = Math.max(0, issuesTotal - rows);
                line.append(String.format(
                        "/%d (%.0f events/s, ETA %s)",
                        issuesTotal, rate, left == 0 ? "done" : rate > 0 ? Math.round(left / rate) + "s" : "?"));
            }
        }
        return line.toString();
    }
}
