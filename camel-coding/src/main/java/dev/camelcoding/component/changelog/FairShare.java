package dev.camelcoding.component.changelog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One member's fair share of the leases on one beat, from what the store says (the running leases and the live
 * members) and what this member wants and leads: {@code ceil(sources / live members)}, where the sources are the
 * namespaces the live members lead together with the ones this member wants.
 *
 * <p>A member below its share takes free leases up to it, and asks a member above its share for the rest (a
 * request on the lease row, never a takeover: the holder hands it over on its next beat, so a source is never read by
 * two). A member above its share hands over what a member below its share asked for, down to its share. A member
 * only asks for sources it wants itself, so processes with different sets of sources settle instead of passing
 * leases back and forth; a free lease that nobody below its share took for {@link #ORPHAN_BEATS} beats is taken by
 * any member that wants it, so every source keeps a reader whatever the shares say.
 */
final class FairShare {

    /** Beats a wanted lease stays free before a member at or above its share takes it all the same. */
    static final int ORPHAN_BEATS = 3;

    private final String me;
    private final LeaseTable table;
    private final Map<String, Integer> heldBy = new HashMap<>();
    private final int sources;
    private final int members;
    private final int share;

    FairShare(String me, Set<String> wanted, Set<String> leading, LeaseTable table) {
        this.me = me;
        this.table = table;
        Set<String> live = new HashSet<>(table.liveMembers());
        live.add(me);
        Set<String> all = new HashSet<>(wanted);
        table.running().forEach((namespace, lease) -> {
            if (live.contains(lease.holder()) && !lease.holder().equals(me)) {
                all.add(namespace);
                heldBy.merge(lease.holder(), 1, Integer::sum);
            }
        });
        all.addAll(leading);
        heldBy.put(me, leading.size()); // this member's own count is what it leads, not its rows
        this.sources = all.size();
        this.members = live.size();
        this.share = members == 0 ? sources : (sources + members - 1) / members;
    }

    /** The most leases a member takes while others below it could read them: ceil(sources / live members). */
    int share() {
        return share;
    }

    int sources() {
        return sources;
    }

    int members() {
        return members;
    }

    /** How many free leases to take when this member leads {@code leadingNow}: up to its share. */
    int room(int leadingNow) {
        return Math.max(0, share - leadingNow);
    }

    /**
     * The leases this member leads that a live member below its share asked for, as many as bring this member down
     * to its share and no more than each asker is short of.
     */
    List<String> handOvers(Set<String> leading) {
        int excess = leading.size() - share;
        List<String> handOvers = new ArrayList<>();
        if (excess <= 0) {
            return handOvers;
        }
        Map<String, Integer> shortOf = new HashMap<>();
        for (String namespace : leading.stream().sorted().toList()) {
            LeaseTable.Running lease = table.running().get(namespace);
            if (excess == 0) {
                break;
            }
            if (lease == null
                    || !lease.holder().equals(me)
                    || lease.requestedBy().isEmpty()) {
                continue;
            }
            String asker = lease.requestedBy().get();
            if (!asker.equals(me) && table.liveMembers().contains(asker)) {
                int missing = shortOf.computeIfAbsent(asker, who -> share - heldBy.getOrDefault(who, 0));
                if (missing > 0) {
                    handOvers.add(namespace);
                    shortOf.put(asker, missing - 1);
                    excess--;
                }
            }
        }
        return handOvers;
    }

    /**
     * The leases to ask for when this member leads {@code leadingNow}: wanted ones held by live members above their
     * share, most loaded first, as many as this member is short of (less the requests it made before that still
     * stand) and no more than each holder is above its share.
     */
    List<String> requests(Set<String> wanted, int leadingNow) {
        int missing = share - leadingNow;
        List<String> requests = new ArrayList<>();
        if (missing <= 0) {
            return requests;
        }
        Map<String, Integer> spare = new HashMap<>();
        heldBy.forEach((holder, held) -> {
            if (!holder.equals(me) && held > share) {
                spare.put(holder, held - share);
            }
        });
        List<String> candidates = new ArrayList<>();
        for (String namespace : wanted.stream().sorted().toList()) {
            LeaseTable.Running lease = table.running().get(namespace);
            if (lease == null || !spare.containsKey(lease.holder())) {
                continue;
            }
            // a request by a member that died since does not count: asking again replaces it
            Optional<String> asker = lease.requestedBy().filter(table.liveMembers()::contains);
            if (asker.isPresent() && asker.get().equals(me)) {
                missing--; // asked on an earlier beat: still standing
                spare.merge(lease.holder(), -1, Integer::sum);
            } else if (asker.isEmpty()) {
                candidates.add(namespace);
            }
        }
        candidates.sort(Comparator.comparing((String namespace) ->
                        heldBy.get(table.running().get(namespace).holder()))
                .reversed());
        for (String namespace : candidates) {
            String holder = table.running().get(namespace).holder();
            if (missing > 0 && spare.get(holder) > 0) {
                requests.add(namespace);
                spare.merge(holder, -1, Integer::sum);
                missing--;
            }
        }
        return requests;
    }
}
