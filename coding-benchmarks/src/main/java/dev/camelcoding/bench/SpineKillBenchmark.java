package dev.camelcoding.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Kill -9 proof of the change log's spine, many rounds ({@link SpineKillRounds}): each round kills {@code run} (hybrid
 * mode) at a random point of the backfill, of the incremental polling and of a burst of webhook deliveries, and
 * restarts it. Prints the rounds, the kills, the log entries that repeat a version (duplicates), the changes missing
 * from the sink (lost) and the deliveries answered 2xx whose version is not in the log; all three must be 0.
 *
 * <pre>
 * ./coding-bench SpineKillBenchmark --rounds 30 --issues 1500
 * </pre>
 */
public final class SpineKillBenchmark {

    private SpineKillBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = 30;
        int issues = 1_500;
        long seed = System.nanoTime();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--issues" -> issues = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + " (--rounds N, --issues N, --seed N)");
            }
        }
        long started = System.nanoTime();
        Path work = Files.createTempDirectory("spine-kill");
        System.out.println(
                "spine kill benchmark: " + rounds + " rounds of " + issues + " issues, seed " + seed + ", in " + work);
        SpineKillRounds.Result result =
                SpineKillRounds.run(work, rounds, new Random(seed), issues, System.out::println);
        SpineKillRounds.Deliveries deliveries = result.deliveries();
        System.out.println("iterations: " + result.rounds() + ", kills: " + result.kills() + ", duplicates found: "
                + result.duplicates() + ", changes lost: " + result.lost());
        System.out.println("webhook deliveries: " + deliveries.sent() + " sent, " + deliveries.accepted()
                + " answered 2xx, " + deliveries.notDurable() + " of them not in the log; " + deliveries.failed()
                + " failed (run dead, starting or not yet the reader), caught by the backstop poll");
        System.out.printf(java.util.Locale.ROOT, "duration: %.1f min%n", (System.nanoTime() - started) / 60e9);
        if (result.duplicates() > 0 || result.lost() > 0 || deliveries.notDurable() > 0) {
            System.exit(1);
        }
    }
}
