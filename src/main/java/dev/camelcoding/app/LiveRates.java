package dev.camelcoding.app;

import dev.camelcoding.component.metrics.CodingMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The running process's rates, from the component's Micrometer counters: events delivered per source (project and table)
 * per minute over the last hour, and the calls to CODING per second over the last minute. {@link #sample} (once a second) adds what
 * each counter gained since the last sample to the current slot of a {@link CountRing}, so memory stays bounded.
 */
final class LiveRates {

    static final int MINUTES = 60;
    private static final int SECONDS = 60;

    private final MeterRegistry registry;
    private final LongSupplier clockMillis;
    private final Map<String, CountRing> eventsPerMinute = new ConcurrentHashMap<>();
    private final Map<String, Double> lastEvents = new ConcurrentHashMap<>();
    private final CountRing callsPerSecond = new CountRing(SECONDS);
    private double lastCalls = Double.NaN;

    LiveRates(MeterRegistry registry, LongSupplier clockMillis) {
        this.registry = registry;
        this.clockMillis = clockMillis;
    }

    /** Takes what the counters gained since the last sample (the first sample only sets the baseline). */
    synchronized void sample() {
        long now = clockMillis.getAsLong();
        Map<String, Double> events = new TreeMap<>();
        for (Counter counter : registry.find(CodingMetrics.EVENTS)
                .tag("outcome", CodingMetrics.DELIVERED)
                .counters()) {
            events.merge(
                    key(counter.getId().getTag("project"), counter.getId().getTag("table")),
                    counter.count(),
                    Double::sum);
        }
        events.forEach((table, count) -> {
            Double before = lastEvents.put(table, count);
            long gained = Math.round(count - (before == null ? 0 : before));
            // a table first seen now counts what it delivered so far: its counter was created by its first event
            eventsPerMinute.computeIfAbsent(table, t -> new CountRing(MINUTES)).add(now / 60_000, gained);
        });
        double calls = registry.find(CodingMetrics.API_CALLS).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        if (!Double.isNaN(lastCalls)) {
            callsPerSecond.add(now / 1000, Math.round(calls - lastCalls));
        }
        lastCalls = calls;
    }

    /**
     * Per source ({@link #key}: project/table), the events delivered in each of the last 60 minutes, oldest first
     * (the current minute last).
     */
    Map<String, long[]> eventsPerMinute() {
        long minute = clockMillis.getAsLong() / 60_000;
        Map<String, long[]> series = new TreeMap<>();
        eventsPerMinute.forEach((table, ring) -> series.put(table, ring.upTo(minute)));
        return series;
    }

    /** How the live figures name a source: {@code project/table} (the page's script names them alike). */
    static String key(String project, String table) {
        return (project == null ? "" : project) + "/" + table;
    }

    /** Calls to CODING per second over the last minute. */
    double callsPerSecond() {
        return callsPerSecond.sumUpTo(clockMillis.getAsLong() / 1000) / (double) SECONDS;
    }
}
