package dev.camelcoding.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls waiting at one credential's limiter, and which of them the next permit goes to: the highest
 * {@link CallPriority} first; within a priority, the source (a team and project) served least recently; within a
 * source, the call that came first. A source that has not been served yet goes before any that has.
 *
 * <p>Why by source and not first come, first served: a large project's backfill always has its next page waiting, so
 * by arrival a small project's pages would queue behind it, and its backfill would end with the large one's. Served
 * least recently first, two projects backfilling at the same priority take turns, page for page, and each of N
 * waiting sources gets every N-th permit.
 *
 * <p>No threads, no clock: {@link CredentialLimiter} holds its lock around every call.
 */
final class WaitingCalls {

    /** One waiting call. */
    static final class Ticket {
        private final CallPriority priority;
        private final String source;
        private final long arrival;

        private Ticket(CallPriority priority, String source, long arrival) {
            this.priority = priority;
            this.source = source;
            this.arrival = arrival;
        }

        CallPriority priority() {
            return priority;
        }

        String source() {
            return source;
        }
    }

    private final List<List<Ticket>> byPriority = new ArrayList<>();
    /** The grant number of each source's last permit; a source never served has none. */
    private final Map<String, Long> lastServed = new HashMap<>();

    private long arrivals;
    private long grants;

    WaitingCalls() {
        for (int p = 0; p < CallPriority.values().length; p++) {
            byPriority.add(new ArrayList<>());
        }
    }

    /** A call joins the queue ({@code source} null or blank: the credential's unnamed source). */
    Ticket add(CallPriority priority, String source) {
        Ticket ticket = new Ticket(priority, source == null ? "" : source, arrivals++);
        byPriority.get(priority.ordinal()).add(ticket);
        return ticket;
    }

    /** A call leaves without a permit (its wait ran out, or it was interrupted). */
    void remove(Ticket ticket) {
        byPriority.get(ticket.priority.ordinal()).remove(ticket);
    }

    /** The call the next permit goes to, or null when none waits. */
    Ticket next() {
        for (List<Ticket> tickets : byPriority) {
            Ticket best = null;
            long bestServed = 0;
            for (Ticket ticket : tickets) {
                long served = lastServed.getOrDefault(ticket.source, Long.MIN_VALUE);
                if (best == null || served < bestServed || (served == bestServed && ticket.arrival < best.arrival)) {
                    best = ticket;
                    bestServed = served;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    /** The call got its permit: it leaves the queue and its source goes to the back of the turn. */
    void granted(Ticket ticket) {
        remove(ticket);
        lastServed.put(ticket.source, grants++);
    }

    /** Calls waiting at {@code priority} now. */
    int waiting(CallPriority priority) {
        return byPriority.get(priority.ordinal()).size();
    }
}
