package dev.camelcoding.component.webhook;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many deliveries a webhook listener answered, by outcome (accepted, duplicate, ping, ignored, rejected...). */
public final class WebhookStats {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String outcome) {
        counts.computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    public long get(String outcome) {
        LongAdder n = counts.get(outcome);
        return n == null ? 0 : n.sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
