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
     * The edits: the active projects edit an issue every {@code activeGap} on average, the others once at a random time
     * of the window; each edit's issue is one of the project's.
     *
     * @param issueCodes a project's issue codes
     * @param firstSyncEnd when the first full sync ended
     * @param windowStart the window's start (measured edits are those inside the window)
     */
    static List<Change> draw(
            TeamSyncOptions o,
            List<String> names,
            Function<String, int[]> issueCodes,
            long firstSyncEnd,
            long windowStart) {
        Random random = new Random(o.seed());
        long windowEnd = windowStart + o.window().toMillis();
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (o.activeProject(i)) {
                // changes all day: from the backfill's end on, measured inside the window
                for (long at = firstSyncEnd + gap(random, o.activeGap());
                        at < windowEnd;
                        at += gap(random, o.activeGap())) {
                    changes.add(new Change(name, true, at, at >= windowStart));
                }
            } else {
                long at = windowStart + (long) (random.nextDouble() * o.window().toMillis());
                changes.add(new Change(name, false, at, true));
            }
            for (Change c : changes) {
                if (c.project.equals(name) && c.code == 0) {
                    int[] codes = issueCodes.apply(name);
                    c.code = codes.length == 0 ? 0 : codes[random.nextInt(codes.length)];
                }
            }
        }
        return changes;
    }

    private static long gap(Random random, Duration mean) {
        return Math.max(1_000, (long) (-Math.log(1 - random.nextDouble()) * mean.toMillis()));
    }
}
