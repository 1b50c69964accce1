package dev.camelcoding.bench;

import dev.camelcoding.simulator.CodingSimulator;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The backfill benchmark: how fast, how many API calls and how much heap the {@code coding:issues} polling consumer
 * needs for a full snapshot of N issues, against a bare HttpClient + Jackson baseline, on the same simulator data.
 *
 * <pre>
 * ./coding-bench BackfillBenchmark --issues 100000
 * ./coding-bench BackfillBenchmark --heap-check
 * </pre>
 *
 * Modes, each run {@code --runs} times (median reported) after one smaller warm-up run:
 * <ol>
 * <li>raw: DescribeIssueListWithPage pages 1..N/pageSize with java.net.http (HTTP/1.1) and Jackson readTree;</li>
 * <li>camel-noop: {@code from("coding:issues?...")} to a counting processor;</li>
 * <li>camel-h2: the same route, Camel Jackson unmarshal, batched camel-sql MERGE into embedded H2.</li>
 * </ol>
 * Targets: API calls &lt;= ceil(N/pageSize)+3; no-op throughput &gt;= 50 % of raw. {@code --heap-check} runs a
 * 1,000,000-issue no-op backfill in a child JVM with -Xmx256m against a simulator in another child process.
 */
public final class BackfillBenchmark {

    static final String CHILD_RESULT = "BENCH-CHILD-RESULT";
    private static final double MB = 1024d * 1024d;

    private BackfillBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(BenchOptions.USAGE);
                return;
            }
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        int status;
        if (options.child()) {
            status = child(options);
        } else if (options.heapCheck()) {
            status = new HeapCheck(options).run();
        } else {
            status = benchmark(options);
        }
        System.exit(status);
    }

    // ------------------------------------------------------------------------------------------ the benchmark

    private static int benchmark(BenchOptions o) throws Exception {
        System.out.println("Backfill benchmark (coding:issues polling consumer, full snapshot)");
        System.out.println("  machine: " + machine());
        CodingSimulator sim = null;
        try {
            String apiUrl;
            String token;
            String project;
            ApiCallCounter counter;
            if (o.externalUrl() != null) {
                apiUrl = o.externalUrl();
                token = o.token();
                project = o.project();
                counter = ApiCallCounter.remote(apiUrl);
                System.out.println("  simulator: external, " + apiUrl + ", project " + project);
            } else {
                long t0 = System.nanoTime();
                sim = CodingSimulator.builder().issues(o.issues()).start();
                apiUrl = sim.baseUrl();
                token = sim.personalToken();
                project = sim.projectName();
                counter = ApiCallCounter.of(sim);
                System.out.printf(
                        Locale.ROOT,
                        "  simulator: in this JVM, %s, %d issues generated in %.1f s%n",
                        apiUrl,
                        sim.data().issueCount(),
                        (System.nanoTime() - t0) / 1e9);
            }
            long expected = new RawBackfill(apiUrl, token, project, o.pageSize()).totalCount();
            if (expected != o.issues()) {
                System.out.println("  note: the simulator lists " + expected + " issues (not " + o.issues()
                        + "); measuring " + expected);
            }
            System.out.printf(
                    Locale.ROOT,
                    "  issues: %d, page size %d, runs %d (median reported), sinks: %s%n",
                    expected,
                    o.pageSize(),
                    o.runs(),
                    o.sink());

            if (o.warmupIssues() > 0) {
                warmUp(o);
            }

            RawBackfill raw = new RawBackfill(apiUrl, token, project, o.pageSize());
            CamelBackfill camel = new CamelBackfill(apiUrl, token, project, o.pageSize());
            List<RunResult> results = new ArrayList<>();
            for (int run = 1; run <= o.runs(); run++) {
                results.add(measureRaw(raw, run, expected, counter));
                System.out.println("  " + line(results.get(results.size() - 1)));
                if (o.sink().noop()) {
                    results.add(
                            measureCamel(camel, CamelBackfill.Sink.NOOP, run, expected, counter, o.timeoutSeconds()));
                    System.out.println("  " + line(results.get(results.size() - 1)));
                }
                if (o.sink().h2()) {
                    results.add(measureCamel(camel, CamelBackfill.Sink.H2, run, expected, counter, o.timeoutSeconds()));
                    System.out.println("  " + line(results.get(results.size() - 1)));
                }
            }
            return report(o, expected, results);
        } finally {
            if (sim != null) {
                sim.close();
            }
        }
    }

    /** One smaller pass of every measured mode on a simulator of its own, so the JIT has compiled the paths. */
    private static void warmUp(BenchOptions o) throws Exception {
        int n = Math.min(o.warmupIssues(), o.issues());
        long t0 = System.nanoTime();
        try (CodingSimulator small = CodingSimulator.builder().issues(n).start()) {
            long expected = new RawBackfill(small.baseUrl(), small.personalToken(), small.projectName(), o.pageSize())
                    .totalCount();
            ApiCallCounter counter = ApiCallCounter.of(small);
            measureRaw(
                    new RawBackfill(small.baseUrl(), small.personalToken(), small.projectName(), o.pageSize()),
                    0,
                    expected,
                    counter);
            CamelBackfill camel =
                    new CamelBackfill(small.baseUrl(), small.personalToken(), small.projectName(), o.pageSize());
            if (o.sink().noop()) {
                measureCamel(camel, CamelBackfill.Sink.NOOP, 0, expected, counter, o.timeoutSeconds());
            }
            if (o.sink().h2()) {
                measureCamel(camel, CamelBackfill.Sink.H2, 0, expected, counter, o.timeoutSeconds());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "  warm-up: every mode once on %d issues (own simulator), %.1f s%n",
                n,
                (System.nanoTime() - t0) / 1e9);
    }

    private static RunResult measureRaw(RawBackfill raw, int run, long expected, ApiCallCounter counter)
            throws Exception {
        counter.reset();
        try (HeapMeter heap = HeapMeter.start()) {
            long t0 = System.nanoTime();
            long[] rowsAndSum = raw.run();
            long nanos = System.nanoTime() - t0;
            if (rowsAndSum[0] != expected) {
                throw new IllegalStateException("raw: read " + rowsAndSum[0] + " rows, expected " + expected);
            }
            return new RunResult(
                    "raw",
                    run,
                    rowsAndSum[0],
                    nanos,
                    counter.listCalls(),
                    counter.totalCalls(),
                    heap.base(),
                    heap.poolsPeak(),
                    heap.sampledPeak());
        }
    }

    private static RunResult measureCamel(
            CamelBackfill camel,
            CamelBackfill.Sink sink,
            int run,
            long expected,
            ApiCallCounter counter,
            long timeoutSeconds)
            throws Exception {
        String mode = sink == CamelBackfill.Sink.NOOP ? "camel-noop" : "camel-h2";
        try (CamelBackfill.Prepared prepared = camel.prepare(sink, expected)) {
            counter.reset();
            RunResult result;
            try (HeapMeter heap = HeapMeter.start()) {
                long nanos = prepared.run(timeoutSeconds);
                long poolsPeak = heap.poolsPeak();
                long sampledPeak = heap.sampledPeak();
                if (!prepared.awaitPollEnd(timeoutSeconds)) {
                    throw new IllegalStateException(mode + ": the poll did not end within " + timeoutSeconds + " s");
                }
                result = new RunResult(
                        mode,
                        run,
                        prepared.events(),
                        nanos,
                        counter.listCalls(),
                        counter.totalCalls(),
                        heap.base(),
                        poolsPeak,
                        sampledPeak);
            }
            if (sink == CamelBackfill.Sink.H2) {
                long rows = camel.countRows();
                camel.clearTable();
                if (rows != expected) {
                    throw new IllegalStateException(mode + ": SELECT COUNT(*) = " + rows + ", expected " + expected);
                }
            }
            return result;
        }
    }

    // ------------------------------------------------------------------------------------------ the report

    private static int report(BenchOptions o, long n, List<RunResult> results) {
        long callBudget = (n + o.pageSize() - 1) / o.pageSize() + 3;
        System.out.println();
        System.out.printf(
                Locale.ROOT, "Backfill of %d issues, page size %d: median of %d runs%n", n, o.pageSize(), o.runs());
        System.out.println(header());
        List<String> modes = results.stream().map(RunResult::mode).distinct().toList();
        List<RunResult> medians = new ArrayList<>();
        for (String mode : modes) {
            RunResult m =
                    median(results.stream().filter(r -> r.mode().equals(mode)).toList());
            medians.add(m);
            System.out.println(line(m));
        }
        RunResult raw = find(medians, "raw");
        RunResult noop = find(medians, "camel-noop");
        RunResult h2 = find(medians, "camel-h2");
        System.out.println();
        System.out.println("Ratios (median throughput):");
        if (noop != null) {
            System.out.printf(Locale.ROOT, "  camel-noop / raw: %5.1f %%%n", 100 * noop.perSecond() / raw.perSecond());
        }
        if (h2 != null) {
            System.out.printf(Locale.ROOT, "  camel-h2   / raw: %5.1f %%%n", 100 * h2.perSecond() / raw.perSecond());
        }
        System.out.println("Targets:");
        boolean pass = true;
        for (RunResult r : medians) {
            if (r.mode().equals("raw")) {
                continue;
            }
            long worst = results.stream()
                    .filter(x -> x.mode().equals(r.mode()))
                    .mapToLong(RunResult::listCalls)
                    .max()
                    .orElse(-1);
            long worstTotal = results.stream()
                    .filter(x -> x.mode().equals(r.mode()))
                    .mapToLong(RunResult::totalCalls)
                    .max()
                    .orElse(-1);
            String verdict = worstTotal < 0 ? "n/a" : worstTotal <= callBudget ? "PASS" : "FAIL";
            pass &= !verdict.equals("FAIL");
            System.out.printf(
                    Locale.ROOT,
                    "  %-10s API calls <= ceil(N/pageSize)+3 = %d: %s list, %s total (worst run)" + "  %s%n",
                    r.mode(),
                    callBudget,
                    calls(worst),
                    calls(worstTotal),
                    verdict);
        }
        if (noop != null) {
            double pct = 100 * noop.perSecond() / raw.perSecond();
            String verdict = pct >= 50 ? "PASS" : "FAIL";
            pass &= pct >= 50;
            System.out.printf(Locale.ROOT, "  camel-noop throughput >= 50 %% of raw: %.1f %%  %s%n", pct, verdict);
        }
        System.out.println("Heap columns: base = in use after a GC before the run; pools = sum of the heap pools' peaks"
                + " (an upper bound); sampled = largest in use seen every 10 ms. In-process runs include the"
                + " simulator's heap; see --heap-check for the component alone under -Xmx256m.");
        return pass ? 0 : 1;
    }

    static String header() {
        return String.format(
                        Locale.ROOT,
                        "%-11s %4s %9s %9s %10s %11s %8s %9s %10s",
                        "mode",
                        "run",
                        "wall s",
                        "issues/s",
                        "list calls",
                        "total calls",
                        "heap MB",
                        "peak MB",
                        "peak MB")
                + "\n"
                + String.format(
                        Locale.ROOT,
                        "%-11s %4s %9s %9s %10s %11s %8s %9s %10s",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "base",
                        "pools",
                        "sampled");
    }

    static String line(RunResult r) {
        return String.format(
                Locale.ROOT,
                "%-11s %4s %9.2f %9.0f %10s %11s %8.0f %9.0f %10.0f",
                r.mode(),
                r.run() == 0 ? "med" : Integer.toString(r.run()),
                r.seconds(),
                r.perSecond(),
                calls(r.listCalls()),
                calls(r.totalCalls()),
                r.heapBase() / MB,
                r.heapPeakPools() / MB,
                r.heapPeakSampled() / MB);
    }

    private static String calls(long n) {
        return n < 0 ? "n/a" : Long.toString(n);
    }

    /** The per-column median of some runs (run number 0 marks it). */
    private static RunResult median(List<RunResult> runs) {
        return new RunResult(
                runs.get(0).mode(),
                0,
                runs.get(0).events(),
                median(runs, RunResult::nanos),
                median(runs, RunResult::listCalls),
                median(runs, RunResult::totalCalls),
                median(runs, RunResult::heapBase),
                median(runs, RunResult::heapPeakPools),
                median(runs, RunResult::heapPeakSampled));
    }

    private static long median(List<RunResult> runs, ToLongFunction<RunResult> f) {
        long[] v = runs.stream().mapToLong(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static RunResult find(List<RunResult> rs, String mode) {
        return rs.stream().filter(r -> r.mode().equals(mode)).findFirst().orElse(null);
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(
                Locale.ROOT,
                "%d CPUs, %s %s (%s), max heap %d MB, %s",
                rt.availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"),
                rt.maxMemory() / (1024 * 1024),
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName)
                        .sorted(Comparator.naturalOrder())
                        .toList());
    }

    // ------------------------------------------------------------------------------------------ heap-check child

    /** The measured side of --heap-check: one no-op backfill against an external simulator, in a small heap. */
    private static int child(BenchOptions o) throws Exception {
        System.out.println("child JVM: " + machine());
        ApiCallCounter counter = ApiCallCounter.remote(o.externalUrl());
        long expected = new RawBackfill(o.externalUrl(), o.token(), o.project(), o.pageSize()).totalCount();
        System.out.println("child: backfilling " + expected + " issues through the no-op route");
        CamelBackfill camel = new CamelBackfill(o.externalUrl(), o.token(), o.project(), o.pageSize());
        long gcCount0 = gcCount();
        long gcMillis0 = gcMillis();
        RunResult r;
        try {
            r = measureCamel(camel, CamelBackfill.Sink.NOOP, 1, expected, counter, o.timeoutSeconds());
        } catch (Exception e) {
            System.out.println("child: FAILED: " + e);
            return 1;
        }
        System.out.println(header());
        System.out.println(line(r));
        System.out.printf(
                Locale.ROOT,
                "%s events=%d nanos=%d listCalls=%d totalCalls=%d heapBase=%d heapPeakPools=%d"
                        + " heapPeakSampled=%d maxHeap=%d gcCount=%d gcMillis=%d%n",
                CHILD_RESULT,
                r.events(),
                r.nanos(),
                r.listCalls(),
                r.totalCalls(),
                r.heapBase(),
                r.heapPeakPools(),
                r.heapPeakSampled(),
                Runtime.getRuntime().maxMemory(),
                gcCount() - gcCount0,
                gcMillis() - gcMillis0);
        return 0;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .filter(c -> c > 0)
                .sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(c -> c > 0)
                .sum();
    }
}
