package dev.camelcoding.bench;

import dev.camelcoding.client.CallPriority;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What TeamSyncBenchmark measured, and the ideal it compares the first sync with, computed from the simulator's data
 * (independent of the calls counted): per project the issue pages {@code ceil(issues / 500)}, the pass's one call
 * for the newest UpdatedAt, one page of iterations and of members per 500, and the schema's {@code 1 + 2 x 5} calls
 * (issue types, then fields and statuses per type); for the team, the project list's pages.
 */
final class TeamSyncReport {

    static final int PAGE = 500;
    /** the five system issue types: the schema and the reference tables list fields and statuses per type */
    static final int TYPES = 5;
    /**
     * The cost model's figures (docs/configuration.md) per idle project and hour (quiet for 15 hours or more, the
     * delay at its cap), the census left out: issues, iterations and members 4 polls each (3 in hybrid mode), the
     * reference tables and the schema 33 (one reading serves both). A project quiet for less costs more: its issues
     * are polled about 60 / (hours of quiet) times an hour.
     */
    static final int MODEL_IDLE_POLLING = 4 + 4 + 4 + 33;

    static final int MODEL_IDLE_HYBRID = 3 + 3 + 3 + 33;

    private final TeamSyncOptions options;
    private final List<String> names;
    private final Map<String, int[]> facts = new LinkedHashMap<>();
    private final Map<String, Long> complete = new LinkedHashMap<>();
    /** when each project's reference tables (issue types, statuses, fields) had their first listing in the sink */
    private final Map<String, Long> referenceComplete = new LinkedHashMap<>();

    private final List<Long> activeLatency = new ArrayList<>();
    private final List<Long> dormantLatency = new ArrayList<>();

    double setupSeconds;
    long backfillMillis;
    TeamSyncBenchmark.Snapshot backfill;
    TeamSyncBenchmark.Snapshot window;
    TeamSyncBenchmark.Snapshot idlePolling;
    TeamSyncBenchmark.Snapshot idleHybrid;
    final List<Long> windowMinutes = new ArrayList<>();
    List<String> failures = List.of();
    /** the sink's rows per project, when checked last (issues, iterations, members) */
    private final Map<String, int[]> sinkRows = new LinkedHashMap<>();

    TeamSyncReport(TeamSyncOptions options, List<String> names) {
        this.options = options;
        this.names = names;
    }

    void fact(String project, int issues, int iterations, int members) {
        facts.put(project, new int[] {issues, iterations, members});
    }

    /** Notes each project whose issues, iterations and members are all in the sink, at {@code elapsed}. */
    synchronized void noteCompletions(TeamSink sink, long elapsed) {
        for (Map.Entry<String, int[]> e : facts.entrySet()) {
            if (!referenceComplete.containsKey(e.getKey())
                    && sink.rows(e.getKey(), "issueTypes") > 0
                    && sink.rows(e.getKey(), "issueStatuses") > 0
                    && sink.rows(e.getKey(), "issueFields") > 0) {
                referenceComplete.put(e.getKey(), elapsed);
            }
            if (complete.containsKey(e.getKey())) {
                continue;
            }
            int[] rows = {
                sink.rows(e.getKey(), "issues"),
                sink.rows(e.getKey(), "iterations"),
                sink.rows(e.getKey(), "projectMembers")
            };
            sinkRows.put(e.getKey(), rows);
            if (rows[0] == e.getValue()[0] && rows[1] == e.getValue()[1] && rows[2] == e.getValue()[2]) {
                complete.put(e.getKey(), elapsed);
            }
        }
    }

    synchronized boolean allComplete() {
        return complete.size() == facts.size() && referenceComplete.size() == facts.size();
    }

    /** When the last project's issues, iterations and members were in the sink (ms after the start). */
    synchronized long dataMillis() {
        return complete.values().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** When the project's issues, iterations and members were all in the sink (ms after the start), or -1. */
    synchronized long completedAt(String project) {
        return complete.getOrDefault(project, -1L);
    }

    synchronized void latency(boolean active, long millis) {
        (active ? activeLatency : dormantLatency).add(millis);
    }

    // ---- the ideal, from the simulator's data

    long idealIssuePages() {
        return facts.values().stream().mapToLong(f -> pages(f[0])).sum();
    }

    long idealListPages() {
        return facts.values().stream()
                .mapToLong(f -> pages(f[0]) + Math.max(1, pages(f[1])) + Math.max(1, pages(f[2])))
                .sum();
    }

    /** Per project: the pass's newest-UpdatedAt call and the schema's 1 + 2 x types. */
    long idealFixedCalls() {
        return facts.size() * (1L + 1 + 2L * TYPES);
    }

    long idealCalls() {
        return idealListPages() + idealFixedCalls() + (facts.size() + 99) / 100;
    }

    static long pages(int rows) {
        return (rows + PAGE - 1) / PAGE;
    }

    double idealSeconds() {
        return idealCalls() / options.rate();
    }

    // ---- printing

    void print(PrintStream out) {
        int issues = facts.values().stream().mapToInt(f -> f[0]).sum();
        out.printf(
                "team: %d projects, %,d issues (%,d to %,d a project); rate %.1f calls/s (simulated); simulator set up in"
                        + " %.1f s%n",
                facts.size(),
                issues,
                facts.values().stream().mapToInt(f -> f[0]).min().orElse(0),
                facts.values().stream().mapToInt(f -> f[0]).max().orElse(0),
                options.rate(),
                setupSeconds);
        out.printf("%n(1) first full sync (issues, iterations, members, reference tables, schema)%n");
        printCalls(out, backfill);
        out.printf(
                "ideal: %,d calls = %,d list pages (%,d issue pages = sum of ceil(issues/500), + iterations, members)"
                        + " + %,d fixed (per project: 1 newest-UpdatedAt call for the pass + %d schema calls) + %d"
                        + " project list; / %.1f calls/s = %s%n",
                idealCalls(),
                idealListPages(),
                idealIssuePages(),
                idealFixedCalls(),
                1 + 2 * TYPES,
                (facts.size() + 99) / 100,
                options.rate(),
                human((long) (idealSeconds() * 1000)));
        long data = dataMillis();
        out.printf(
                "first full sync of issues, iterations and members done after %s simulated: %.2f x the ideal (target:"
                        + " within 10 %%, at most 1.10) %s%n",
                human(data), data / (idealSeconds() * 1000), data <= idealSeconds() * 1000 * 1.10 ? "PASS" : "FAIL");
        out.printf(
                "with every project's schema and reference tables too: after %s simulated, %.2f x the ideal%n",
                human(backfillMillis), backfillMillis / (idealSeconds() * 1000));
        printClasses(out);
        if (window != null) {
            out.printf(
                    "%n(2) changes after the backfill (window %s, %s after it)%n",
                    human(options.window().toMillis()), human(options.settle().toMillis()));
            out.printf(
                    "active projects (%d, one edit every %s on average all day): %s; target p95 within 2 min %s%n",
                    countActive(),
                    human(options.activeGap().toMillis()),
                    latencies(activeLatency),
                    pass(activeLatency, 120_000));
            out.printf(
                    "dormant projects (%d, nothing for 30 days, then one edit): %s; target p95 within 15 min %s%n",
                    facts.size() - countActive(), latencies(dormantLatency), pass(dormantLatency, 900_000));
            List<Long> minutes = new ArrayList<>(windowMinutes);
            Collections.sort(minutes);
            double budget = options.rate() * 60;
            out.printf(
                    "calls per minute in the window: mean %.1f, p95 %d, max %d; the budget %.0f a minute: mean %.1f %%, max"
                            + " %.1f %%%n",
                    window.total() / (double) Math.max(1, minutes.size()),
                    percentile(minutes, 95),
                    minutes.isEmpty() ? 0 : minutes.get(minutes.size() - 1),
                    budget,
                    100 * window.total() / (double) Math.max(1, minutes.size()) / budget,
                    minutes.isEmpty() ? 0 : 100 * minutes.get(minutes.size() - 1) / budget);
            printCalls(out, window);
        }
        if (idlePolling != null) {
            out.printf(
                    "%n(3) one idle hour (nothing changed for %s)%n",
                    human(options.idleSettle().toMillis()));
            printIdle(out, "polling", idlePolling, MODEL_IDLE_POLLING);
            printIdle(out, "hybrid", idleHybrid, MODEL_IDLE_HYBRID);
        }
        if (!failures.isEmpty()) {
            out.printf("%nfailed polls: %d, first: %s%n", failures.size(), failures.get(0));
        }
    }

    private void printIdle(PrintStream out, String mode, TeamSyncBenchmark.Snapshot hour, int perProject) {
        // the census: ceil(issues / 500) pages a project and hour; the project list: every 10 minutes
        long census = idealIssuePages();
        long list = 6L * ((facts.size() + 99) / 100);
        long model = (long) perProject * facts.size() + census + list;
        out.printf(
                "%s: %,d calls an idle hour (%.1f a project; %.1f %% of the budget); the cost model (quiet 15 h or more):"
                        + " %d x %d + %d census"
                        + " pages + %d project list = %,d%n",
                mode,
                hour.total(),
                hour.total() / (double) facts.size(),
                100 * hour.total() / (options.rate() * 3600),
                facts.size(),
                perProject,
                census,
                list,
                model);
        printCalls(out, hour);
    }

    private void printCalls(PrintStream out, TeamSyncBenchmark.Snapshot calls) {
        Map<String, Long> byRoute = new LinkedHashMap<>();
        calls.byKind().forEach((k, v) -> byRoute.merge(k, v, Long::sum));
        StringBuilder kinds = new StringBuilder();
        byRoute.forEach((k, v) -> kinds.append(String.format("%s %,d; ", k, v)));
        StringBuilder priorities = new StringBuilder();
        for (Map.Entry<CallPriority, Long> e : calls.byPriority().entrySet()) {
            if (e.getValue() != 0) {
                priorities.append(String.format("%s %,d; ", e.getKey(), e.getValue()));
            }
        }
        out.printf("  calls: %,d; by route and action: %s%n", calls.total(), kinds);
        out.printf("  by priority: %s%n", priorities);
    }

    private void printClasses(PrintStream out) {
        int[][] bounds = {{0, 1_000}, {1_000, 10_000}, {10_000, Integer.MAX_VALUE}};
        for (int[] b : bounds) {
            List<Long> times = new ArrayList<>();
            int n = 0;
            for (Map.Entry<String, int[]> e : facts.entrySet()) {
                int size = e.getValue()[0];
                if (size >= b[0] && size < b[1]) {
                    n++;
                    times.add(completedAt(e.getKey()));
                }
            }
            if (n == 0) {
                continue;
            }
            Collections.sort(times);
            String label = b[1] == Integer.MAX_VALUE
                    ? String.format("%,d issues or more", b[0])
                    : String.format("%,d to %,d issues", b[0], b[1] - 1);
            out.printf(
                    "  %s (%d projects): issues, iterations and members in the sink after %s (median) to %s (last)%s%n",
                    label,
                    n,
                    human(percentile(times, 50)),
                    human(times.get(times.size() - 1)),
                    b[1] == 1_000
                            ? (times.get(times.size() - 1) <= 180_000 ? "; target 3 min PASS" : "; target 3 min FAIL")
                            : "");
        }
    }

    private int countActive() {
        int n = 0;
        for (int i = 0; i < facts.size(); i++) {
            n += options.activeProject(i) ? 1 : 0;
        }
        return n;
    }

    private static String latencies(List<Long> list) {
        List<Long> sorted = new ArrayList<>(list);
        long missing = sorted.stream().filter(v -> v < 0).count();
        sorted.removeIf(v -> v < 0);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "no change measured";
        }
        return String.format(
                "%d changes, p50 %s, p95 %s, max %s%s",
                list.size(),
                human(percentile(sorted, 50)),
                human(percentile(sorted, 95)),
                human(sorted.get(sorted.size() - 1)),
                missing > 0 ? ", " + missing + " NOT in the sink" : "");
    }

    private static String pass(List<Long> list, long target) {
        if (list.isEmpty() || list.stream().anyMatch(v -> v < 0)) {
            return "FAIL";
        }
        List<Long> sorted = new ArrayList<>(list);
        Collections.sort(sorted);
        return percentile(sorted, 95) <= target ? "PASS" : "FAIL";
    }

    /** p95 of the latencies, in ms (-1 with none or any lost). */
    long p95(boolean active) {
        List<Long> list = new ArrayList<>(active ? activeLatency : dormantLatency);
        if (list.isEmpty() || list.stream().anyMatch(v -> v < 0)) {
            return -1;
        }
        Collections.sort(list);
        return percentile(list, 95);
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String human(long millis) {
        return CommentSyncBenchmark.human(millis);
    }
}
