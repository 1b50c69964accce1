package dev.camelcoding.component.polling;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What the issue reader ({@link IssueChangeReader}) saves after every page and every hand-over, so a restart resumes
 * where the last run stopped. The JSON field names are the ones the first versions wrote as untyped documents:
 * state saved by those versions loads as it is (an upgrade never restarts a 100,000-issue backfill).
 *
 * @param phase        where the reader stands
 * @param pass         the full pass in progress (snapshot or catch-up), null while incremental
 * @param cursor       CODING's UpdatedAt of the newest change delivered, in CODING's clock; null until the project
 *                     has shown an issue
 * @param seen         the version ({@code updatedAt:hash}) last emitted per issue code, for the rows inside the
 *                     lookback window, which the next incremental poll reads again
 * @param lastCensusAt when (this machine's clock) the key census last ran; null before the first pass ends
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssueReaderState(ReaderPhase phase, Pass pass, Long cursor, Map<Long, String> seen, Long lastCensusAt) {

    /** The state name of the issues table's reader. */
    public static final String ISSUES = "issues";
    /** The state name of the comments table's reader (it reads the comments of changed issues). */
    public static final String COMMENTS = "comments.issues";
    /** No cursor yet (no issue seen), or no lower bound of a catch-up window. */
    public static final long NO_CURSOR = Long.MIN_VALUE;

    public IssueReaderState {
        seen = seen == null ? Map.of() : Map.copyOf(seen);
    }

    /** Whether the reader has finished its snapshot (or catch-up) and reads increments. */
    public boolean incremental() {
        return phase == ReaderPhase.INCREMENTAL;
    }

    /** The cursor, or {@link #NO_CURSOR}. */
    public long cursorOrNone() {
        return cursor == null ? NO_CURSOR : cursor;
    }

    IssueReaderState startingPass(ReaderPhase kind, long windowStart) {
        return new IssueReaderState(kind, Pass.first(windowStart), cursor, seen, lastCensusAt);
    }

    IssueReaderState withPass(Pass newPass) {
        return new IssueReaderState(phase, newPass, cursor, seen, lastCensusAt);
    }

    IssueReaderState withSeen(Map<Long, String> newSeen) {
        return new IssueReaderState(phase, pass, cursor, newSeen, lastCensusAt);
    }

    /** The cursor moved to {@code newCursor}; NO_CURSOR keeps the one there is. */
    IssueReaderState withCursor(long newCursor) {
        return new IssueReaderState(
                phase, pass, newCursor == NO_CURSOR ? cursor : Long.valueOf(newCursor), seen, lastCensusAt);
    }

    IssueReaderState withLastCensusAt(long at) {
        return new IssueReaderState(phase, pass, cursor, seen, at);
    }

    /** The pass ended: incremental from now on, the cursor at {@code newCursor}, a census clock started. */
    IssueReaderState passEnded(long newCursor, long now) {
        Long endCursor = newCursor == NO_CURSOR ? cursor : Long.valueOf(newCursor);
        return new IssueReaderState(
                ReaderPhase.INCREMENTAL,
                null,
                endCursor,
                seen,
                lastCensusAt == null ? Long.valueOf(now) : lastCensusAt);
    }

    /**
     * A full pass over every issue by code: the page it reads next, the last code it handed over, CODING's total at
     * the last page (to notice deletions that shift later rows forward), the window of a catch-up and where the
     * cursor goes when the pass ends. Versions before the cursor was kept in CODING's time also wrote
     * {@code startedAt} (this machine's clock) and no {@code cursorAfter}: such a pass loads, takes its
     * {@code cursorAfter} from CODING before its next page and resumes at its page.
     *
     * @param nextPage    the page read next (1-based)
     * @param lastCode    the last code handed over (0 before the first)
     * @param total       CODING's total count at the last page read, -1 before the first
     * @param windowStart a catch-up's lower bound (UpdatedAt); {@link #NO_CURSOR} for a snapshot, which reads all
     * @param cursorAfter CODING's newest UpdatedAt before the pass read its first page; null until asked
     * @param pageDoneAt  when (the reader's clock, epoch ms) the last page was handed over; null before the first
     * @param rowsPerSecond the pass's recent pace in rows read a second ({@link PassPace}); null until two pages
     *                    were timed. Saved with the pass so that {@code status}, another process, can tell how long
     *                    the backfill has left
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pass(
            int nextPage,
            long lastCode,
            long total,
            long windowStart,
            Long cursorAfter,
            Long pageDoneAt,
            Double rowsPerSecond) {

        static Pass first(long windowStart) {
            return new Pass(1, 0, -1, windowStart, null, null, null);
        }

        Pass withCursorAfter(long newest) {
            return new Pass(nextPage, lastCode, total, windowStart, newest, pageDoneAt, rowsPerSecond);
        }

        Pass withLastCode(long code) {
            return new Pass(nextPage, code, total, windowStart, cursorAfter, pageDoneAt, rowsPerSecond);
        }

        /** Read again from {@code page}, with CODING's new {@code totalCount}. */
        Pass steppedBackTo(int page, long totalCount) {
            return new Pass(page, lastCode, totalCount, windowStart, cursorAfter, pageDoneAt, rowsPerSecond);
        }

        /** A page of {@code rows} rows was read and handed over up to {@code code}, at {@code now} (epoch ms). */
        Pass pageDone(long code, long totalCount, int rows, long now) {
            return new Pass(
                    nextPage + 1,
                    code,
                    totalCount,
                    windowStart,
                    cursorAfter,
                    now,
                    PassPace.next(rowsPerSecond, pageDoneAt, rows, now));
        }
    }
}
