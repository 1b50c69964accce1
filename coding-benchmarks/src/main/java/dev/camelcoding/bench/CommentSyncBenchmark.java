package dev.camelcoding.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.IterationStrategy;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.polling.ChangeEmitter;
import dev.camelcoding.component.polling.CommentFreshness;
import dev.camelcoding.component.polling.CommentSettings;
import dev.camelcoding.component.polling.CommentsPoller;
import dev.camelcoding.component.polling.IssueFeed;
import dev.camelcoding.component.polling.PollContext;
import dev.camelcoding.component.polling.StateStore;
import dev.camelcoding.component.polling.TablePoller;
import dev.camelcoding.component.polling.TablePollers;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.CommentSnapshot;
import dev.camelcoding.simulator.IssueSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * The comments table at CODING's rate limit, on an N-issue simulator project: the issues and comments pollers as the
 * component runs them (sharing one issue feed, the default budget derived from {@code --rate} and the clock), on a <b>simulated clock</b> that advances
 * {@code 1 / rate} seconds per API call (the credential's limiter saturated, every call in turn) and jumps to the next
 * poll when both pollers are idle; the simulator stamps its data with the same clock. So the figures are those of a
 * real CODING at {@code --rate} calls/s, measured in minutes of real time.
 *
 * <pre>
 * ./coding-bench CommentSyncBenchmark --issues 100000 --rate 5
 * </pre>
 *
 * Printed: the list calls of the whole first sync (target ceil(N / 500) + a few; the rotating poller of earlier
 * versions made 407 for 100,000), the simulated time until the comments of the 1,000 most recently updated issues are
 * in the sink (target: under 5 minutes at 5 calls/s), until all comments are in, and after one simulated idle day the
 * share of the issues active that week whose comments were read within the last hour (target: all), with the same
 * figure for the rotation of earlier versions (20 issues a poll in code order), computed from its rule: that poller is
 * gone, so it is not run.
 *
 * <p>Then a small project ({@code --small-issues}, default 300; 0 skips it, as {@code --issues 0} skips the large
 * one), the same way: after its first sync and an idle hour, how long a comment edit on its most recently active
 * issue (and a delete on its quietest) takes to reach the sink by polling alone (target: 3 minutes at 5 calls/s),
 * printed with PASS or FAIL ({@link CommentEditLatency}).
 */
public final class CommentSyncBenchmark {

    private static final long POLL_MS = 60_000;

    private CommentSyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        int issues = intArg(args, "--issues", 100_000);
        if (issues > 0) {
            largeProject(args, issues);
        }
        int smallIssues = intArg(args, "--small-issues", 300);
        if (smallIssues > 0) {
            // the small project's rescans have far more allowance than their schedule needs: they spend it
            CommentEditLatency.run(
                    smallIssues,
                    Double.parseDouble(arg(args, "--rate", "5")),
                    Double.parseDouble(
                            arg(args, "--rescan-share", String.valueOf(CommentSettings.DEFAULTS.rescanShare()))),
                    intArg(args, "--max-comments", 3));
        }
    }

    private static void largeProject(String[] args, int issues) throws Exception {
        double rate = Double.parseDouble(arg(args, "--rate", "5"));
        int maxComments = intArg(args, "--max-comments", 3);
        double share =
                Double.parseDouble(arg(args, "--rescan-share", String.valueOf(CommentSettings.DEFAULTS.rescanShare())));
        long anchor = CodingSimulator.DEFAULT_DATA_ANCHOR;
        AtomicLong clock = new AtomicLong(anchor);
        long perCall = Math.round(1000 / rate);
        AtomicLong listCalls = new AtomicLong();
        AtomicLong commentCalls = new AtomicLong();

        long started = System.nanoTime();
        try (CodingSimulator sim = CodingSimulator.builder()
                .issues(issues)
                .maxCommentsPerIssue(maxComments)
                .iterations(4)
                .members(20)
                .dataAnchor(anchor)
                .clock(clock::get)
                .start()) {
            CodingClientOptions options = CodingClientOptions.builder()
                    .apiUrl(sim.baseUrl())
                    .credentials(CodingCredentials.personalToken(sim.personalToken()))
                    .requestsPerSecond(100_000)
                    .callObserver((action, result) -> {
                        clock.addAndGet(perCall); // the simulated limiter: one call every 1/rate s
                        if ("DescribeIssueListWithPage".equals(action)) {
                            listCalls.incrementAndGet();
                        } else if ("DescribeIssueCommentList".equals(action)) {
                            commentCalls.incrementAndGet();
                        }
                    })
                    .build();
            Expected expected = Expected.of(sim, 1_000);
            System.out.printf(
                    "project: %,d issues, %,d comments; rate %.1f calls/s (simulated); setup %.1f s%n",
                    issues, expected.total, rate, (System.nanoTime() - started) / 1e9);

            try (CodingApiClient client = new CodingApiClient(options)) {
                MemoryStateRepository repository = new MemoryStateRepository();
                Sink sink = new Sink();
                IssueFeed feed = new IssueFeed();
                TablePoller issuePoller = TablePollers.create(
                        CodingTable.ISSUES,
                        context(client, sim, repository, "issues", sink, clock),
                        IterationStrategy.diff,
                        feed,
                        CommentSettings.DEFAULTS);
                // the default budget (derived from the rate and the clock's elapsed time, no explicit calls per
                // poll), given the simulated rate: the client itself is not throttled
                CommentsPoller comments = new CommentsPoller(
                        context(client, sim, repository, "comments", sink, clock),
                        new CommentSettings(0, share, Duration.ofDays(7), Duration.ofMillis(POLL_MS)),
                        feed,
                        () -> rate);

                long start = clock.get();
                long recentIn = -1;
                long allIn = -1;
                long nextIssuesPoll = start;
                long nextCommentsPoll = start;
                long realStart = System.nanoTime();
                long snapshotLists = -1;
                long commentsLists = 0;
                long issuePolls = 0;
                while (allIn < 0) {
                    if (clock.get() >= nextIssuesPoll) {
                        long before = listCalls.get();
                        issuePoller.poll();
                        issuePolls++;
                        if (snapshotLists < 0) {
                            snapshotLists = listCalls.get() - before; // the first poll takes the whole snapshot
                        }
                        nextIssuesPoll = clock.get() + POLL_MS;
                    }
                    if (clock.get() >= nextCommentsPoll) {
                        long before = listCalls.get();
                        comments.poll();
                        commentsLists += listCalls.get() - before;
                        nextCommentsPoll = comments.moreWork() ? clock.get() : clock.get() + POLL_MS;
                    }
                    if (System.getProperty("bench.trace") != null) {
                        System.out.printf(
                                "t=%d s sink=%d recent=%d/%d%n",
                                (clock.get() - start) / 1000,
                                sink.keys.size(),
                                expected.recent.stream()
                                        .filter(sink.keys::contains)
                                        .count(),
                                expected.recent.size());
                    }
                    if (recentIn < 0
                            && sink.keys.size() >= expected.recent.size()
                            && sink.keys.containsAll(expected.recent)) {
                        recentIn = clock.get() - start;
                    }
                    if (sink.keys.size() >= expected.total && sink.keys.containsAll(expected.all)) {
                        allIn = clock.get() - start;
                    }
                    clock.set(Math.max(clock.get(), Math.min(nextIssuesPoll, nextCommentsPoll)));
                }
                long firstSyncLists = listCalls.get();
                long firstSyncComments = commentCalls.get();
                double realFirst = (System.nanoTime() - realStart) / 1e9;

                // one idle day: nothing changes in CODING, the pollers go on at their interval
                long dayStart = clock.get();
                long idleLists = listCalls.get();
                long idleComments = commentCalls.get();
                Map<String, Long> opsBefore = new java.util.TreeMap<>(sink.ops);
                while (clock.get() < dayStart + Duration.ofDays(1).toMillis()) {
                    if (clock.get() >= nextIssuesPoll) {
                        issuePoller.poll();
                        nextIssuesPoll = clock.get() + POLL_MS;
                    }
                    if (clock.get() >= nextCommentsPoll) {
                        comments.poll();
                        nextCommentsPoll = comments.moreWork() ? clock.get() : clock.get() + POLL_MS;
                    }
                    clock.set(Math.max(clock.get(), Math.min(nextIssuesPoll, nextCommentsPoll)));
                }
                long now = clock.get();
                long dayLists = listCalls.get() - idleLists;
                long dayComments = commentCalls.get() - idleComments;
                Map<String, Long> dayOps = new java.util.TreeMap<>(sink.ops);
                opsBefore.forEach((op, n) -> dayOps.merge(op, -n, Long::sum));
                dayOps.values().removeIf(n -> n == 0);
                Set<Integer> activeWeek =
                        expected.activeSince(now - Duration.ofDays(7).toMillis());
                long readLastHour = activeWeek.stream()
                        .filter(code -> comments.lastRead(code).orElse(0)
                                >= now - Duration.ofHours(1).toMillis())
                        .count();
                long oldest = activeWeek.stream()
                        .mapToLong(code -> comments.lastRead(code).orElse(0))
                        .min()
                        .orElse(now);
                CommentFreshness freshness = new StateStore(repository, "bench/comments", new ObjectMapper())
                        .read(CommentFreshness.STATE, CommentFreshness.class)
                        .orElseThrow();
                long allReadLastHour = expected.codes.stream()
                        .filter(code -> comments.lastRead(code).orElse(0)
                                >= now - Duration.ofHours(1).toMillis())
                        .count();
                // the rotation of earlier versions: 20 issues a poll, in code order, whatever happened
                double rotationShare = Math.min(1, 20.0 * 60 / issues);

                System.out.printf(
                        "first sync: %,d list calls for the issue snapshot (both tables) + %,d by the"
                                + " comments poller = %,d (target ceil(N/500) + a few = %d + a few; earlier versions: 407 for"
                                + " 100,000); besides, %,d incremental issue polls of 1 call (one a minute, made without"
                                + " comments too; %,d list calls in all); %,d comment calls (%,d issues)%n",
                        snapshotLists,
                        commentsLists,
                        snapshotLists + commentsLists,
                        (issues + 499) / 500,
                        issuePolls - 1,
                        firstSyncLists,
                        firstSyncComments,
                        issues);
                System.out.printf(
                        "comments of the 1,000 most recently updated issues in the sink after %s simulated"
                                + " (target: under 5 min at 5 calls/s)%n",
                        human(recentIn));
                System.out.printf(
                        "all %,d comments in the sink after %s simulated (earlier versions: 5.6 h for"
                                + " 100,000 issues at 5 calls/s, in code order)%n",
                        expected.total, human(allIn));
                System.out.printf(
                        "idle day: %,d list calls, %,d comment calls (%.1f comment calls/min; earlier"
                                + " versions: 22/min); %,d issues read within the last hour; comment events %s (none"
                                + " expected: nothing changed)%n",
                        dayLists, dayComments, dayComments / 1440.0, allReadLastHour, dayOps);
                System.out.printf(
                        "after the idle day: %,d issues active in the last week; %.1f %% of them read within"
                                + " the last hour (target 100 %%), the oldest read %s ago; the rotation of earlier versions:"
                                + " %.1f %% (%d issues read an hour, in code order)%n",
                        activeWeek.size(),
                        activeWeek.isEmpty() ? 100 : 100.0 * readLastHour / activeWeek.size(),
                        human(now - oldest),
                        100 * rotationShare,
                        20 * 60);
                System.out.printf(
                        "after the idle day: the schedule needs %.1f rescan calls/min, the budget allows %.1f"
                                + " (rescan share %.2f of %.1f calls/s)%n",
                        freshness.rescanDemandPerMinute(), freshness.rescanAllowancePerMinute(), share, rate);
                System.out.printf(
                        "real time: first sync %.1f s, idle day %.1f s%n",
                        realFirst, (System.nanoTime() - realStart) / 1e9 - realFirst);
            }
        }
    }

    static PollContext context(
            CodingApiClient client,
            CodingSimulator sim,
            MemoryStateRepository repository,
            String table,
            Sink sink,
            AtomicLong clock) {
        return new PollContext(
                client,
                sim.team(),
                sim.projectName(),
                table,
                500,
                "ALL",
                List.of(),
                "beginning",
                Duration.ofMinutes(5),
                Duration.ofHours(1),
                false,
                new StateStore(repository, "bench/" + table, new ObjectMapper()),
                sink,
                clock::get,
                null);
    }

    static String human(long millis) {
        Duration d = Duration.ofMillis(millis);
        return d.toHours() > 0
                ? String.format("%d h %02d min", d.toHours(), d.toMinutesPart())
                : String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }

    /** What the sink must hold, from the simulator's own data. */
    private static final class Expected {
        final Set<String> all = new HashSet<>();
        final Set<String> recent = new HashSet<>();
        final List<Integer> codes = new ArrayList<>();
        final Map<Integer, Long> activity = new HashMap<>();
        long total;

        static Expected of(CodingSimulator sim, int recentCount) {
            Expected e = new Expected();
            List<IssueSnapshot> issues = new ArrayList<>();
            for (int code : sim.data().issueCodes()) {
                issues.add(sim.data().issue(code).orElseThrow());
            }
            issues.sort(Comparator.comparingLong(IssueSnapshot::updatedAt).reversed());
            for (int i = 0; i < issues.size(); i++) {
                IssueSnapshot issue = issues.get(i);
                e.codes.add(issue.code());
                long active = Math.max(issue.createdAt(), issue.updatedAt());
                for (CommentSnapshot c : sim.data().comments(issue.code())) {
                    String key = issue.code() + "/" + c.commentId();
                    e.all.add(key);
                    if (i < recentCount) {
                        e.recent.add(key);
                    }
                    active = Math.max(active, Math.max(c.createdAt(), c.updatedAt()));
                }
                e.activity.put(issue.code(), active);
            }
            e.total = e.all.size();
            return e;
        }

        Set<Integer> activeSince(long since) {
            Set<Integer> active = new HashSet<>();
            activity.forEach((code, at) -> {
                if (at >= since) {
                    active.add(code);
                }
            });
            return active;
        }
    }

    /** The sink: the comment keys emitted (issue/comment), nothing else kept. */
    static final class Sink implements ChangeEmitter {
        final Set<String> keys = new HashSet<>();
        final Map<String, Long> ops = new java.util.TreeMap<>();
        /** per comment key, the last op emitted (the small-project case waits for an edit and a delete) */
        final Map<String, String> lastOp = new HashMap<>();
        /** per comment key, when its last event was handed over (the poller's flush; only with a clock) */
        final Map<String, Long> handedOverAt = new HashMap<>();

        private final Set<String> unflushed = new HashSet<>();
        private final java.util.function.LongSupplier clock;

        Sink() {
            this(null);
        }

        /** A sink that notes when each key's events were handed over, on {@code clock}. */
        Sink(java.util.function.LongSupplier clock) {
            this.clock = clock;
        }

        @Override
        public void emit(ChangeEvent event) {
            if ("comments".equals(event.table())) {
                ops.merge(event.op().code(), 1L, Long::sum);
                String key = event.key().path("issue_code").asLong() + "/"
                        + event.key().path("comment_id").asLong();
                lastOp.put(key, event.op().code());
                if (clock != null) {
                    unflushed.add(key);
                }
                if (event.after() == null) {
                    keys.remove(key);
                } else {
                    keys.add(key);
                }
            }
        }

        @Override
        public void flush() {
            if (clock != null) {
                long now = clock.getAsLong();
                unflushed.forEach(key -> handedOverAt.put(key, now));
                unflushed.clear();
            }
        }

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

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(arg(args, name, String.valueOf(fallback)));
    }
}
