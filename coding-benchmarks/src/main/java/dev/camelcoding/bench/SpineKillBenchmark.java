package dev.camelcoding.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Kill -9 proof of the change log's spine, many rounds ({@link SpineKillRounds}): each round kills {@code run} at a
 * random point of the backfill and of the incremental polling and restarts it. Prints the rounds, the kills, the log
 * entries that repeat a version (duplicates) and the changes missing from the sink (lost); both must be 0.
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
        Path work = Files.createTempDirectory("spine-kill");
        System.out.println(
                "spine kill benchmark: " + rounds + " rounds of " + issues + " issues, seed " + seed + ", in " + work);
        SpineKillRounds.Result result =
                SpineKillRounds.run(work, rounds, new Random(seed), issues, System.out::println);
        System.out.println("iterations: " + result.rounds() + ", kills: " + result.kills() + ", duplicates found: "
                + result.duplicates() + ", changes lost: " + result.lost());
        if (result.duplicates() > 0 || result.lost() > 0) {
            System.exit(1);
        }
    }
}
