package dev.camelcoding.bench;

import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.h2.tools.Server;

/**
 * The webhook benchmark on what users run ({@code WebhookBenchmark --app}): {@code coding-sync run} in a child JVM
 * (the routes of routes/ and application.properties through {@code SyncApplication}, as the {@code run} command
 * starts them; {@code coding.mode=hybrid}, the embedded change log, refetch on, the JDBC sink) writing into H2 served
 * by an H2 TCP server in this JVM, so the benchmark can take the sink away and give it back. The simulator changes
 * issues and sends its signed Service Hook deliveries (the exact CODING shape), open loop at a fixed rate.
 *
 * <p>Phases: (1) the baseline, the same simulator deliveries into the bare Jetty handler of {@link WebhookReceivers}
 * (before the child starts, so its snapshot already holds those changes); (2) sink up: answer latency, and change
 * latency from the delivery's send to its row (with a newer updated_at) visible in H2; (3) sink down (the TCP server
 * stopped): answer latency; then the server comes back and every issue's row must reach the simulator's updated_at.
 */
final class WebhookAppRun {

    /** Issue 9's target for the change latency (delivery to row visible, refetch on, local simulator). */
    static final double CHANGE_P99_TARGET_MS = 100.0;
    /** Issue 9's target for the answer while the sink is down. */
    static final double ANSWER_P99_TARGET_MS = 50.0;

    private static final Pattern CODE_IN_KEY = Pattern.compile("\"code\"\\s*:\\s*(\\d+)");

    private final int rate;
    private final int seconds;
    private final int codes;
    private final List<String> problems = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    static final String USAGE = """
            usage: ./coding-bench WebhookBenchmark --app [options]
              --rate R      deliveries per second, open loop, in every phase (default 200)
              --seconds S   length of each phase (default 30)
              --codes N     issues in the simulator; delivery i changes issue i % N (default 3000)""";

    /** The options after {@code --app}. */
    static WebhookAppRun parse(String[] args) {
        int rate = 200;
        int seconds = 30;
        int codes = 3000;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--app" -> {}
                case "--rate" -> rate = Integer.parseInt(args[++k]);
                case "--seconds" -> seconds = Integer.parseInt(args[++k]);
                case "--codes" -> codes = Integer.parseInt(args[++k]);
                default -> throw new IllegalArgumentException("unknown option " + args[k] + " with --app");
            }
        }
        if (rate < 1 || seconds < 1 || codes < 1) {
            throw new IllegalArgumentException("--rate, --seconds and --codes must be at least 1");
        }
        return new WebhookAppRun(rate, seconds, codes);
    }

    WebhookAppRun(int rate, int seconds, int codes) {
        this.rate = rate;
        this.seconds = seconds;
        this.codes = codes;
    }

    int run() throws Exception {
        Path work = Files.createTempDirectory("webhook-app-bench");
        byte[] secretBytes = new byte[20];
        new SplittableRandom(7).nextBytes(secretBytes);
        String secret = HexFormat.of().formatHex(secretBytes);
        int n = rate * seconds;
        System.out.println("Webhook benchmark, the application (coding-sync run, coding.mode=hybrid, the change log in"
                + " the embedded store, refetch on, sink jdbc into H2 over TCP)");
        System.out.println("  machine: " + BackfillBenchmark.machine() + " (2 cores shared with other builds: noisy)");
        try (CodingSimulator sim = CodingSimulator.builder().issues(codes).start()) {
            int[] issueCodes = sim.data().issueCodes();
            System.out.printf(
                    Locale.ROOT,
                    "  simulator: %d issues; each phase: %d ISSUE_UPDATED deliveries at %d/s"
                            + " (open loop, %d s), issue i %% %d, sent by the simulator (HMAC-SHA1 signed)%n",
                    issueCodes.length,
                    n,
                    rate,
                    seconds,
                    issueCodes.length);

            Latencies jetty;
            try (WebhookReceivers.Receiver bare = WebhookReceivers.bareJetty()) {
                sim.registerHook(bare.uri().toString(), secret, List.of());
                warm(sim, issueCodes, Math.min(n, 2 * rate));
                jetty = offer(sim, issueCodes, n, null, "jetty baseline");
                sim.unregisterHooks();
            }

            int h2Port = freePort();
            Server h2 = startH2(h2Port, work);
            String sinkUrl = "jdbc:h2:tcp://127.0.0.1:" + h2Port + "/coding;WRITE_DELAY=0";
            int hookPort = freePort();
            String hookPath = "/coding/webhook/bench";
            Process child = startChild(sim, work, sinkUrl, hookPort, hookPath, secret);
            try {
                waitForSnapshot(child, sinkUrl, issueCodes.length, work);
                sim.registerHook("http://127.0.0.1:" + hookPort + hookPath, secret, List.of());
                waitForPing(sim, child, work);
                Map<Integer, String> rowKeys = rowKeys(sinkUrl);
                warm(sim, issueCodes, Math.min(n, 2 * rate));
                awaitConverged(sim, sinkUrl, issueCodes, 60);

                ChangeWatcher watcher = new ChangeWatcher(sinkUrl);
                Thread watching = new Thread(watcher, "row-watcher");
                watching.start();
                Latencies up;
                try {
                    up = offer(sim, issueCodes, n, new InFlight(watcher, rowKeys), "application, sink up");
                    watcher.awaitEmpty(60);
                } finally {
                    watcher.stop();
                    watching.join();
                }
                Latencies change = watcher.latencies();
                if (change.count() != n) {
                    problems.add("change latency measured for " + change.count() + " of " + n + " deliveries");
                }
                String upCheck = awaitConverged(sim, sinkUrl, issueCodes, 60);

                h2.stop();
                System.out.println("  H2 TCP server stopped: the sink is down");
                Latencies down = offer(sim, issueCodes, n, null, "application, sink down");
                long back = System.nanoTime();
                h2 = startH2(h2Port, work);
                System.out.println("  H2 TCP server started again on the same port and files: the sink is back");
                String downCheck = awaitConverged(sim, sinkUrl, issueCodes, 180);
                double catchUp = (System.nanoTime() - back) / 1e9;
                long deadLetters = deadLetters(work.resolve("dead-letters"));
                h2.stop();
                return report(jetty, up, change, watcher, down, upCheck, downCheck, catchUp, deadLetters);
            } finally {
                child.destroy();
                child.waitFor(30, TimeUnit.SECONDS);
                System.out.println("  child log: " + work.resolve("child.log"));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ the offered load

    /** The keys of the sink table and the rows the watcher should wait for. */
    private record InFlight(ChangeWatcher watcher, Map<Integer, String> rowKeys) {}

    private void warm(CodingSimulator sim, int[] issueCodes, int count) {
        for (int i = 0; i < count; i++) {
            int code = issueCodes[i % issueCodes.length];
            long change = changes.incrementAndGet();
            sim.updateIssue(code, e -> e.name("bench change " + change));
        }
    }

    /**
     * Offers {@code n} deliveries open loop: delivery i is due at t0 + i/rate; a dispatcher hands each to a pool
     * thread at its due time, which changes an issue in the simulator (the simulator then sends the signed delivery and
     * returns once it was answered). Answer latency is from the due time to that return, so a stalled receiver is
     * charged to every delivery it delayed. Every delivery must be answered 2xx.
     */
    private Latencies offer(CodingSimulator sim, int[] issueCodes, int n, InFlight inFlight, String label)
            throws Exception {
        sim.clearDeliveries();
        long[] latencies = new long[n];
        List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newCachedThreadPool();
        long periodNanos = 1_000_000_000L / rate;
        long t0 = System.nanoTime() + 10_000_000L;
        for (int i = 0; i < n; i++) {
            long due = t0 + i * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            int code = issueCodes[i % issueCodes.length];
            pool.execute(() -> {
                try {
                    if (inFlight != null) {
                        long previous = sim.data().issue(code).orElseThrow().updatedAt();
                        inFlight.watcher().expect(inFlight.rowKeys().get(code), previous, System.nanoTime());
                    }
                    // a name never used before, so every call is a real change (the simulator sends nothing for a
                    // no-op)
                    long change = changes.incrementAndGet();
                    sim.updateIssue(code, e -> e.name("bench change " + change));
                    latencies[index] = System.nanoTime() - due;
                } catch (RuntimeException e) {
                    failures.add(e);
                    latencies[index] = Long.MAX_VALUE;
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
            problems.add(label + ": deliveries still unanswered after 5 min");
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        if (!failures.isEmpty()) {
            problems.add(
                    label + ": " + failures.size() + " changes failed in the simulator; first: " + failures.get(0));
        }
        List<HookDelivery> sent = sim.deliveries();
        long ok = sent.stream().filter(HookDelivery::succeeded).count();
        if (sent.size() != n || ok != n) {
            HookDelivery first =
                    sent.stream().filter(d -> !d.succeeded()).findFirst().orElse(null);
            problems.add(label + ": " + ok + " of " + n + " deliveries answered 2xx (" + sent.size() + " sent); first"
                    + " failure: " + first);
        }
        Latencies l = new Latencies(latencies);
        System.out.printf(
                Locale.ROOT,
                "  %-24s answer p50 %6.2f  p99 %7.2f  max %7.2f ms  (%d deliveries in %.1f s," + " %d answered 2xx)%n",
                label,
                l.percentileMillis(50),
                l.percentileMillis(99),
                l.maxMillis(),
                n,
                elapsed,
                ok);
        return l;
    }

    // ------------------------------------------------------------------------------------------ watching the sink

    /**
     * A dedicated thread that queries {@code updated_at} of the keys in flight (one IN query per round, over its own
     * TCP connection), and records for each the time from its delivery's send to the first round that saw a newer
     * version. Resolution: one round (reported as the mean round time), plus the round's own start-to-read skew.
     */
    private static final class ChangeWatcher implements Runnable {

        private record Expected(long previousVersion, long sentNanos) {}

        private final String url;
        private final Map<String, Expected> inFlight = new ConcurrentHashMap<>();
        private final List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private long rounds;
        private long roundNanos;
        private volatile SQLException failure;

        ChangeWatcher(String url) {
            this.url = url;
        }

        void expect(String rowKey, long previousVersion, long sentNanos) {
            inFlight.put(rowKey, new Expected(previousVersion, sentNanos));
        }

        @Override
        public void run() {
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                while (running.get()) {
                    List<String> keys = new ArrayList<>(inFlight.keySet());
                    if (keys.isEmpty()) {
                        LockSupport.parkNanos(100_000);
                        continue;
                    }
                    long start = System.nanoTime();
                    for (int from = 0; from < keys.size(); from += 500) {
                        List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
                        String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                        try (PreparedStatement q = c.prepareStatement("SELECT row_key, updated_at FROM coding_issues"
                                + " WHERE row_key IN (" + marks + ")")) {
                            for (int k = 0; k < chunk.size(); k++) {
                                q.setString(k + 1, chunk.get(k));
                            }
                            try (ResultSet r = q.executeQuery()) {
                                long now = System.nanoTime();
                                while (r.next()) {
                                    Expected e = inFlight.get(r.getString(1));
                                    if (e != null && r.getLong(2) > e.previousVersion()) {
                                        inFlight.remove(r.getString(1));
                                        seen.add(now - e.sentNanos());
                                    }
                                }
                            }
                        }
                    }
                    rounds++;
                    roundNanos += System.nanoTime() - start;
                }
            } catch (SQLException e) {
                failure = e;
            }
        }

        void awaitEmpty(int timeoutSeconds) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!inFlight.isEmpty() && failure == null && System.nanoTime() < end) {
                LockSupport.parkNanos(1_000_000);
            }
        }

        void stop() {
            running.set(false);
        }

        Latencies latencies() {
            synchronized (seen) {
                return new Latencies(seen.stream().mapToLong(Long::longValue).toArray());
            }
        }

        double meanRoundMillis() {
            return rounds == 0 ? Double.NaN : roundNanos / 1e6 / rounds;
        }
    }

    /** Latencies in nanoseconds, sorted. */
    private static final class Latencies {

        private final long[] sorted;

        Latencies(long[] nanos) {
            this.sorted = nanos.clone();
            Arrays.sort(sorted);
        }

        int count() {
            return sorted.length;
        }

        double percentileMillis(double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }

        double maxMillis() {
            return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
        }
    }

    // ------------------------------------------------------------------------------------------ the application

    private static Process startChild(
            CodingSimulator sim, Path work, String sinkUrl, int hookPort, String hookPath, String secret)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(AppJar.launcherJvmOptions(System.getenv().getOrDefault("CODING_SYNC_JAVA_OPTS", "")));
        // -Dbench.child.jfr=FILE profiles the application (JFR, settings=profile)
        String jfr = System.getProperty("bench.child.jfr");
        if (jfr != null) {
            command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        command.addAll(List.of(
                "-cp",
                AppJar.path(),
                AppJar.MAIN_CLASS,
                "run",
                "--progress-seconds",
                "3600",
                "--set",
                "coding.team=" + sim.team(),
                "--set",
                "coding.project=" + sim.projectName(),
                "--set",
                "coding.token=" + sim.personalToken(),
                "--set",
                "coding.api-url=" + sim.baseUrl(),
                "--set",
                "coding.tables=issues",
                "--set",
                "coding.mode=hybrid",
                // refetch calls DescribeIssue per delivery through the credential's rate limiter: the default of 5/s
                // would cap this benchmark's offered 200/s, so the limit is raised (the local simulator has none)
                "--set",
                "coding.rate-limit=1000",
                "--set",
                "coding.webhook.host=127.0.0.1",
                "--set",
                "coding.webhook.port=" + hookPort,
                "--set",
                "coding.webhook.path=" + hookPath,
                "--set",
                "coding.webhook.secret=" + secret,
                "--set",
                "coding.data-dir=" + work.resolve("state"),
                "--set",
                "coding.sink.jdbc.url=" + sinkUrl,
                "--set",
                "coding.sink.jdbc.user=sa"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("child.log").toFile())
                .start();
    }

    private static Server startH2(int port, Path work) throws SQLException {
        return Server.createTcpServer(
                        "-tcpPort",
                        Integer.toString(port),
                        "-baseDir",
                        work.resolve("h2").toString(),
                        "-ifNotExists")
                .start();
    }

    private static void waitForSnapshot(Process child, String url, int expected, Path work) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (count(url) < expected) {
            if (!child.isAlive()) {
                throw new IllegalStateException(
                        "coding-sync run exited with " + child.exitValue() + "; see " + work.resolve("child.log"));
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the snapshot did not reach " + expected + " rows in 5 min");
            }
            LockSupport.parkNanos(200_000_000L);
        }
    }

    private static void waitForPing(CodingSimulator sim, Process child, Path work) {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!sim.ping().succeeded()) {
            if (!child.isAlive() || System.nanoTime() > end) {
                throw new IllegalStateException(
                        "the webhook listener never answered a PING; see " + work.resolve("child.log"));
            }
            LockSupport.parkNanos(200_000_000L);
        }
    }

    private static long count(String url) {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM coding_issues")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException notYet) {
            return 0;
        }
    }

    private static Map<Integer, String> rowKeys(String url) throws SQLException {
        Map<Integer, String> keys = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT row_key FROM coding_issues")) {
            while (r.next()) {
                Matcher m = CODE_IN_KEY.matcher(r.getString(1));
                if (m.find()) {
                    keys.put(Integer.parseInt(m.group(1)), r.getString(1));
                }
            }
        }
        return keys;
    }

    /**
     * Waits until every issue's row carries the simulator's updated_at (the independent fact: the simulator's data);
     * null when it does, else how many rows differ.
     */
    private static String awaitConverged(CodingSimulator sim, String url, int[] issueCodes, int timeoutSeconds) {
        Map<Integer, Long> truth = new HashMap<>();
        for (int code : issueCodes) {
            truth.put(code, sim.data().issue(code).orElseThrow().updatedAt());
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String wrong;
        do {
            wrong = compare(url, truth);
            if (wrong == null) {
                return null;
            }
            LockSupport.parkNanos(250_000_000L);
        } while (System.nanoTime() < end);
        return wrong;
    }

    private static String compare(String url, Map<Integer, Long> truth) {
        Map<Integer, Long> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT row_key, updated_at FROM coding_issues WHERE NOT deleted")) {
            while (r.next()) {
                Matcher m = CODE_IN_KEY.matcher(r.getString(1));
                if (m.find()) {
                    rows.put(Integer.parseInt(m.group(1)), r.getLong(2));
                }
            }
        } catch (SQLException e) {
            return "sink unreadable: " + e.getMessage();
        }
        long missing = truth.keySet().stream().filter(k -> !rows.containsKey(k)).count();
        long stale = truth.entrySet().stream()
                .filter(e ->
                        rows.containsKey(e.getKey()) && !rows.get(e.getKey()).equals(e.getValue()))
                .count();
        return missing == 0 && stale == 0
                ? null
                : missing + " issues missing and " + stale + " with another updated_at than the simulator's";
    }

    private static long deadLetters(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long lines = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try (Stream<String> l = Files.lines(f)) {
                    lines += l.filter(s -> !s.isBlank()).count();
                }
            }
        }
        return lines;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // ------------------------------------------------------------------------------------------ the report

    private int report(
            Latencies jetty,
            Latencies up,
            Latencies change,
            ChangeWatcher watcher,
            Latencies down,
            String upCheck,
            String downCheck,
            double catchUpSeconds,
            long deadLetters) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Webhook receiver, the application: %d deliveries per phase at %d/s (open loop,"
                        + " from the due time)%n",
                rate * seconds,
                rate);
        System.out.printf(Locale.ROOT, "%-28s %9s %9s %9s %12s%n", "", "p50 ms", "p99 ms", "max ms", "p99 vs jetty");
        row("answer, bare Jetty baseline", jetty, jetty);
        row("answer, app, sink up", up, jetty);
        row("answer, app, sink down", down, jetty);
        row("change (send to row in H2)", change, null);
        System.out.printf(
                Locale.ROOT,
                "  change latency resolution: one watcher round, %.2f ms on average (one IN query"
                        + " over TCP for the keys in flight)%n",
                watcher.meanRoundMillis());
        System.out.println("Targets:");
        boolean pass = true;
        boolean changeOk = change.percentileMillis(99) < CHANGE_P99_TARGET_MS;
        pass &= changeOk;
        System.out.printf(
                Locale.ROOT,
                "  change latency p99 < %.0f ms (refetch, local simulator): %.2f ms  %s%n",
                CHANGE_P99_TARGET_MS,
                change.percentileMillis(99),
                changeOk ? "PASS" : "FAIL");
        boolean downOk = down.percentileMillis(99) < ANSWER_P99_TARGET_MS;
        pass &= downOk;
        System.out.printf(
                Locale.ROOT,
                "  answer p99 < %.0f ms with the sink down: %.2f ms  %s%n",
                ANSWER_P99_TARGET_MS,
                down.percentileMillis(99),
                downOk ? "PASS" : "FAIL");
        pass &= upCheck == null;
        System.out.println("  sink up: every issue's row at the simulator's updated_at: "
                + (upCheck == null ? "PASS" : "FAIL (" + upCheck + ")"));
        pass &= downCheck == null;
        System.out.printf(
                Locale.ROOT,
                "  sink back: every issue's row at the simulator's updated_at: %s (%.1f s after"
                        + " the sink returned; %d dead letters)%n",
                downCheck == null ? "PASS" : "FAIL (" + downCheck + ")",
                catchUpSeconds,
                deadLetters);
        pass &= problems.isEmpty();
        System.out.println("  every delivery answered 2xx: " + (problems.isEmpty() ? "PASS" : "FAIL"));
        problems.forEach(p -> System.out.println("    " + p));
        return pass ? 0 : 1;
    }

    private static void row(String label, Latencies l, Latencies baseline) {
        System.out.printf(
                Locale.ROOT,
                "%-28s %9.2f %9.2f %9.2f %12s%n",
                label,
                l.percentileMillis(50),
                l.percentileMillis(99),
                l.maxMillis(),
                baseline == null
                        ? ""
                        : String.format(Locale.ROOT, "%.1fx", l.percentileMillis(99) / baseline.percentileMillis(99)));
    }
}
