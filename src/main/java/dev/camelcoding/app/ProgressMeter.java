package dev.camelcoding.app;

import dev.camelcoding.component.CodingConstants;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.Exchange;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts the change events the routes complete, per table and per op, for progress lines and summaries. Counts what
 * reached the end of the pipeline (the sink or the dead letters), not what CODING sent.
 */
final class ProgressMeter extends EventNotifierSupport {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();

    ProgressMeter() {
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
        String table = exchange.getMessage().getHeader(CodingConstants.TABLE, String.class);
        String op = exchange.getMessage().getHeader(CodingConstants.OP, String.class);
        if (table == null || op == null) {
            return;
        }
        counts.computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet();
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

    /** One progress line: per table rows and rate; issues with a total also get an ETA. */
    String line(long issuesTotal) {
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        StringBuilder line = new StringBuilder();
        long issues = count("issues");
        line.append(String.format("issues %d", issues));
        if (issuesTotal > 0) {
            double rate = issues / seconds;
            long left = Math.max(0, issuesTotal - count("issues", "r"));
            line.append(String.format("/%d (%.0f/s, ETA %s)", issuesTotal, rate,
                    rate > 0 ? Math.round(left / rate) + "s" : "?"));
        }
        for (String table : new String[] {"comments", "iterations", "projectMembers"}) {
            line.append(String.format("  %s %d", table, count(table)));
        }
        return line.toString();
    }
}
