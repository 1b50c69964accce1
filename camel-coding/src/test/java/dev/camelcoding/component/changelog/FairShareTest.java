package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A member's fair share and what it does about it, from the lease rows as a beat reads them. */
class FairShareTest {

    private static final Set<String> TWENTY = namespaces(1, 20);

    @Test
    void aMemberAloneMayReadEverySource() {
        FairShare fair = new FairShare("a", TWENTY, Set.of(), table(Map.of(), Set.of("a")));

        assertThat(fair.share()).isEqualTo(20);
        assertThat(fair.room(0)).isEqualTo(20);
    }

    @Test
    void aMemberThatJoinsAsksTheHolderOfEverySourceForHalf() {
        Map<String, LeaseTable.Running> running = held(TWENTY, "a");
        FairShare fair = new FairShare("b", TWENTY, Set.of(), table(running, Set.of("a", "b")));

        assertThat(fair.share()).isEqualTo(10);
        assertThat(fair.room(0)).as("nothing is free").isEqualTo(10);
        assertThat(fair.requests(TWENTY, 0)).hasSize(10);
    }

    @Test
    void requestsStillStandingAreNotMadeAgain() {
        Map<String, LeaseTable.Running> running = held(TWENTY, "a");
        namespaces(1, 4).forEach(ns -> running.put(ns, new LeaseTable.Running("a", Optional.of("b"))));
        FairShare fair = new FairShare("b", TWENTY, Set.of(), table(running, Set.of("a", "b")));

        assertThat(fair.requests(TWENTY, 0)).hasSize(6).doesNotContainAnyElementsOf(namespaces(1, 4));
    }

    @Test
    void theHolderHandsOverWhatALiveMemberBelowItsShareAskedForDownToItsShare() {
        Map<String, LeaseTable.Running> running = held(TWENTY, "a");
        namespaces(1, 12).forEach(ns -> running.put(ns, new LeaseTable.Running("a", Optional.of("b"))));
        FairShare fair = new FairShare("a", TWENTY, TWENTY, table(running, Set.of("a", "b")));

        assertThat(fair.handOvers(TWENTY)).as("12 asked, 10 above the share").hasSize(10);

        FairShare askerDead = new FairShare("a", TWENTY, TWENTY, table(running, Set.of("a")));
        assertThat(askerDead.handOvers(TWENTY)).isEmpty();
    }

    @Test
    void aMemberAtItsShareNeitherAsksNorHandsOver() {
        Set<String> mine = namespaces(1, 10);
        Set<String> theirs = namespaces(11, 20);
        Map<String, LeaseTable.Running> running = held(theirs, "b");
        running.putAll(held(mine, "a"));
        namespaces(1, 3).forEach(ns -> running.put(ns, new LeaseTable.Running("a", Optional.of("b"))));
        FairShare fair = new FairShare("a", TWENTY, mine, table(running, Set.of("a", "b")));

        assertThat(fair.share()).isEqualTo(10);
        assertThat(fair.requests(TWENTY, 10)).isEmpty();
        assertThat(fair.handOvers(mine))
                .as("b holds its share: its requests are stale")
                .isEmpty();
    }

    @Test
    void aMemberThatWantsFewerSourcesAsksOnlyForThose() {
        Set<String> two = namespaces(1, 2);
        Map<String, LeaseTable.Running> running = held(TWENTY, "a");
        FairShare fair = new FairShare("b", two, Set.of(), table(running, Set.of("a", "b")));

        assertThat(fair.share()).isEqualTo(10);
        assertThat(fair.requests(two, 0)).containsExactlyInAnyOrderElementsOf(two);
    }

    @Test
    void leasesOfMembersThatAreNotLiveDoNotCountAsSources() {
        Map<String, LeaseTable.Running> running = held(namespaces(21, 40), "tool"); // not a member
        FairShare fair = new FairShare("a", TWENTY, Set.of(), table(running, Set.of("a", "b")));

        assertThat(fair.sources()).isEqualTo(20);
        assertThat(fair.share()).isEqualTo(10);
    }

    private static LeaseTable table(Map<String, LeaseTable.Running> running, Set<String> live) {
        return new LeaseTable(running, live);
    }

    private static Map<String, LeaseTable.Running> held(Set<String> namespaces, String holder) {
        Map<String, LeaseTable.Running> running = new HashMap<>();
        namespaces.forEach(ns -> running.put(ns, new LeaseTable.Running(holder, Optional.empty())));
        return running;
    }

    private static Set<String> namespaces(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(i -> "coding-reader/acme/project-" + i + "/issues")
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
