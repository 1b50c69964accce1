package dev.camelcoding.component.changelog;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a member reads of the lease rows on each beat: every running lease (by namespace) and the ids of the members
 * whose heartbeat has not expired, both judged by the database's clock.
 */
record LeaseTable(Map<String, Running> running, Set<String> liveMembers) {

    LeaseTable {
        running = Map.copyOf(running);
        liveMembers = Set.copyOf(liveMembers);
    }

    /** A lease that has not expired: its holder, and the member that asked for it, if any. */
    record Running(String holder, Optional<String> requestedBy) {}
}
