package dev.camelcoding.component.polling;

/**
 * A full pass's recent pace, in rows read a second, from the time between its pages: what {@code status} and the
 * progress lines divide the rows left by for an estimate of the time left. Recent, not since the pass began: a pass
 * shares the credential's budget with every other source (a small project's backfill interleaved with a large one's,
 * incremental polls first), so its pace changes as they come and go. Each page's pace weighs {@value #WEIGHT} of the
 * new figure, so a few pages' worth of history smooths the wait of one page behind a burst of other calls.
 */
final class PassPace {

    /** The weight of the last page's pace in the new figure. */
    static final double WEIGHT = 0.3;

    /**
     * The longest time between two pages that is still the pass's pace: a longer one is a stop (the process was down,
     * the source lost its lease), not a pace, and is left out rather than taken as a crawl for the next pages.
     */
    static final long LONGEST_PAGE_MS = 10 * 60 * 1000;

    private PassPace() {}

    /**
     * The pace after a page of {@code rows} rows done at {@code now}, the previous page done at {@code previousAt}
     * (null for the pass's first page) with the pace {@code previous} (null while unknown). Unknown until two pages
     * were timed; a page done at the same millisecond as the previous one, or after a stop, keeps the previous pace.
     */
    static Double next(Double previous, Long previousAt, int rows, long now) {
        if (previousAt == null || rows <= 0) {
            return previous;
        }
        long elapsed = now - previousAt;
        if (elapsed <= 0 || elapsed > LONGEST_PAGE_MS) {
            return previous;
        }
        double pace = rows * 1000.0 / elapsed;
        return previous == null ? pace : previous * (1 - WEIGHT) + pace * WEIGHT;
    }
}
