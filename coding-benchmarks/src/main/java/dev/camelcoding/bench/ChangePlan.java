package dev.camelcoding.bench;

import dev.camelcoding.bench.TeamSyncBenchmark.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** The issue edits of TeamSyncBenchmark's change phase, drawn from the seed. */
final class ChangePlan {

    private ChangePlan() {}

    /**
     * The edits: the active projects edit an issue every {@code activeGap} on average from {@code --settle} before the
     * window on (as after the first sync: the tables are warm when the window starts), the others once at a random
     * time of the window; each edit's issue is one of the project's.
     *
     * <p>Every time is drawn as an offset into the window, and each project draws from a generator of its own seeded
     * by the seed and the project's place: the same seed gives the same edits at the same offsets however long the
     * first sync took. Drawn from the first sync's end, as before, a first sync 3 minutes shorter drew a different set
     * (issue 19: 118 measured edits instead of 127), so a before/after comparison did not compare the same edits.
     *
     * @param issueCodes a project's issue codes
     * @param firstSyncEnd when the first full sync ended (the window starts {@code --settle} after it, or a little
     *     later: on a whole minute)
     * @param windowStart the window's start (measured edits are those inside the window)
     */
    static List<Change> draw(
            TeamSyncOptions o,
            List<String> names,
            Function<String, int[]> issueCodes,
            long firstSyncEnd,
            long windowStart) {
        long window = o.window().toMillis();
        long lead = o.settle().toMillis();
        if (windowStart - lead < firstSyncEnd) {
            throw new IllegalArgumentException("the window starts less than --settle after the first sync");
        }
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Random random = new Random(projectSeed(o.seed(), i));
            List<Long> offsets = new ArrayList<>();
            if (o.activeProject(i)) {
                for (long at = -lead + gap(random, o.activeGap()); at < window; at += gap(random, o.activeGap())) {
                    offsets.add(at);
                }
            } else {
                offsets.add((long) (random.nextDouble() * window));
            }
            int[] codes = issueCodes.apply(name);
            for (long offset : offsets) {
                Change c = new Change(name, o.activeProject(i), windowStart + offset, offset >= 0);
                c.code = codes.length == 0 ? 0 : codes[random.nextInt(codes.length)];
                changes.add(c);
            }
        }
        return changes;
    }

    /** A seed of project {@code i}'s own (SplitMix64's mix of the two), so no project's draw depends on another's. */
    private static long projectSeed(long seed, int i) {
        long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long gap(Random random, Duration mean) {
        return Math.max(1_000, (long) (-Math.log(1 - random.nextDouble()) * mean.toMillis()));
    }
}
