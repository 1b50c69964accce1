package dev.camelcoding.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.bench.TeamSyncBenchmark.Change;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The change phase's draw does not depend on how long the first sync took: a before/after comparison of a change that
 * shortens the first sync must measure the same edits (issue 19: the default seed's active p95 moved from 59 s to 5 min
 * 24 s when the first sync got 3 minutes shorter, and 127 measured edits became 118).
 */
class ChangePlanTest {

    private static final long MINUTE = 60_000;

    @Test
    void theSameSeedDrawsTheSameEditsAtTheSameOffsetsIntoTheWindowWhateverTheFirstSyncsLength() {
        TeamSyncOptions o = TeamSyncOptions.parse(new String[0]);
        List<String> names =
                IntStream.range(0, o.sizes().size()).mapToObj(i -> "p" + i).toList();
        int[] codes = IntStream.rangeClosed(1, 100).toArray();

        List<String> slow = offsets(o, names, codes, 9 * MINUTE + 21_000);
        List<String> fast = offsets(o, names, codes, 6 * MINUTE + 4_000);

        assertThat(slow).as("edits in the window").hasSizeGreaterThan(100);
        assertThat(fast).isEqualTo(slow);
    }

    @Test
    void activeProjectsEditFromBeforeTheWindowOnAndDormantOnesOnceInsideIt() {
        TeamSyncOptions o = TeamSyncOptions.parse(new String[] {"--sizes", "100,100,100,100,100", "--active", "1"});
        long firstSyncEnd = 7 * MINUTE;
        long windowStart = 2 * 60 * MINUTE + 7 * MINUTE;
        List<Change> changes =
                ChangePlan.draw(o, List.of("a", "b", "c", "d", "e"), n -> new int[] {5}, firstSyncEnd, windowStart);
        assertThat(changes.stream().filter(c -> !c.active))
                .hasSize(4)
                .allMatch(c -> c.measured
                        && c.at >= windowStart
                        && c.at < windowStart + o.window().toMillis());
        assertThat(changes.stream().filter(c -> c.active && !c.measured))
                .as("the active project's edits during the settle: the table is warm when the window starts")
                .isNotEmpty()
                .allMatch(c -> c.at >= firstSyncEnd && c.at < windowStart);
        assertThat(changes).allMatch(c -> c.code == 5);
    }

    /** The measured edits as (project, offset into the window, issue), the window starting --settle after the sync. */
    private static List<String> offsets(TeamSyncOptions o, List<String> names, int[] codes, long firstSyncEnd) {
        long windowStart = (firstSyncEnd + o.settle().toMillis() + MINUTE - 1) / MINUTE * MINUTE;
        return ChangePlan.draw(o, names, n -> codes, firstSyncEnd, windowStart).stream()
                .filter(c -> c.measured)
                .map(c -> c.project + " +" + (c.at - windowStart) + " #" + c.code)
                .sorted()
                .toList();
    }
}
