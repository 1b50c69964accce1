package dev.camelcoding.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts Open API calls per {@code Action}: every received call (including failed, throttled and reset ones), and
 * separately those answered with an error (error envelope, non-2xx status or dropped connection). Calls without a
 * readable action are counted under {@code ""}.
 */
public final class RequestCounters {

    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();

    void received(String action) {
        received.computeIfAbsent(action, a -> new LongAdder()).increment();
    }

    void failed(String action) {
        failed.computeIfAbsent(action, a -> new LongAdder()).increment();
    }

    /** Calls received for {@code action}. */
    public long count(String action) {
        LongAdder a = received.get(action);
        return a == null ? 0 : a.sum();
    }

    /** Calls for {@code action} that were answered with an error or not answered at all. */
    public long errors(String action) {
        LongAdder a = failed.get(action);
        return a == null ? 0 : a.sum();
    }

    /** All calls received. */
    public long total() {
        return received.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** All calls answered with an error. */
    public long totalErrors() {
        return failed.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Calls received per action, sorted by action. */
    public Map<String, Long> snapshot() {
        return copy(received);
    }

    /** Error answers per action, sorted by action. */
    public Map<String, Long> errorSnapshot() {
        return copy(failed);
    }

    public void reset() {
        received.clear();
        failed.clear();
    }

    private static Map<String, Long> copy(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public String toString() {
        return "RequestCounters" + snapshot();
    }
}
