package dev.camelcoding.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log's spine under kill -9: {@code run} (hybrid mode) killed at random points during the backfill, during
 * incremental polling (issues edited in CODING meanwhile) and during a burst of signed Service Hook deliveries, then
 * started again on the same data directory. Every change ends up in the sink (those whose delivery failed while the
 * run was dead through the backstop poll), every delivery answered 2xx has its version in the log, and the log holds
 * no two entries for one (table, key, version): a page and its cursor commit together, a delivery is answered after
 * its append commits, so nothing a killed run appended is appended again. {@link SpineKillRounds} does the work; the
 * benchmark command runs the same rounds many more times.
 */
class SpineKillTest {

    @TempDir
    Path data;

    /**
     * Eight child JVM starts and three lease expiries: about 3 minutes on a quiet machine, over 10 on the shared CI
     * machine under load, beyond the suite's 5-minute default.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void killsAtRandomPointsLoseNothingAndLogNothingTwice() throws Exception {
        long seed = Long.getLong("spine.kill.seed", System.nanoTime());
        SpineKillRounds.Result result = SpineKillRounds.run(data, 2, new Random(seed), 600, System.out::println);
        assertThat(result.lost()).as("changes lost (seed %s)", seed).isZero();
        assertThat(result.duplicates())
                .as("log entries repeating a version (seed %s)", seed)
                .isZero();
        assertThat(result.kills()).as("kills that landed while the sync ran").isPositive();
        SpineKillRounds.Deliveries deliveries = result.deliveries();
        assertThat(deliveries.accepted())
                .as("webhook deliveries answered 2xx (seed %s)", seed)
                .isPositive();
        assertThat(deliveries.failed())
                .as("webhook deliveries that failed while the run was dead: left to the backstop poll (seed %s)", seed)
                .isPositive();
        assertThat(deliveries.notDurable())
                .as("deliveries answered 2xx whose version is not in the log (seed %s)", seed)
                .isZero();
    }
}
