package dev.camelcoding.bench;

import dev.camelcoding.simulator.CodingSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the monitoring page costs the sync: the shipped {@code coding-sync run} (routes/ and application.properties,
 * observe server on) in a child JVM backfills N issues from a simulator into H2; during the backfill the sink's rate
 * is measured over windows of 5 s, alternately without load and with {@value #RATE} requests a second to the page's
 * JSON endpoint ({@code /observe/page/status.json}, a {@code status}-like poller).
 *
 * <pre>
 * ./coding-bench PageLoadBenchmark --issues 400000 --rounds 6 --idle-rounds 7
 * </pre>
 *
 * First a warm-up of the same load, not measured ({@code -Dpage.warmup.seconds}, 15 s): the JIT compiles the
 * serving path there, not in a measured window. The target's figure is then a CPU share: the serving cost, measured on
 * the idle sync once the backfill is done (its CPU a second in each loaded window minus the mean of its two unloaded
 * neighbours, over {@code --idle-rounds} alternations, median), divided by the CPU a second the sync spent
 * backfilling in the same run (the unloaded windows, median). A sync that is CPU-bound writes rows at the CPU it
 * gets over its CPU per row, so the CPU the page takes from it is the share of its rate it loses; unlike the rate,
 * neither term moves much with the other processes of a shared machine. Printed as {@code TARGET FIGURE}, with where
 * the serving CPU goes per kind of thread ({@link ThreadGroupCpu}).
 *
 * <p>Cross-checks printed too: during the backfill, the sync's rate in each window (rows a second, from H2's row
 * count at the window's ends) and its CPU per row, each loaded window against the mean of its two unloaded
 * neighbours, the median of those ratios. On two shared cores these scatter (the CPU per row falls 5x through a run
 * as the JIT warms), which is why they are not the target's figure.
 *
 * <p>{@code -Dbench.child.jfr=FILE} records the child with JFR (settings=profile); {@code -Dpage.window.seconds}
 * sets the windows' length (5 s).
 */
public final class PageLoadBenchmark {

    private static final int RATE = 100;
    private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("page.window.seconds", 5));
    /**
     * The pause after a loaded window: the sync goes on taking the page's figures for 5 s after the last request
     * (MonitorPage.WATCH_MILLIS), so the next unloaded window starts once it has stopped, on a sync nobody watches.
     */
    /** The unmeasured load before the first window: the JIT compiles the serving path in it. */
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("page.warmup.seconds", 15));

    private static final Duration SETTLE = Duration.ofSeconds(Long.getLong("page.settle.seconds", 6));

    private PageLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int issues = 200_000;
        int rounds = 6;
        int idlePairs = 7;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--issues")) {
                issues = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--idle-rounds")) {
                idlePairs = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: PageLoadBenchmark [--issues N] [--rounds R] [--idle-rounds R]");
                System.exit(2);
            }
        }
        Path work = Files.createTempDirectory("page-load-bench");
        String jdbcUrl = "jdbc:h2:file:" + work.resolve("coding") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        System.out.println("Monitoring page load benchmark (coding-sync run with the observe server on)");
        System.out.println("  machine: " + Runtime.getRuntime().availableProcessors() + " cores (shared, noisy), "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        try (CodingSimulator sim = CodingSimulator.builder().issues(issues).start()) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
            command.addAll(AppJar.launcherJvmOptions(System.getenv().getOrDefault("CODING_SYNC_JAVA_OPTS", "")));
            // -Dbench.child.jfr=FILE profiles the application (JFR, settings=profile)
            String jfr = System.getProperty("bench.child.jfr");
            if (jfr != null) {
                command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
            }
            command.addAll(List.of("-cp", AppJar.path(), AppJar.MAIN_CLASS, "run", "--progress-seconds", "3600"));
            for (String setting : List.of(
                    "coding.team=" + sim.team(),
                    "coding.project=" + sim.projectName(),
                    "coding.token=" + sim.personalToken(),
                    "coding.api-url=" + sim.baseUrl(),
                    "coding.tables=issues",
                    "coding.rate-limit=1000",
                    "coding.data-dir=" + work.resolve("state"),
                    "coding.sink.jdbc.url=" + jdbcUrl,
                    "coding.observe.enabled=true",
                    "coding.observe.host=127.0.0.1",
                    "coding.observe.port=" + port)) {
                command.add("--set");
                command.add(setting);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("child.log").toFile());
            // the child's settings are the --set above; a CODING_* variable of this shell (CODING_BENCH_JAVA_OPTS,
            // which carries -Dbench.child.jfr) is not a setting, and coding-sync refuses to start with one
            builder.environment().keySet().removeIf(k -> k.startsWith("CODING_"));
            Process child = builder.start();
            try {
                String endpoint = "http://127.0.0.1:" + port + "/observe/page/status.json";
                // HTTP/1.1 as a status poller speaks it (no h2c upgrade attempt on each connection)
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                awaitRows(child, jdbcUrl, 1, work);
                // the backfill is under way: the page answers before the windows start
                long warm = System.nanoTime();
                while (http.send(
                                        HttpRequest.newBuilder(URI.create(endpoint))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        != 200) {
                    if (System.nanoTime() - warm > TimeUnit.SECONDS.toNanos(30)) {
                        throw new IllegalStateException("the page's JSON endpoint did not answer 200 within 30 s");
                    }
                    Thread.sleep(100);
                }
                // warm-up, not measured: the same load for WARMUP, so the JIT compiles the HTTP path and the figures'
                // reads before any window is measured (the first runs charged that one-off compilation, 100 ms of
                // CPU a second in the compiler threads, to the page), and the backfill's own code warms meanwhile
                LoadResult warmUp = new LoadResult();
                warmUp.run(http, endpoint, WARMUP);
                Thread.sleep(SETTLE.toMillis()); // a benchmark's pause between windows, not a test
                System.out.println("  warm-up (not measured): " + warmUp.summary());
                // windows without load and with it, alternating (without, with, without, ... without), so a drift
                // of the backfill's pace or of the machine's other load falls on both alike
                List<Window> without = new ArrayList<>();
                List<Window> with = new ArrayList<>();
                List<LoadResult> loads = new ArrayList<>();
                without.add(window(child, jdbcUrl, null));
                for (int round = 0; round < rounds; round++) {
                    LoadResult load = new LoadResult();
                    loads.add(load);
                    with.add(window(child, jdbcUrl, () -> load.run(http, endpoint, WINDOW)));
                    Thread.sleep(SETTLE.toMillis()); // a benchmark's pause between windows, not a test
                    without.add(window(child, jdbcUrl, null));
                }
                long issueCount = sim.data().issueCount();
                long rows = count(jdbcUrl);
                if (rows >= sim.data().issueCount()) {
                    System.out.println("  WARNING: the backfill ended during the windows; use more --issues");
                }
                double rateWithout = Window.rate(without);
                double rateWith = Window.rate(with);
                System.out.printf(
                        Locale.ROOT,
                        "  %d issues; %d windows of %d s without load, %d with %d requests/s to"
                                + " /observe/page/status.json, alternating (%d s pause after each loaded window)%n",
                        sim.data().issueCount(),
                        without.size(),
                        WINDOW.toSeconds(),
                        with.size(),
                        RATE,
                        SETTLE.toSeconds());
                System.out.println("  without load: " + without);
                System.out.println("  with load:    " + with);
                System.out.printf(
                        Locale.ROOT,
                        "  sync rate without load %.0f rows/s, with load %.0f rows/s%n",
                        rateWithout,
                        rateWith);
                System.out.printf(
                        Locale.ROOT,
                        "  pooled: %.1f %% of the rate without load (cost %.1f %%)%n",
                        100 * rateWith / rateWithout,
                        100 * (1 - rateWith / rateWithout));
                // each loaded window against the mean of the two unloaded windows around it: the backfill's pace
                // drifts (JIT warm-up, the sink's growing indexes, the machine's other load) and a pooled ratio takes
                // that drift for the page's cost; the median of the bracketed ratios does not
                List<Double> bracketed = Window.bracketedRatios(without, with, issueCount);
                double median = Window.median(bracketed);
                System.out.printf(
                        Locale.ROOT,
                        "  bracketed (each loaded window / mean of its neighbours): %s; median %.1f %%;"
                                + " cost %.1f %% (target < 5 %%)%n",
                        bracketed.stream()
                                .map(r -> String.format(Locale.ROOT, "%.1f %%", 100 * r))
                                .toList(),
                        100 * median,
                        100 * (1 - median));
                System.out.printf(
                        Locale.ROOT,
                        "  child CPU: %.2f ms per 1000 rows without load, %.2f ms with it; %.0f ms of CPU a second"
                                + " without load, %.0f ms with it%n",
                        Window.cpuPerThousandRows(without),
                        Window.cpuPerThousandRows(with),
                        Window.cpuPerSecond(without),
                        Window.cpuPerSecond(with));
                System.out.println("  CPU per 1000 rows without load: " + Window.cpuPerThousand(without));
                System.out.println("  CPU per 1000 rows with load:    " + Window.cpuPerThousand(with));
                // the target's figure: the CPU the sync spends per row, each loaded window against the mean of its
                // two unloaded neighbours; the other processes of a shared machine slow the sync (its rate) but do
                // not add to its CPU per row, so this ratio isolates the page's cost where the rate cannot
                List<Double> cpuRatios = Window.bracketedCpuRatios(without, with, issueCount);
                double cpuMedian = Window.median(cpuRatios);
                System.out.printf(
                        Locale.ROOT,
                        "  CPU per row, bracketed (each loaded window / mean of its neighbours): %s; median %.1f %%%n",
                        cpuRatios.stream()
                                .map(r -> String.format(Locale.ROOT, "%.1f %%", 100 * r))
                                .toList(),
                        100 * cpuMedian);
                System.out.printf(
                        Locale.ROOT,
                        "  cross-check: extra CPU per row under %d requests/s during the backfill, median of the"
                                + " brackets: %+.1f %%%n",
                        RATE,
                        100 * (cpuMedian - 1));
                for (LoadResult load : loads) {
                    System.out.println("  endpoint: " + load.summary());
                }
                // the serving cost alone, in CPU time (robust to a machine shared with others, unlike a rate): the
                // same load on the idle sync, once the backfill is done
                long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (count(jdbcUrl) < sim.data().issueCount() && System.nanoTime() < end) {
                    Thread.sleep(1000); // a benchmark waiting for the backfill's end, not a test
                }
                if (count(jdbcUrl) >= sim.data().issueCount()) {
                    // without, with, without, with, ... without: each loaded window against the mean of the two
                    // around it, the median of those differences (one pair on a shared machine is noise)
                    List<Window> idleWithout = new ArrayList<>();
                    List<Window> idleWith = new ArrayList<>();
                    List<LoadResult> idleLoads = new ArrayList<>();
                    // a warm-up on the idle sync too (not measured): in the first run the loaded idle windows still
                    // cost 86, 49, 36, 38 and 25 ms a second in turn, the JIT compiling the serving path meanwhile
                    LoadResult idleWarmUp = new LoadResult();
                    idleWarmUp.run(http, endpoint, WARMUP);
                    Thread.sleep(SETTLE.toMillis()); // a benchmark's pause between windows, not a test
                    idleWithout.add(window(child, null, null));
                    for (int pair = 0; pair < idlePairs; pair++) {
                        LoadResult idleLoad = new LoadResult();
                        idleLoads.add(idleLoad);
                        idleWith.add(window(child, null, () -> idleLoad.run(http, endpoint, WINDOW)));
                        Thread.sleep(SETTLE.toMillis()); // a benchmark's pause between windows, not a test
                        idleWithout.add(window(child, null, null));
                    }
                    List<Double> serving = Window.bracketedCpuPerSecondDifferences(idleWithout, idleWith);
                    double servingPerSecond = Window.median(serving);
                    double answeredPerSecond = idleLoads.stream()
                                    .mapToLong(LoadResult::answered)
                                    .sum()
                            / idleWith.stream().mapToDouble(Window::seconds).sum();
                    System.out.printf(
                            Locale.ROOT,
                            "  idle sync (backfill done), CPU a second without load: %s; with %d requests/s: %s%n",
                            Window.cpuPerSecondEach(idleWithout),
                            RATE,
                            Window.cpuPerSecondEach(idleWith));
                    System.out.printf(
                            Locale.ROOT,
                            "  serving cost on the idle sync (each loaded window minus the mean of its neighbours): %s;"
                                    + " median %.1f ms of CPU a second, %.3f ms per request%n",
                            serving.stream()
                                    .map(d -> String.format(Locale.ROOT, "%.0f ms", d))
                                    .toList(),
                            servingPerSecond,
                            answeredPerSecond > 0 ? servingPerSecond / answeredPerSecond : Double.NaN);
                    System.out.println("  where it goes (the child's threads, CPU a second with load minus without): "
                            + ThreadGroupCpu.difference(
                                    idleWith.stream().map(Window::threads).toList(),
                                    idleWith.stream()
                                            .mapToDouble(Window::seconds)
                                            .sum(),
                                    idleWithout.stream().map(Window::threads).toList(),
                                    idleWithout.stream()
                                            .mapToDouble(Window::seconds)
                                            .sum()));
                    for (LoadResult idleLoad : idleLoads) {
                        System.out.println("  endpoint (idle): " + idleLoad.summary());
                    }
                    // the target's figure: a CPU-bound sync's rate is the CPU it gets over its CPU per row, so the
                    // CPU the page takes from it is the share of its rate it loses
                    List<Window> backfilling = without.stream()
                            .filter(w -> backfillingThroughout(w, issueCount))
                            .toList();
                    double backfillPerSecond = Window.median(backfilling.stream()
                            .map(w -> w.cpuMillis() / w.seconds())
                            .toList());
                    System.out.printf(
                            Locale.ROOT,
                            "  backfill CPU a second (unloaded windows, same run): %s; median %.0f ms%n",
                            Window.cpuPerSecondEach(backfilling),
                            backfillPerSecond);
                    System.out.printf(
                            Locale.ROOT,
                            "  TARGET FIGURE: the page at %d requests/s takes %.1f %% of the backfill's CPU (%.1f ms"
                                    + " of %.0f ms a second): the share of its rate a CPU-bound sync loses (target"
                                    + " < 5 %%)%n",
                            RATE,
                            100 * servingPerSecond / backfillPerSecond,
                            servingPerSecond,
                            backfillPerSecond);
                } else {
                    System.out.println("  (the backfill did not end within 10 min: no idle measurement)");
                }
            } finally {
                child.destroy();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The requests of the load window: one every 10 ms, sent without waiting for the answers before. */
    private static final class LoadResult {
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
        private long sent;

        void run(HttpClient http, String endpoint, Duration length) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            List<CompletableFuture<?>> answers = Collections.synchronizedList(new ArrayList<>());
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            long period = TimeUnit.SECONDS.toNanos(1) / RATE;
            timer.scheduleAtFixedRate(
                    () -> {
                        long t0 = System.nanoTime();
                        answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                                .whenComplete((answer, error) -> {
                                    if (error == null && answer.statusCode() == 200) {
                                        ok.incrementAndGet();
                                        latenciesMicros.add((System.nanoTime() - t0) / 1000);
                                    } else {
                                        failed.incrementAndGet();
                                    }
                                }));
                    },
                    0,
                    period,
                    TimeUnit.NANOSECONDS);
            try {
                timer.awaitTermination(length.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer.shutdownNow();
            sent = answers.size();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .exceptionally(e -> null)
                    .join();
        }

        long answered() {
            return ok.get();
        }

        String summary() {
            List<Long> sorted = new ArrayList<>(latenciesMicros);
            Collections.sort(sorted);
            return String.format(
                    Locale.ROOT,
                    "%d requests sent, %d answered 200, %d failed; latency p50 %.1f ms, p99 %.1f ms",
                    sent,
                    ok.get(),
                    failed.get(),
                    percentile(sorted, 0.50) / 1000.0,
                    percentile(sorted, 0.99) / 1000.0);
        }

        private static long percentile(List<Long> sorted, double p) {
            return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size())));
        }
    }

    /** One window: the rows the sink gained, over how long, and the child's CPU time meanwhile. */
    private record Window(long rows, long rowsAtEnd, double seconds, double cpuMillis, Map<String, Double> threads) {

        /** Per loaded window, its CPU a second minus the mean of its two unloaded neighbours' (ms a second). */
        static List<Double> bracketedCpuPerSecondDifferences(List<Window> without, List<Window> with) {
            List<Double> differences = new ArrayList<>();
            for (int i = 0; i < with.size() && i + 1 < without.size(); i++) {
                double around = (without.get(i).cpuMillis() / without.get(i).seconds()
                                + without.get(i + 1).cpuMillis()
                                        / without.get(i + 1).seconds())
                        / 2;
                differences.add(with.get(i).cpuMillis() / with.get(i).seconds() - around);
            }
            return differences;
        }

        static List<String> cpuPerSecondEach(List<Window> windows) {
            return windows.stream()
                    .map(w -> String.format(Locale.ROOT, "%.0f ms", w.cpuMillis() / w.seconds()))
                    .toList();
        }

        static double rate(List<Window> windows) {
            return windows.stream().mapToLong(Window::rows).sum()
                    / windows.stream().mapToDouble(Window::seconds).sum();
        }

        /** Loaded window i against the mean rate of unloaded windows i and i + 1 (they alternate around it). */
        static List<Double> bracketedRatios(List<Window> without, List<Window> with, long total) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < with.size() && i + 1 < without.size(); i++) {
                if (!backfilling(total, without.get(i), with.get(i), without.get(i + 1))) {
                    continue;
                }
                double before = without.get(i).rows() / without.get(i).seconds();
                double after = without.get(i + 1).rows() / without.get(i + 1).seconds();
                ratios.add((with.get(i).rows() / with.get(i).seconds()) / ((before + after) / 2));
            }
            return ratios;
        }

        /** Loaded window i's CPU per row against the mean CPU per row of unloaded windows i and i + 1. */
        static List<Double> bracketedCpuRatios(List<Window> without, List<Window> with, long total) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < with.size() && i + 1 < without.size(); i++) {
                if (!backfilling(total, without.get(i), with.get(i), without.get(i + 1))) {
                    continue;
                }
                double before = without.get(i).cpuPerRow();
                double after = without.get(i + 1).cpuPerRow();
                ratios.add(with.get(i).cpuPerRow() / ((before + after) / 2));
            }
            return ratios;
        }

        /**
         * Whether the backfill ran through each window (rows gained, and not all of them written by the window's end):
         * a window in which it ended spent part of its time idle, and its CPU per row and CPU a second measure that.
         */
        private static boolean backfilling(long total, Window... windows) {
            return java.util.Arrays.stream(windows).allMatch(w -> backfillingThroughout(w, total));
        }

        /** The child's CPU milliseconds per row the sink gained in the window (NaN without rows). */
        double cpuPerRow() {
            return rows > 0 ? cpuMillis / rows : Double.NaN;
        }

        static List<String> cpuPerThousand(List<Window> windows) {
            return windows.stream()
                    .map(w -> String.format(Locale.ROOT, "%.0f ms", 1000 * w.cpuPerRow()))
                    .toList();
        }

        static double median(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            return n == 0
                    ? Double.NaN
                    : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        static double cpuPerThousandRows(List<Window> windows) {
            return 1000
                    * windows.stream().mapToDouble(Window::cpuMillis).sum()
                    / Math.max(1, windows.stream().mapToLong(Window::rows).sum());
        }

        static double cpuPerSecond(List<Window> windows) {
            return windows.stream().mapToDouble(Window::cpuMillis).sum()
                    / windows.stream().mapToDouble(Window::seconds).sum();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f rows/s", rows / seconds);
        }
    }

    /** Whether the backfill ran through the window: rows gained, and fewer than all {@code total} at its end. */
    private static boolean backfillingThroughout(Window window, long total) {
        return window.rows() > 0 && window.rowsAtEnd() < total;
    }

    /** The sink's gain over one window, while {@code during} runs (null: nothing but the sync). */
    private static Window window(Process child, String jdbcUrl, Runnable during) throws Exception {
        // the count runs in the child (H2's AUTO_SERVER): taken outside the CPU the window measures
        long rows0 = jdbcUrl == null ? 0 : count(jdbcUrl);
        Map<String, Double> threads0 = ThreadGroupCpu.of(child.pid());
        double cpu0 = cpuMillis(child);
        long t0 = System.nanoTime();
        if (during == null) {
            Thread.sleep(WINDOW.toMillis());
        } else {
            during.run();
        }
        double cpu1 = cpuMillis(child);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> threads = ThreadGroupCpu.minus(ThreadGroupCpu.of(child.pid()), threads0);
        long rows1 = jdbcUrl == null ? 0 : count(jdbcUrl);
        return new Window(rows1 - rows0, rows1, seconds, cpu1 - cpu0, threads);
    }

    /** The child's user and system CPU time so far (Linux: /proc/PID/stat, clock ticks of 10 ms); NaN elsewhere. */
    private static double cpuMillis(Process child) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(child.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state is field 3, utime field 14 and stime field 15 (1-based, as proc(5) counts)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
        } catch (java.io.IOException | RuntimeException unavailable) {
            return Double.NaN;
        }
    }

    private static void awaitRows(Process child, String jdbcUrl, long rows, Path work) throws Exception {
        long start = System.nanoTime();
        while (count(jdbcUrl) < rows) {
            if (!child.isAlive()) {
                throw new IllegalStateException(
                        "coding-sync run exited with " + child.exitValue() + "; see " + work.resolve("child.log"));
            }
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                throw new IllegalStateException("no row in the sink after 5 min; see " + work.resolve("child.log"));
            }
            Thread.sleep(250); // a benchmark polling a sink from outside, not a test
        }
    }

    /** The sink's rows; 0 while the child has not created the table (the benchmark never creates the database). */
    private static long count(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl + ";IFEXISTS=TRUE", "sa", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM coding_issues")) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException notYetCreated) {
            return 0;
        }
    }
}
