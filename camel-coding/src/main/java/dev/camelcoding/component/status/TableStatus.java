package dev.camelcoding.component.status;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.polling.CommentFreshness;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One table's sync state, read from the state store the endpoint writes ({@link CodingStatusReader}).
 *
 * @param table          the CODING table
 * @param stateKey       the state key prefix (team, project, table, filters) the state was read under
 * @param phase          where the sync stands
 * @param passPage       during a snapshot or catch-up pass, the next page it reads
 * @param passTotal      during a snapshot or catch-up pass, CODING's total of rows it reads
 * @param cursor         the incremental cursor: CODING's UpdatedAt of the newest change delivered (CODING's clock)
 * @param lastCensus     when the last key census (deletes) ran
 * @param lastPoll       when the table was last polled
 * @param lastSuccess    when a poll last succeeded
 * @param lastPollEvents what the last poll emitted
 * @param totalEvents    what every poll together emitted
 * @param throttledPolls polls that failed on CODING's rate limit
 * @param lastFailure    the last poll's failure, empty when it succeeded
 * @param rowsKnown      for listed tables, the rows the last poll saw
 * @param comments       for comments, how fresh they are (the share of issues read lately, the backfill's progress)
 * @param passRowsPerSecond during a snapshot, catch-up or resync pass, its recent pace in rows read a second (empty
 *                       until two pages were timed): with {@code passTotal} and {@code passPage}, how long it has left
 */
public record TableStatus(
        CodingTable table,
        String stateKey,
        SyncPhase phase,
        OptionalInt passPage,
        OptionalLong passTotal,
        Optional<Instant> cursor,
        Optional<Instant> lastCensus,
        Optional<Instant> lastPoll,
        Optional<Instant> lastSuccess,
        long lastPollEvents,
        long totalEvents,
        long throttledPolls,
        Optional<PollFailure> lastFailure,
        OptionalLong rowsKnown,
        Optional<CommentFreshness> comments,
        OptionalDouble passRowsPerSecond) {

    /** A status without a pass's pace (a table without a pass under way, or a status made by hand). */
    public TableStatus(
            CodingTable table,
            String stateKey,
            SyncPhase phase,
            OptionalInt passPage,
            OptionalLong passTotal,
            Optional<Instant> cursor,
            Optional<Instant> lastCensus,
            Optional<Instant> lastPoll,
            Optional<Instant> lastSuccess,
            long lastPollEvents,
            long totalEvents,
            long throttledPolls,
            Optional<PollFailure> lastFailure,
            OptionalLong rowsKnown,
            Optional<CommentFreshness> comments) {
        this(
                table,
                stateKey,
                phase,
                passPage,
                passTotal,
                cursor,
                lastCensus,
                lastPoll,
                lastSuccess,
                lastPollEvents,
                totalEvents,
                throttledPolls,
                lastFailure,
                rowsKnown,
                comments,
                OptionalDouble.empty());
    }

    /**
     * How old the cursor is at {@code now}: the age of the newest change delivered (which grows on a quiet project
     * that is caught up; {@link #behind} is how far the sink is behind). The cursor is in CODING's
     * clock, so a CODING that runs ahead of this machine shows less lag than there is (never below zero).
     */
    public Optional<Duration> lag(Instant now) {
        return cursor.map(at -> at.isAfter(now) ? Duration.ZERO : Duration.between(at, now));
    }

    /**
     * How far the sink is behind CODING: zero when the table was caught up at its last poll (reading only changes, or
     * listed whole, and that poll succeeded); otherwise (a snapshot, catch-up or backfill under way, or a failing
     * poll) the age of the newest change delivered, the cursor, as the changes after it wait. Empty when unknown (no
     * cursor yet, or a table without one during its backfill). Unlike {@link #lag}, a quiet project that is caught up
     * does not fall further behind as the clock runs.
     */
    public Optional<Duration> behind(Instant now) {
        boolean caughtUp = (phase == SyncPhase.INCREMENTAL || phase == SyncPhase.LISTING) && lastFailure.isEmpty();
        if (caughtUp && lastPoll.isPresent()) {
            return Optional.of(Duration.ZERO);
        }
        return lag(now);
    }

    /** Whether the table's route stopped on a failure that no retry cures. */
    public boolean permanentFailure() {
        return lastFailure.map(failure -> failure.problem().permanent()).orElse(false);
    }
}
