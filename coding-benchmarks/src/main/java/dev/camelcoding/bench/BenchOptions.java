package dev.camelcoding.bench;

import static dev.camelcoding.bench.BenchArgs.positive;
import static dev.camelcoding.bench.BenchArgs.value;
import static dev.camelcoding.bench.BenchArgs.whole;

/** The command line of {@link BackfillBenchmark}. */
record BenchOptions(
        int issues,
        boolean issuesGiven,
        int pageSize,
        int runs,
        BenchArgs.Sink sink,
        String externalUrl,
        String token,
        String project,
        boolean heapCheck,
        String childXmx,
        int warmupIssues,
        long timeoutSeconds,
        boolean child) {

    static final String USAGE = """
            usage: ./coding-bench BackfillBenchmark [options]
              --issues N                 issues to backfill (default 100000; 1000000 with --heap-check)
              --page-size N              rows per DescribeIssueListWithPage page, 1..500 (default 500)
              --runs N                   measured runs per mode; the median is reported (default 3)
              --sink noop|h2|both        which Camel routes to measure besides the raw baseline (default both)
              --external-simulator URL   use a running simulator (its .../open-api URL) instead of starting one
              --token T                  the personal token for --external-simulator (default sim-personal-token)
              --project NAME             the project to backfill (default demo-project)
              --warmup-issues N          size of the in-process warm-up simulator, 0 = no warm-up (default 20000)
              --timeout S                give up on one run after S seconds (default 1800)
              --heap-check               only the heap check: a no-op backfill of --issues (default 1000000) in a
                                         child JVM with -Xmx256m against a simulator in another child process
              --child-xmx SIZE           the heap of that child JVM (default 256m)
              --help                     this text""";

    static BenchOptions parse(String[] args) {
        int issues = 100_000;
        boolean issuesGiven = false;
        int pageSize = 500;
        int runs = 3;
        BenchArgs.Sink sink = BenchArgs.Sink.BOTH;
        String external = null;
        String token = "sim-personal-token";
        String project = "demo-project";
        boolean heapCheck = false;
        String childXmx = "256m";
        int warmup = 20_000;
        long timeout = 1_800;
        boolean child = false;
        for (int k = 0; k < args.length; k++) {
            String a = args[k];
            switch (a) {
                case "--issues" -> {
                    issues = positive(value(args, ++k, a), a);
                    issuesGiven = true;
                }
                case "--page-size" -> pageSize = positive(value(args, ++k, a), a);
                case "--runs" -> runs = positive(value(args, ++k, a), a);
                case "--sink" -> sink = BenchArgs.Sink.parse(value(args, ++k, a));
                case "--external-simulator" -> external = value(args, ++k, a);
                case "--token" -> token = value(args, ++k, a);
                case "--project" -> project = value(args, ++k, a);
                case "--warmup-issues" -> warmup = whole(value(args, ++k, a), a);
                case "--timeout" -> timeout = positive(value(args, ++k, a), a);
                case "--heap-check" -> heapCheck = true;
                case "--child-xmx" -> childXmx = value(args, ++k, a);
                case "--child" -> child = true; // internal: the measured side of --heap-check
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (pageSize > 500) {
            throw new IllegalArgumentException("--page-size must be 1 to 500 (CODING's maximum)");
        }
        if (heapCheck && !issuesGiven) {
            issues = 1_000_000;
        }
        if (child && external == null) {
            throw new IllegalArgumentException("--child needs --external-simulator");
        }
        return new BenchOptions(
                issues,
                issuesGiven,
                pageSize,
                runs,
                sink,
                external,
                token,
                project,
                heapCheck,
                childXmx,
                Math.max(0, warmup),
                timeout,
                child);
    }
}
