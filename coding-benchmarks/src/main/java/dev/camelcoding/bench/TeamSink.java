package dev.camelcoding.bench;

import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.polling.ChangeEmitter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The sink of a simulated team sync: per project and table, the row keys it holds; per issue, the newest UpdatedAt it
 * holds and when that arrived (simulated time). Thread-safe: every route's job writes here.
 */
final class TeamSink {

    private final LongSupplier clock;
    /** project -> table -> keys */
    private final Map<String, Map<String, Set<String>>> keys = new HashMap<>();
    /** project/code -> newest updated_at in the sink */
    private final Map<String, Long> issueVersion = new HashMap<>();
    /** project/code/updated_at wanted -> when it arrived */
    private final Map<String, Long> arrivals = new HashMap<>();

    private final Map<String, Long> wanted = new HashMap<>();

    TeamSink(LongSupplier clock) {
        this.clock = clock;
    }

    /** The emitter of one route: what its poller emits lands here. */
    ChangeEmitter emitter(String project) {
        return new Route(project);
    }

    synchronized int rows(String project, String table) {
        return keys.getOrDefault(project, Map.of())
                .getOrDefault(table, Set.of())
                .size();
    }

    /** Waits for issue {@code code} of {@code project} at UpdatedAt {@code updatedAt} or later. */
    synchronized void expect(String project, long code, long updatedAt) {
        String key = project + "/" + code;
        if (issueVersion.getOrDefault(key, Long.MIN_VALUE) >= updatedAt) {
            arrivals.put(key + "@" + updatedAt, clock.getAsLong());
        } else {
            wanted.put(key, updatedAt);
        }
    }

    /** When the issue version expected arrived, or -1. */
    synchronized long arrivedAt(String project, long code, long updatedAt) {
        return arrivals.getOrDefault(project + "/" + code + "@" + updatedAt, -1L);
    }

    private synchronized void record(String project, ChangeEvent event) {
        Set<String> tableKeys = keys.computeIfAbsent(project, p -> new HashMap<>())
                .computeIfAbsent(event.table(), t -> new HashSet<>());
        String key = event.key().toString();
        if (event.after() == null) {
            tableKeys.remove(key);
            return;
        }
        tableKeys.add(key);
        if ("issues".equals(event.table())) {
            String issue = project + "/" + event.after().path("code").asLong();
            long updatedAt = event.after().path("updated_at").asLong();
            issueVersion.merge(issue, updatedAt, Math::max);
            Long want = wanted.get(issue);
            if (want != null && updatedAt >= want) {
                wanted.remove(issue);
                arrivals.put(issue + "@" + want, clock.getAsLong());
            }
        }
    }

    private final class Route implements ChangeEmitter {
        private final String project;

        Route(String project) {
            this.project = project;
        }

        @Override
        public void emit(ChangeEvent event) {
            record(project, event);
        }

        @Override
        public void flush() {}

        @Override
        public int pending() {
            return 0;
        }

        @Override
        public boolean batchFull() {
            return false;
        }

        @Override
        public void emitBatch(List<ChangeEvent> events, String passId) {
            events.forEach(this::emit);
        }

        @Override
        public boolean isRunAllowed() {
            return true;
        }
    }
}
