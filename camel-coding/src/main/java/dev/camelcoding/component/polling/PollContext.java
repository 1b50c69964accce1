package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.IssueQuery;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Everything a table poller needs: the client, what to read, where its state lives, where its events go, and
 * the clock (replaceable in tests), and in hybrid mode the ledger of what the webhook path already delivered (else null).
 */
public record PollContext(
        CodingApiClient client,
        String team,
        String project,
        String table,
        int pageSize,
        String issueType,
        List<Long> iterationCodes,
        String startFrom,
        Duration lookback,
        Duration reconcileInterval,
        boolean fetchIssueDetail,
        StateStore state,
        ChangeEmitter emitter,
        LongSupplier clock,
        CrossPathLedger crossPath) {

    /**
     * Flushes the emitter, then saves {@code state} (a record) as {@code name}: the way pollers persist progress after
     * events, so no saved state ever covers an event that was buffered but not handed over (see {@link ChangeEmitter}).
     */
    public void checkpoint(String name, Object state) throws Exception {
        emitter.flush();
        this.state.write(name, state);
    }

    public long now() {
        return clock.getAsLong();
    }

    public ChangeEvent event(
            Op op, ObjectNode key, ObjectNode before, ObjectNode after, String mode, boolean inferred) {
        return new ChangeEvent(
                op,
                table,
                key,
                before,
                after,
                new ChangeEvent.Source(team, project, mode, null, null, inferred),
                now());
    }

    /** The issue listing with this endpoint's filters (issue type, iterations). */
    public IssueQuery issueQuery(String sortKey, boolean ascending) {
        IssueQuery query = new IssueQuery(project, issueType, pageSize, sortKey, ascending, List.of(), true);
        if (!iterationCodes.isEmpty()) {
            query = query.withCondition(IssueQuery.Condition.inIterations(iterationCodes));
        }
        return query;
    }

    public static List<Long> parseIterationCodes(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            return Arrays.stream(text.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(Long::valueOf)
                    .toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "iterationCodes must be comma-separated iteration codes (numbers), got '" + text + "'", e);
        }
    }
}
