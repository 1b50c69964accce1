package dev.camelcoding.bench;

import dev.camelcoding.client.CallPriority;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.component.team.ProjectSelection;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.SimulatedProject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A team of projects synced under one credential, on a <b>simulated clock</b> ({@link SimulatedTime}): the product's
 * own pollers, clients, limiter (priorities and project turns), idle schedule and schema schedule, run against the
 * team simulator at {@code --rate} calls/s (default 5), so hours of CODING take minutes of real time.
 *
 * <pre>
 * ./coding-bench TeamSyncBenchmark                       (50 projects, 100 to 50,000 issues)
 * ./coding-bench TeamSyncBenchmark --sizes 1200,300,100 --window 1h --settle 30m --idle false
 * </pre>
 *
 * <p>Phases: (1) the first full sync of every project (issues, iterations, members, the reference tables and the
 * schema), against the ideal: the calls it cannot avoid (computed from the simulator's data) at the rate; (2) after
 * it, changes: the {@code --active} projects change all day (one issue edit every {@code --active-gap} on average),
 * each other project (dormant: nothing changed for 30 days before the start) changes once at a random time of the
 * {@code --window}, which starts {@code --settle} after the backfill; the latency until the new version is in the sink;
 * (3) with nothing changing: the calls of one idle hour polling, then restarted in hybrid mode (hooked tables polled
 * as a backstop) the calls of one idle hour.
 *
 * <p>Left out: comments (their own benchmark, CommentSyncBenchmark), webhook deliveries (hybrid mode's changes come
 * by webhook; only its idle polling is measured here), the sink's own time (changes are in the sink when emitted).
 */
public final class TeamSyncBenchmark {

    private TeamSyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        TeamSyncOptions options = TeamSyncOptions.parse(args);
        long realStart = System.nanoTime();
        TeamSyncReport report = run(options);
        report.print(System.out);
        System.out.printf("real time: %.1f s%n", (System.nanoTime() - realStart) / 1e9);
    }

    static TeamSyncReport run(TeamSyncOptions o) throws Exception {
        long anchor = CodingSimulator.DEFAULT_DATA_ANCHOR;
        // every project dormant for 30 days when the sync starts: the data ends at the anchor
        long start = anchor + Duration.ofDays(30).toMillis();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < o.sizes().size(); i++) {
            names.add(String.format("p%02d-%d", i, o.sizes().get(i)));
        }
        TeamSyncReport report = new TeamSyncReport(o, names);
        Map<String, LongAdder> calls = new ConcurrentHashMap<>();
        Map<Long, LongAdder> perMinute = new ConcurrentHashMap<>();
        try (SimulatedTime time = new SimulatedTime(start)) {
            CodingSimulator.Builder builder = CodingSimulator.builder()
                    .projectName(names.get(0))
                    .issues(o.sizes().get(0))
                    .iterations(iterations(o.sizes().get(0)))
                    .members(members(o.sizes().get(0)))
                    .maxCommentsPerIssue(0)
                    .dataAnchor(anchor)
                    .seed(o.seed())
                    .clock(time::millis);
            for (int i = 1; i < names.size(); i++) {
                int n = o.sizes().get(i);
                builder.addProject(
                        names.get(i), s -> s.issues(n).iterations(iterations(n)).members(members(n)));
            }
            long setup = System.nanoTime();
            try (CodingSimulator sim = builder.start()) {
                report.setupSeconds = (System.nanoTime() - setup) / 1e9;
                TeamSink sink = new TeamSink(time::millis);
                TeamRoutes routes = new TeamRoutes(
                        time,
                        sim.baseUrl(),
                        CodingCredentials.personalToken(sim.personalToken()),
                        sim.team(),
                        o.rate(),
                        sink,
                        (kind, action) -> {
                            calls.computeIfAbsent(kind + " " + action, k -> new LongAdder())
                                    .increment();
                            perMinute
                                    .computeIfAbsent((time.millis() - start) / 60_000, k -> new LongAdder())
                                    .increment();
                        });
                try {
                    for (String name : names) {
                        SimulatedProject p = sim.project(name);
                        report.fact(
                                name,
                                p.data().issueCount(),
                                p.data().iterations().size(),
                                p.data().projectMembers().size());
                    }
                    // ProjectRoutes on start: the team's project list, then the routes of the selected projects
                    CodingApiClient teamClient = routes.client("projects", "", CallPriority.POLL);
                    ProjectSelection selection = ProjectSelection.of("", String.join(",", names), "");
                    List<String> selected = selection.resolve(ProjectSelection.visibleProjects(
                            teamClient, ProjectSelection.PAGE_SIZE, routes.projectIds()));
                    time.schedule("project-list", start + o.refresh().toMillis(), now -> {
                        ProjectSelection.visibleProjects(teamClient, ProjectSelection.PAGE_SIZE, routes.projectIds());
                        return time.millis() + o.refresh().toMillis();
                    });
                    for (String name : selected) {
                        routes.start(name, start);
                    }

                    // (1) the first full sync
                    Snapshot before = Snapshot.of(calls, time);
                    time.runUntil(start + Duration.ofHours(12).toMillis(), () -> {
                        report.noteCompletions(sink, time.millis() - start);
                        return report.allComplete() && routes.schemasRead() == selected.size();
                    });
                    long backfilled = time.millis();
                    progress("first full sync done", backfilled - start);
                    report.backfill = Snapshot.of(calls, time).minus(before);
                    report.backfillMillis = backfilled - start;

                    // (2) changes after the backfill
                    // on a whole minute after the start, so the window's minutes are the per-minute counts' minutes
                    long windowStart = start + (backfilled + o.settle().toMillis() - start + 59_999) / 60_000 * 60_000;
                    long windowEnd = windowStart + o.window().toMillis();
                    List<Change> changes = ChangePlan.draw(
                            o, names, name -> sim.project(name).data().issueCodes(), backfilled, windowStart);
                    for (Change c : changes) {
                        if (c.code == 0) {
                            continue;
                        }
                        SimulatedProject project = sim.project(c.project);
                        time.schedule("change@" + c.project, c.at, now -> {
                            project.updateIssue(c.code, e -> e.name("edited at " + now));
                            c.updatedAt =
                                    project.data().issue(c.code).orElseThrow().updatedAt();
                            c.madeAt = now;
                            sink.expect(c.project, c.code, c.updatedAt);
                            return Long.MAX_VALUE;
                        });
                    }
                    time.runUntil(windowStart, () -> false);
                    progress("change window starts", time.millis() - start);
                    Snapshot windowBefore = Snapshot.of(calls, time);
                    time.runUntil(windowEnd, () -> false);
                    report.window = Snapshot.of(calls, time).minus(windowBefore);
                    // the last changes of the window get up to 30 min to arrive
                    time.runUntil(
                            windowEnd + Duration.ofMinutes(30).toMillis(),
                            () -> changes.stream()
                                    .filter(c -> c.measured && c.madeAt > 0)
                                    .allMatch(c -> sink.arrivedAt(c.project, c.code, c.updatedAt) >= 0));
                    for (Change c : changes) {
                        if (c.measured && c.madeAt > 0) {
                            long arrived = sink.arrivedAt(c.project, c.code, c.updatedAt);
                            report.latency(c.active, arrived < 0 ? -1 : arrived - c.madeAt);
                        }
                    }
                    for (long m = (windowStart - start) / 60_000; m < (windowEnd - start) / 60_000; m++) {
                        LongAdder n = perMinute.get(m);
                        report.windowMinutes.add(n == null ? 0 : n.sum());
                    }

                    // (3) idle hours: nothing changes any more
                    if (o.idle()) {
                        long idleFrom = time.millis() + o.idleSettle().toMillis();
                        time.runUntil(idleFrom, () -> false);
                        Snapshot idleBefore = Snapshot.of(calls, time);
                        time.runUntil(idleFrom + Duration.ofHours(1).toMillis(), () -> false);
                        report.idlePolling = Snapshot.of(calls, time).minus(idleBefore);

                        progress("idle polling hour measured", time.millis() - start);
                        routes.restart(true, time.millis());
                        long hybridFrom = time.millis() + o.idleSettle().toMillis();
                        time.runUntil(hybridFrom, () -> false);
                        Snapshot hybridBefore = Snapshot.of(calls, time);
                        time.runUntil(hybridFrom + Duration.ofHours(1).toMillis(), () -> false);
                        report.idleHybrid = Snapshot.of(calls, time).minus(hybridBefore);
                    }
                    report.failures = time.failures();
                } finally {
                    routes.close();
                }
            }
        }
        return report;
    }

    private static final long REAL_START = System.nanoTime();

    /** A line on stderr: where the run is, in simulated and real time. */
    private static void progress(String what, long simulatedMillis) {
        System.err.printf(
                "[%s simulated, %.0f s real] %s%n",
                TeamSyncReport.human(simulatedMillis), (System.nanoTime() - REAL_START) / 1e9, what);
    }

    static int iterations(int issues) {
        return Math.min(20, 3 + issues / 5_000);
    }

    static int members(int issues) {
        return Math.min(30, 4 + issues / 2_000);
    }

    /** One issue edit: made at {@code at} in {@code project}, measured when inside the window. */
    static final class Change {
        final String project;
        final boolean active;
        final long at;
        final boolean measured;
        volatile int code;
        volatile long updatedAt;
        volatile long madeAt;

        Change(String project, boolean active, long at, boolean measured) {
            this.project = project;
            this.active = active;
            this.at = at;
            this.measured = measured;
        }
    }

    /** The calls so far by kind and action, and the limiter's permits by priority. */
    record Snapshot(Map<String, Long> byKind, Map<CallPriority, Long> byPriority) {

        static Snapshot of(Map<String, LongAdder> calls, SimulatedTime time) {
            Map<String, Long> kinds = new TreeMap<>();
            calls.forEach((k, v) -> kinds.put(k, v.sum()));
            Map<CallPriority, Long> priorities = new LinkedHashMap<>();
            for (CallPriority p : CallPriority.values()) {
                priorities.put(p, time.limiter().granted(p));
            }
            return new Snapshot(kinds, priorities);
        }

        Snapshot minus(Snapshot earlier) {
            Map<String, Long> kinds = new TreeMap<>(byKind);
            earlier.byKind.forEach((k, v) -> kinds.merge(k, -v, Long::sum));
            kinds.values().removeIf(v -> v == 0);
            Map<CallPriority, Long> priorities = new LinkedHashMap<>(byPriority);
            earlier.byPriority.forEach((k, v) -> priorities.merge(k, -v, Long::sum));
            return new Snapshot(kinds, priorities);
        }

        long total() {
            return byKind.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Calls of one route kind (the table's name, "schema" or "projects"), or of one action when it has a space. */
        long of(String kind) {
            return byKind.entrySet().stream()
                    .filter(e -> kind.contains(" ")
                            ? e.getKey().equals(kind)
                            : e.getKey().startsWith(kind + " "))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }
    }
}
