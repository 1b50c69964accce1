package dev.camelcoding.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What {@code status} reports, as one typed value: {@code status} prints it as text or, with {@code --json}, as JSON
 * (Jackson), and the monitoring page's endpoint serves it as the same JSON, so the three cannot disagree. Built by
 * {@link StatusReports} from the state store through {@code CodingStatusReader} (never from the store's own layout).
 *
 * @param at          when the report was taken (ages and "behind CODING" are measured at it)
 * @param stateStore  where the state was read (a JDBC URL with its password masked, or the file)
 * @param anyState    whether any table has state yet (false: nothing was synced with this store)
 * @param sources     one per source (team, project, table): the settings' project's tables, then those of every other
 *                    project with state in the store, grouped by project
 * @param projects    per project, its sources' figures summed ({@link Totals}), in the order of {@code sources}
 * @param total       the team's total over every source, with the number of projects and the dead letters
 * @param changeLog   the change log's sources, or null without a change log
 * @param deadLetters the dead letters waiting for replay
 * @param callBudget  the credential's call budget as configured ({@code coding.rate-limit})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StatusReport(
        Instant at,
        String stateStore,
        boolean anyState,
        List<Source> sources,
        List<Totals> projects,
        Totals total,
        ChangeLog changeLog,
        DeadLetterCount deadLetters,
        CallBudget callBudget) {

    /** A source is UP (its last poll succeeded), DOWN (it failed: see {@link Down}) or NOT_STARTED (never polled). */
    enum Health {
        UP,
        DOWN,
        NOT_STARTED
    }

    /**
     * One source: a table of a project of a team.
     *
     * @param phase          where its sync stands: not-started, snapshot, catch-up, backfill, incremental, listing, resync
     * @param health         UP, DOWN or NOT_STARTED
     * @param down           why it is DOWN, null when it is not
     * @param rows           what was delivered of how much
     * @param passPage       during a snapshot or catch-up pass, the next page it reads
     * @param passTotal      during such a pass, CODING's total of rows as it began
     * @param cursor         CODING's UpdatedAt of the newest change delivered
     * @param behindSeconds  how far the sink is behind CODING (0: caught up at its last poll), null when unknown
     * @param lastPoll       when it was last polled, null never
     * @param lastPollOutcome ok, failed, under way (a backfill's first poll saves progress as it goes) or never
     * @param lastPollEvents what the last poll emitted
     * @param totalEvents    what every poll together emitted
     * @param throttledPolls polls that failed on CODING's rate limit
     * @param lastCensus     when the last key census (deletes) ran
     * @param rowsKnown      for listed tables, the rows the last poll saw
     * @param comments       for comments, their freshness and backfill
     * @param reader         the process holding the source's reader lease in the change log, null without a log
     * @param eta            while it backfills (a snapshot, catch-up or resync pass, the comments backfill), what it
     *                       has left and about how long that takes at its recent pace; null when it is not backfilling
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Source(
            String team,
            String project,
            String table,
            String phase,
            Health health,
            Down down,
            Rows rows,
            Integer passPage,
            Long passTotal,
            Instant cursor,
            Long behindSeconds,
            Instant lastPoll,
            String lastPollOutcome,
            long lastPollEvents,
            long totalEvents,
            long throttledPolls,
            Instant lastCensus,
            Long rowsKnown,
            Comments comments,
            Reader reader,
            Eta eta) {}

    /**
     * What a backfilling source has left ({@link BackfillEstimate}).
     *
     * @param left      rows (a pass: CODING's page total less the pages read) or issues to read (the comments)
     * @param unit      rows or issues read
     * @param perSecond its recent pace in that unit, null while unknown (the first pages of a pass)
     * @param seconds   about how long that takes at that pace, null while the pace is unknown
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Eta(long left, String unit, Double perSecond, Long seconds) {}

    /**
     * What a project's (or the team's) backfilling sources have left: they run side by side, so the longest of their
     * estimates.
     *
     * @param sources how many of its sources are backfilling
     * @param seconds about how long the longest has left, null while any of them has no pace yet
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Remaining(int sources, Long seconds) {}

    /**
     * A project's figures summed over its sources, or the team's over every source ({@link SourceTotals}).
     *
     * @param team           the project's team; null in the team's total
     * @param project        the project; null in the team's total
     * @param projects       in the team's total, how many projects; null per project
     * @param tables         how many sources
     * @param up             sources whose last poll succeeded
     * @param down           sources whose last poll failed
     * @param notStarted     sources never polled
     * @param phase          the phase of the source least far along (incremental once every table follows changes)
     * @param rows           what was delivered, summed per unit (rows, events, issues read: see {@link Rows})
     * @param totalEvents    what every poll of every source emitted
     * @param behindSeconds  the most any source is behind CODING, null when none is known
     * @param throttledPolls polls that failed on CODING's rate limit
     * @param lastPoll       the latest poll of any source, null never
     * @param deadLetters    the dead letters waiting: per project, those of its events; in the team's total, every
     *                       one (also those of events that named no project)
     * @param backfill       its backfilling sources and about how long the longest has left; null when none backfills
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Totals(
            String team,
            String project,
            Integer projects,
            int tables,
            int up,
            int down,
            int notStarted,
            String phase,
            java.util.Map<String, Long> rows,
            long totalEvents,
            Long behindSeconds,
            long throttledPolls,
            Instant lastPoll,
            Long deadLetters,
            Remaining backfill) {}

    /**
     * Why a source is DOWN.
     *
     * @param problem   the one word status and the health checks use (authentication, permission, throttled...)
     * @param reason    the problem in words, for a person
     * @param message   CODING's (or the sink's) own message
     * @param permanent whether no retry cures it (the table's route stopped)
     */
    record Down(String problem, String reason, String message, boolean permanent) {}

    /**
     * Progress in the table's own unit: rows (a listed table), issues read (the comments backfill) or events emitted
     * (issues: one per row read by a snapshot, one per change after it).
     *
     * @param delivered what was delivered
     * @param total     of how many, null when unknown (no pass under way)
     * @param unit      rows, issues read or events
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rows(long delivered, Long total, String unit) {}

    /** The comments' freshness ({@code CommentFreshness}) as status shows it. */
    record Comments(
            long issues,
            long read,
            long unread,
            double shareReadLastHour,
            double shareReadLastDay,
            double shareReadLastWeek,
            Instant oldestReadAt,
            Instant computedAt,
            double backfillIssuesPerSecond,
            long backfillEtaSeconds,
            double rescanDemandPerMinute,
            double rescanAllowancePerMinute,
            boolean overCapacity) {}

    /**
     * The holder of a source's reader lease.
     *
     * @param holder the node id (process id and a random suffix)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Reader(String holder, long epoch, Instant since, Instant expiresAt, boolean running) {}

    /**
     * The change log: its database and sources, or why it cannot be read now.
     *
     * @param database    its JDBC URL, password masked
     * @param unreadable  why it cannot be read now, null when it could
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChangeLog(String database, String unreadable, List<LogSource> sources) {}

    /** One source of the change log: extent, reader, consumers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LogSource(String source, long head, long tail, long entries, Reader reader, List<Consumer> consumers) {}

    /** A consumer of the log: where it is and how far behind the head. */
    record Consumer(String consumer, long committed, long lag, Instant movedAt) {}

    /**
     * The dead letters waiting for {@code ./coding-sync replay}.
     *
     * @param waiting how many wait, in all
     * @param store   the store they are kept in
     * @param groups  how many wait per project and table ({@code replay --project P --table T} replays one group)
     */
    record DeadLetterCount(long waiting, String store, List<DeadLetterGroup> groups) {}

    /**
     * The dead letters waiting of one project's table.
     *
     * @param project the events' project, null for events that named none
     * @param table   the events' table
     * @param waiting how many wait
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeadLetterGroup(String project, String table, long waiting) {}

    /**
     * The credential's call budget: {@code coding.rate-limit} calls a second, shared by every table of the credential.
     * What is in use is known only to the running process (the page's live figures).
     */
    record CallBudget(double callsPerSecond) {}
}
