package dev.camelcoding.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log's spine under kill -9: {@code run} killed at random points during the backfill and during
 * incremental polling (issues edited in CODING meanwhile), then started again on the same data directory. Every
 * change ends up in the sink, and the log holds no two entries for one (table, key, version): a page and its cursor
 * commit together, so nothing a killed run appended is appended again. {@link SpineKillRounds} does the work; the
 * benchmark command runs the same rounds many more times.
 */
class SpineKillTest {

    @TempDir
    Path data;

    @Test
    void killsAtRandomPointsLoseNothingAndLogNothingTwice() throws Exception {
        long seed = Long.getLong("spine.kill.seed", System.nanoTime());
        SpineKillRounds.Result result = SpineKillRounds.run(data, 2, new Random(seed), 600, System.out::println);
        assertThat(result.lost()).as("changes lost (seed %s)", seed).isZero();
        assertThat(result.duplicates())
                .as("log entries repeating a version (seed %s)", seed)
                .isZero();
        assertThat(result.kills()).as("kills that landed while the sync ran").isPositive();
    }
}
