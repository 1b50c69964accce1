package dev.camelcoding.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The webhook benchmark: how many signed CODING Service Hook deliveries per second the {@code coding:} webhook
 * consumer (mode=webhook, webhookServer=jetty) answers, and how fast it answers at a fixed offered rate, against a
 * bare Jetty handler receiving the same requests.
 *
 * <pre>
 * ./coding-bench WebhookBenchmark
 * ./coding-bench WebhookBenchmark --senders 8 --events 20000 --rate 1000
 * ./coding-bench WebhookBenchmark --app --rate 200 --seconds 30
 * </pre>
 *
 * Targets (all in this JVM, on 127.0.0.1, see {@link WebhookReceivers}): {@code jetty} (a Jetty 12 core Handler, the
 * baseline), {@code camel-jetty} (a plain {@code jetty:} route, for reading), {@code coding-noop} and
 * {@code coding-h2} ({@code coding:issues?mode=webhook...&refetch=false} into a counter or a per-event camel-sql MERGE
 * into H2). Each target is warmed up, then every run measures each target in turn (interleaved): a saturated run
 * ({@code --events} deliveries, {@code --senders} closed-loop senders) and, after all saturated runs of that round, a
 * latency run ({@code --rate-events} deliveries offered open loop at {@code --rate}/s). Every delivery carries a new
 * X-Coding-Delivery UUID; every answer must be 2xx and every sink must have received exactly what was sent.
 *
 * <p>{@code --app} measures what users run instead ({@link WebhookAppRun}): {@code coding-sync run} in hybrid mode
 * with the change log and refetch, deliveries sent by the simulator, answers with the sink up and down, and the change
 * latency from delivery to row visible in H2.
 *
 * <p>Targets: coding-noop saturated throughput &gt;= 30 % of jetty's; coding-noop p99 &lt; 25 ms at 1000/s.
 */
public final class WebhookBenchmark {

    static final double NOOP_THROUGHPUT_TARGET = 30.0;
    static final double NOOP_P99_TARGET_MS = 25.0;

    private WebhookBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // The JDK client keeps idle connections 1200 s, Jetty closes them after 30 s: a request sent on a connection
        // the server is just closing fails ("header parser received no bytes"). Keep the client's idle time shorter.
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "20");
        }
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(WebhookBenchOptions.USAGE);
                System.out.println(WebhookAppRun.USAGE);
                return;
            }
        }
        if (List.of(args).contains("--app")) {
            WebhookAppRun app;
            try {
                app = WebhookAppRun.parse(args);
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                System.err.println(WebhookAppRun.USAGE);
                System.exit(2);
                return;
            }
            System.exit(app.run());
            return;
        }
        WebhookBenchOptions options;
        try {
            options = WebhookBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(WebhookBenchOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new WebhookBenchmark.Run(options).run());
    }

    /** One invocation: the receivers, the senders, the results so far. */
    private static final class Run {

        private final WebhookBenchOptions o;
        private final List<String> problems = new ArrayList<>();
        private final Map<String, List<WebhookLoad.Saturated>> saturated = new LinkedHashMap<>();
        private final Map<String, List<WebhookLoad.Paced>> paced = new LinkedHashMap<>();

        Run(WebhookBenchOptions o) {
            this.o = o;
        }

        int run() throws Exception {
            System.out.println("Webhook benchmark (coding:issues mode=webhook, webhookServer=jetty, refetch=false)");
            System.out.println("  machine: " + BackfillBenchmark.machine());
            byte[] secretBytes = new byte[20];
            new SplittableRandom(7).nextBytes(secretBytes);
            String secret = HexFormat.of().formatHex(secretBytes);
            int built = Math.max(Math.max(o.events(), o.rateEvents()), o.warmupEvents());
            long t0 = System.nanoTime();
            WebhookWorkload workload = new WebhookWorkload(built, o.codes(), secret, 42);
            System.out.printf(
                    Locale.ROOT,
                    "  deliveries: %d ISSUE_UPDATED bodies over %d issue codes, %.0f bytes on"
                            + " average, HMAC-SHA1 signed, built in %.1f s (before any timing)%n",
                    built,
                    o.codes(),
                    workload.averageBodyBytes(),
                    (System.nanoTime() - t0) / 1e9);

            List<WebhookReceivers.Receiver> receivers = new ArrayList<>();
            try (WebhookLoad load = new WebhookLoad(o.senders())) {
                receivers.add(WebhookReceivers.bareJetty());
                receivers.add(WebhookReceivers.camelJetty());
                if (o.sink().noop()) {
                    receivers.add(WebhookReceivers.coding(false, secret));
                }
                if (o.sink().h2()) {
                    receivers.add(WebhookReceivers.coding(true, secret));
                }
                for (WebhookReceivers.Receiver r : receivers) {
                    System.out.printf(Locale.ROOT, "  %-12s %s%n", r.name(), r.uri());
                }
                System.out.printf(
                        Locale.ROOT,
                        "  senders: %d JDK HttpClients (HTTP/1.1) in this JVM; saturated runs: %d"
                                + " deliveries, closed loop; latency runs: %d deliveries offered at %d/s, open loop; %d runs"
                                + " (median reported)%n",
                        o.senders(),
                        o.events(),
                        o.rateEvents(),
                        o.rate(),
                        o.runs());

                if (o.warmupEvents() > 0) {
                    long w0 = System.nanoTime();
                    int pacedWarmup = (int) Math.min(o.warmupEvents(), Math.max(100, 2L * o.rate()));
                    for (WebhookReceivers.Receiver r : receivers) {
                        saturatedRun(load, workload, r, o.warmupEvents(), 0);
                        pacedRun(load, workload, r, pacedWarmup, 0);
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "  warm-up: every target %d deliveries saturated + %d paced, %.1f s%n",
                            o.warmupEvents(),
                            pacedWarmup,
                            (System.nanoTime() - w0) / 1e9);
                }
                for (int run = 1; run <= o.runs(); run++) {
                    for (WebhookReceivers.Receiver r : receivers) {
                        saturated
                                .computeIfAbsent(r.name(), k -> new ArrayList<>())
                                .add(saturatedRun(load, workload, r, o.events(), run));
                    }
                    for (WebhookReceivers.Receiver r : receivers) {
                        paced.computeIfAbsent(r.name(), k -> new ArrayList<>())
                                .add(pacedRun(load, workload, r, o.rateEvents(), run));
                    }
                }
                for (WebhookReceivers.Receiver r : receivers) {
                    if (r.outcomes() != null) {
                        System.out.println("  " + r.name() + " answers by outcome (warm-up included): " + r.outcomes());
                    }
                }
            } finally {
                for (WebhookReceivers.Receiver r : receivers) {
                    try {
                        r.close();
                    } catch (Exception e) {
                        System.out.println("  note: closing " + r.name() + ": " + e);
                    }
                }
            }
            return report();
        }

        private WebhookLoad.Saturated saturatedRun(
                WebhookLoad load, WebhookWorkload workload, WebhookReceivers.Receiver r, int n, int run)
                throws Exception {
            WebhookWorkload.Deliveries requests = workload.deliveries(r.uri(), n);
            long before = r.received();
            Map<String, Long> outcomesBefore = r.outcomes();
            WebhookLoad.Saturated s = load.saturated(requests, o.timeoutSeconds());
            String check = check(r, workload, n, before, outcomesBefore, s.non2xx(), s.errors(), s.firstProblem());
            if (run > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "  %-12s run %d  saturated  %8.0f events/s  %6.2f s  CPU %5.0f us/event"
                                + "  non-2xx %d  errors %d  sink %d/%d%s%n",
                        r.name(),
                        run,
                        s.perSecond(),
                        s.nanos() / 1e9,
                        s.cpuMicrosPerEvent(),
                        s.non2xx(),
                        s.errors(),
                        r.received() - before,
                        n,
                        check == null ? "" : "  PROBLEM: " + check);
            }
            record(r, run, "saturated", check);
            return s;
        }

        private WebhookLoad.Paced pacedRun(
                WebhookLoad load, WebhookWorkload workload, WebhookReceivers.Receiver r, int n, int run)
                throws Exception {
            WebhookWorkload.Deliveries requests = workload.deliveries(r.uri(), n);
            long before = r.received();
            Map<String, Long> outcomesBefore = r.outcomes();
            WebhookLoad.Paced p = load.paced(requests, o.rate(), o.timeoutSeconds());
            String check = check(r, workload, n, before, outcomesBefore, p.non2xx(), p.errors(), p.firstProblem());
            if (run > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "  %-12s run %d  %d/s paced  p50 %6.2f  p99 %7.2f  max %7.2f ms"
                                + "  (p99 from actual send %.2f ms, send lag max %.1f ms, GC %d/%d ms)  non-2xx %d  errors %d"
                                + "  sink %d/%d%s%n",
                        r.name(),
                        run,
                        o.rate(),
                        p.percentileMillis(50),
                        p.percentileMillis(99),
                        p.maxMillis(),
                        p.fromSendPercentileMillis(99),
                        p.maxSendLagNanos() / 1e6,
                        p.gcCount(),
                        p.gcMillis(),
                        p.non2xx(),
                        p.errors(),
                        r.received() - before,
                        n,
                        check == null ? "" : "  PROBLEM: " + check);
            }
            record(r, run, "paced", check);
            return p;
        }

        private void record(WebhookReceivers.Receiver r, int run, String kind, String check) {
            if (check != null) {
                problems.add(r.name() + " " + (run == 0 ? "warm-up" : "run " + run) + " " + kind + ": " + check);
            }
        }

        /** Null when every request was answered 2xx and the sink got exactly n; otherwise what is wrong. */
        private String check(
                WebhookReceivers.Receiver r,
                WebhookWorkload workload,
                int n,
                long before,
                Map<String, Long> outcomesBefore,
                long non2xx,
                long errors,
                String firstProblem)
                throws Exception {
            List<String> wrong = new ArrayList<>();
            if (non2xx > 0 || errors > 0) {
                wrong.add(non2xx + " non-2xx answers, " + errors + " failed requests; first: " + firstProblem);
            }
            long got = r.received() - before;
            if (got != n) {
                wrong.add("the sink received " + got + " of " + n);
            }
            Map<String, Long> outcomes = r.outcomes();
            if (outcomes != null) {
                Map<String, Long> delta = new HashMap<>(outcomes);
                outcomesBefore.forEach((k, v) -> delta.merge(k, -v, Long::sum));
                delta.values().removeIf(v -> v == 0);
                if (!delta.equals(Map.of("accepted", (long) n))) {
                    wrong.add("answers by outcome " + delta + ", expected {accepted=" + n + "}");
                }
            }
            String verify = r.verify(workload, n);
            if (verify != null) {
                wrong.add(verify);
            }
            return wrong.isEmpty() ? null : String.join("; ", wrong);
        }

        // -------------------------------------------------------------------------------------- the report

        private int report() {
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "Webhook receiver: median of %d runs; saturated = %d deliveries from %d"
                            + " concurrent senders; latency = %d deliveries offered at %d/s (open loop, from the due time)%n",
                    o.runs(),
                    o.events(),
                    o.senders(),
                    o.rateEvents(),
                    o.rate());
            System.out.printf(
                    Locale.ROOT,
                    "%-12s %10s %9s %9s %9s %9s %9s %12s%n",
                    "target",
                    "saturated",
                    "vs jetty",
                    "CPU",
                    "p50 ms",
                    "p99 ms",
                    "max ms",
                    "non-2xx/err");
            System.out.printf(
                    Locale.ROOT,
                    "%-12s %10s %9s %9s %9s %9s %9s %12s%n",
                    "",
                    "events/s",
                    "",
                    "us/event",
                    "",
                    "",
                    "",
                    "(all runs)");
            double jetty = median(saturated.get("jetty"), WebhookLoad.Saturated::perSecond);
            for (String target : saturated.keySet()) {
                List<WebhookLoad.Saturated> s = saturated.get(target);
                List<WebhookLoad.Paced> p = paced.get(target);
                double rate = median(s, WebhookLoad.Saturated::perSecond);
                long bad = s.stream().mapToLong(x -> x.non2xx()).sum()
                        + p.stream().mapToLong(x -> x.non2xx()).sum();
                long err = s.stream().mapToLong(x -> x.errors()).sum()
                        + p.stream().mapToLong(x -> x.errors()).sum();
                System.out.printf(
                        Locale.ROOT,
                        "%-12s %10.0f %8.1f %% %9.0f %9.2f %9.2f %9.2f %12s%n",
                        target,
                        rate,
                        100 * rate / jetty,
                        median(s, WebhookLoad.Saturated::cpuMicrosPerEvent),
                        median(p, x -> x.percentileMillis(50)),
                        median(p, x -> x.percentileMillis(99)),
                        median(p, WebhookLoad.Paced::maxMillis),
                        bad + "/" + err);
            }
            System.out.println("Columns: saturated and CPU from the saturated runs (CPU = this JVM's CPU time, senders"
                    + " included, per delivery); p50/p99/max from the latency runs, measured from each delivery's due"
                    + " time; every column is the median over the runs.");
            System.out.println("Targets:");
            boolean pass = true;
            if (saturated.containsKey("coding-noop")) {
                double noop = median(saturated.get("coding-noop"), WebhookLoad.Saturated::perSecond);
                double pct = 100 * noop / jetty;
                boolean ok = pct >= NOOP_THROUGHPUT_TARGET;
                pass &= ok;
                System.out.printf(
                        Locale.ROOT,
                        "  coding-noop saturated throughput >= %.0f %% of jetty: %.1f %% (%.0f vs"
                                + " %.0f events/s)  %s%n",
                        NOOP_THROUGHPUT_TARGET,
                        pct,
                        noop,
                        jetty,
                        ok ? "PASS" : "FAIL");
                List<WebhookLoad.Paced> p = paced.get("coding-noop");
                double p99 = median(p, x -> x.percentileMillis(99));
                double worst = p.stream()
                        .mapToDouble(x -> x.percentileMillis(99))
                        .max()
                        .orElse(Double.NaN);
                String rateNote = o.rate() == 1000 ? "" : " (NOTE: --rate " + o.rate() + ", the target is at 1000/s)";
                boolean ok99 = p99 < NOOP_P99_TARGET_MS;
                pass &= ok99;
                System.out.printf(
                        Locale.ROOT,
                        "  coding-noop p99 < %.0f ms at %d events/s: %.2f ms (median of %d runs;"
                                + " worst run %.2f ms)%s  %s%n",
                        NOOP_P99_TARGET_MS,
                        o.rate(),
                        p99,
                        p.size(),
                        worst,
                        rateNote,
                        ok99 ? "PASS" : "FAIL");
            } else {
                System.out.println("  coding-noop targets: n/a (--sink h2)");
            }
            if (saturated.containsKey("coding-h2")) {
                double h2 = median(saturated.get("coding-h2"), WebhookLoad.Saturated::perSecond);
                System.out.printf(
                        Locale.ROOT,
                        "  coding-h2 (no target): %.0f events/s saturated = %.1f %% of jetty; p99"
                                + " %.2f ms at %d events/s%n",
                        h2,
                        100 * h2 / jetty,
                        median(paced.get("coding-h2"), x -> x.percentileMillis(99)),
                        o.rate());
            }
            boolean clean = problems.isEmpty();
            pass &= clean;
            System.out.println("  every delivery answered 2xx and received once by its sink (warm-up included): "
                    + (clean ? "PASS" : "FAIL"));
            for (String problem : problems) {
                System.out.println("    " + problem);
            }
            return pass ? 0 : 1;
        }

        private static <T> double median(List<T> values, ToDoubleFunction<T> f) {
            double[] v = values.stream().mapToDouble(f).sorted().toArray();
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }
}
