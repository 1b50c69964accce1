package dev.camelcoding.bench;

import static dev.camelcoding.bench.BenchArgs.positive;
import static dev.camelcoding.bench.BenchArgs.value;
import static dev.camelcoding.bench.BenchArgs.whole;

/** The command line of {@link WebhookBenchmark}. */
record WebhookBenchOptions(
        int senders,
        int events,
        int runs,
        int rate,
        int rateEvents,
        BenchArgs.Sink sink,
        int codes,
        int warmupEvents,
        long timeoutSeconds) {

    static final String USAGE = """
            usage: ./coding-bench WebhookBenchmark [options]
              --senders N          concurrent senders for the saturated runs (default 8)
              --events N           deliveries per saturated run (default 20000)
              --runs N             measured runs per target and kind; the median is reported (default 3)
              --rate R             offered rate of the latency runs, deliveries/s, open loop (default 1000)
              --rate-events N      deliveries per latency run (default: --events)
              --sink noop|h2|both  which coding webhook routes to measure besides the Jetty baselines (default both)
              --codes N            distinct issue codes the deliveries cycle through (default 3000)
              --warmup N           warm-up deliveries per target, saturated, before a short paced warm-up
                                   (default 10000; 0 = no warm-up)
              --timeout S          give up on one run after S seconds (default 300)
              --help               this text""";

    static WebhookBenchOptions parse(String[] args) {
        int senders = 8;
        int events = 20_000;
        int runs = 3;
        int rate = 1_000;
        int rateEvents = -1;
        BenchArgs.Sink sink = BenchArgs.Sink.BOTH;
        int codes = 3_000;
        int warmup = 10_000;
        long timeout = 300;
        for (int k = 0; k < args.length; k++) {
            String a = args[k];
            switch (a) {
                case "--senders" -> senders = positive(value(args, ++k, a), a);
                case "--events" -> events = positive(value(args, ++k, a), a);
                case "--runs" -> runs = positive(value(args, ++k, a), a);
                case "--rate" -> rate = positive(value(args, ++k, a), a);
                case "--rate-events" -> rateEvents = positive(value(args, ++k, a), a);
                case "--sink" -> sink = BenchArgs.Sink.parse(value(args, ++k, a));
                case "--codes" -> codes = positive(value(args, ++k, a), a);
                case "--warmup" -> warmup = whole(value(args, ++k, a), a);
                case "--timeout" -> timeout = positive(value(args, ++k, a), a);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (rate > 1_000_000) {
            throw new IllegalArgumentException("--rate must be at most 1000000");
        }
        return new WebhookBenchOptions(
                senders,
                events,
                runs,
                rate,
                rateEvents < 0 ? events : rateEvents,
                sink,
                codes,
                Math.max(0, warmup),
                timeout);
    }
}
