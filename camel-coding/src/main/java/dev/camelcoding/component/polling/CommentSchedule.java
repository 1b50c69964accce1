package dev.camelcoding.component.polling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * When an issue's comments are read again. CODING's issue list carries no comment count or last-comment time, and a
 * new comment does not move the issue's UpdatedAt, so the only way to see a comment that no delivery announced (an
 * edit, a delete, a comment while webhooks were down) is to read the issue's comments again: one call per issue.
 * The schedule spends those calls where comments happen, in two parts:
 *
 * <ul>
 * <li><b>Active within {@link #ACTIVE_WINDOW}</b> (created, updated or commented within a week): read about every
 * quiet time / 12, at least every {@link #RECENT_FLOOR} and at most {@link #ACTIVE_CAP} apart, so every issue active
 * this week has been read within the last hour (the cap leaves room for the poll period and a queue of due issues).
 * The floor is deliberately not a minute: re-reading the issues of the last hours every minute or so took the
 * budget the week-old ones need (measured: 11,800 re-reads an hour for 4,800 active issues). A new comment reaches
 * the sink in seconds only through webhooks (hybrid mode); polling finds it within these intervals.</li>
 * <li><b>The long tail</b>: from {@link #TAIL_START} past the window, growing by a quarter of the further quiet time
 * ({@link #TAIL_FACTOR}) up to {@code maxStaleness}, so the many quiet issues cost little more than one read each
 * per {@code maxStaleness}.</li>
 * </ul>
 * Overdue issues go in the order of how overdue they are relative to their interval (their expected staleness), so a
 * busy budget serves the active ones first; an issue past {@code maxStaleness} comes before any.
 *
 * <p>The intervals are what the schedule needs, not a gate: rescan credit that the due issues and the backfill leave
 * is spent ahead of the intervals ({@link #spareRescans}), in the same order (most stale relative to the interval,
 * so the most active first). A project whose demand is below the allowance then has every issue read at its interval
 * times demand / allowance, at most once a poll delay: a small project is re-read nearly live, and a large one whose
 * demand is near the allowance keeps the schedule above.
 */
final class CommentSchedule {

    /** The shortest interval, for an issue active minutes ago: webhooks are the real-time path, not rescans. */
    static final Duration RECENT_FLOOR = Duration.ofMinutes(15);
    /**
     * The longest interval within the active window: under an hour by the length of a poll period (60 s delay plus
     * the poll's own calls) and a few polls' queue, so "read within the last hour" holds for the whole week.
     */
    static final Duration ACTIVE_CAP = Duration.ofMinutes(50);
    /** Within the window: a minute of interval per 12 minutes of quiet (15 min after 3 h, the cap after 10 h). */
    static final long QUIET_DIVISOR = 12;
    /** Where the tail starts: issues active within the last week are the ones worth reading hourly. */
    static final Duration ACTIVE_WINDOW = Duration.ofDays(7);
    /** The tail's first interval, just past the window. */
    static final Duration TAIL_START = Duration.ofHours(1);
    /** Past the window, a quarter of the further quiet time: 7 d of interval after about 35 d of quiet. */
    static final long TAIL_DIVISOR = 4;

    private final Duration maxStaleness;

    CommentSchedule(Duration maxStaleness) {
        this.maxStaleness = maxStaleness;
    }

    /**
     * How long an issue quiet since {@code activityAt} may go unread at {@code now}. Whole milliseconds by integer
     * division, so {@link #intervalSql} computes the very same figure in the store.
     */
    long intervalMillis(long now, long activityAt) {
        long quiet = Math.max(0, now - activityAt);
        long window = ACTIVE_WINDOW.toMillis();
        long interval = quiet <= window
                ? Math.min(ACTIVE_CAP.toMillis(), Math.max(RECENT_FLOOR.toMillis(), quiet / QUIET_DIVISOR))
                : TAIL_START.toMillis() + (quiet - window) / TAIL_DIVISOR;
        return Math.max(1, Math.min(maxStaleness.toMillis(), interval));
    }

    /**
     * {@link #intervalMillis} at {@code now} as a SQL expression (BIGINT) over the column {@code activityAt}: the same
     * integer arithmetic, which H2 and PostgreSQL do alike, so the store ranks the issues exactly as this class does.
     * Numbers only are inlined (no text), so the expression needs no parameters.
     */
    String intervalSql(long now, String activityAt) {
        String quiet = "GREATEST(0, " + now + " - " + activityAt + ")";
        long window = ACTIVE_WINDOW.toMillis();
        return "GREATEST(1, LEAST(" + maxStaleness.toMillis() + ", CASE WHEN " + quiet + " <= " + window
                + " THEN LEAST(" + ACTIVE_CAP.toMillis() + ", GREATEST(" + RECENT_FLOOR.toMillis() + ", " + quiet
                + " / " + QUIET_DIVISOR + ")) ELSE " + TAIL_START.toMillis() + " + (" + quiet + " - " + window + ") / "
                + TAIL_DIVISOR + " END))";
    }

    /**
     * {@link #overdue} at {@code now} as a SQL expression (DOUBLE PRECISION) over the columns {@code readAt} and
     * {@code activityAt}, for read issues ({@code readAt > 0}): the same IEEE division and addition as in Java.
     */
    String overdueSql(long now, String readAt, String activityAt) {
        String unread = "CAST(" + now + " - " + readAt + " AS DOUBLE PRECISION)";
        String overdue = unread + " / CAST(" + intervalSql(now, activityAt) + " AS DOUBLE PRECISION)";
        return "CASE WHEN " + now + " - " + readAt + " >= " + maxStaleness.toMillis() + " THEN CAST(" + (long) STALE
                + " AS DOUBLE PRECISION) + " + overdue + " ELSE " + overdue + " END";
    }

    /**
     * The rescan calls per second this schedule needs to keep every interval at {@code now}: the sum over the issues
     * of one read per interval. Unread issues count as they will once the backfill has read them, so the figure is
     * the steady demand the rescan allowance has to meet.
     */
    double demandPerSecond(Iterable<CommentedIssue> issues, long now) {
        double perMillisecond = 0;
        for (CommentedIssue issue : issues) {
            perMillisecond += 1d / intervalMillis(now, issue.activityAt());
        }
        return perMillisecond * 1000;
    }

    /**
     * How overdue an issue is: its time unread over its interval (1 = due now); unread issues are the backfill's. An
     * issue unread for {@code maxStaleness} or more comes before any other, so busy issues cannot starve quiet ones
     * past the promised staleness.
     */
    double overdue(CommentedIssue issue, long now) {
        if (issue.readAt() <= 0) {
            return 0;
        }
        long unread = now - issue.readAt();
        double overdue = (double) unread / intervalMillis(now, issue.activityAt());
        return unread >= maxStaleness.toMillis() ? STALE + overdue : overdue;
    }

    /** Added to the overdue figure of an issue past maxStaleness: it outranks every issue within it. */
    private static final double STALE = 1e9;

    /** The {@code limit} issues most overdue at {@code now}, most overdue first. */
    List<CommentedIssue> dueRescans(Iterable<CommentedIssue> issues, long now, int limit) {
        return mostOverdue(issues, now, limit, 1, Long.MAX_VALUE);
    }

    /**
     * What rescan credit left after the due issues and the backfill buys: the {@code limit} issues read at least
     * {@code minUnreadMillis} ago, most overdue first (time unread over the interval: the most stale weighted by
     * activity), whether due or not. Reading ahead of the interval costs nothing the allowance did not grant, and on
     * a project whose demand is far below the allowance it is what makes the rescans nearly live: in steady state
     * every issue is read at its interval times demand / allowance, never more often than {@code minUnreadMillis}.
     * That minimum (the poll delay) keeps a poll from re-reading what the poll before it has just read.
     */
    List<CommentedIssue> spareRescans(Iterable<CommentedIssue> issues, long now, int limit, long minUnreadMillis) {
        return mostOverdue(issues, now, limit, 0, minUnreadMillis);
    }

    /**
     * The {@code limit} read issues with an overdue figure of at least {@code minOverdue}, unread for at least
     * {@code minUnreadMillis} (when that is not {@code Long.MAX_VALUE}), most overdue first, then by code. A bounded
     * heap: the schedule of 100,000 issues is ranked every poll, so sorting them all would cost more than the calls.
     */
    private List<CommentedIssue> mostOverdue(
            Iterable<CommentedIssue> issues, long now, int limit, double minOverdue, long minUnreadMillis) {
        if (limit <= 0) {
            return List.of();
        }
        Comparator<Candidate> firstToRead = Comparator.comparingDouble(Candidate::overdue)
                .reversed()
                .thenComparingLong(c -> c.issue().code());
        PriorityQueue<Candidate> best = new PriorityQueue<>(firstToRead.reversed());
        for (CommentedIssue issue : issues) {
            if (issue.readAt() <= 0 || (minUnreadMillis != Long.MAX_VALUE && now - issue.readAt() < minUnreadMillis)) {
                continue;
            }
            double overdue = overdue(issue, now);
            if (overdue < minOverdue) {
                continue;
            }
            Candidate candidate = new Candidate(issue, overdue);
            if (best.size() < limit) {
                best.add(candidate);
            } else if (firstToRead.compare(candidate, best.peek()) < 0) {
                best.poll();
                best.add(candidate);
            }
        }
        List<Candidate> chosen = new ArrayList<>(best);
        chosen.sort(firstToRead);
        return chosen.stream().map(Candidate::issue).toList();
    }

    private record Candidate(CommentedIssue issue, double overdue) {}

    /** The backfill: the issues never read, most recently updated first. */
    static List<CommentedIssue> backfill(Iterable<CommentedIssue> issues, int limit) {
        List<CommentedIssue> unread = new ArrayList<>();
        for (CommentedIssue issue : issues) {
            if (issue.readAt() <= 0) {
                unread.add(issue);
            }
        }
        unread.sort(Comparator.comparingLong(CommentedIssue::updatedAt)
                .reversed()
                .thenComparing(Comparator.comparingLong(CommentedIssue::code).reversed()));
        return unread.size() > limit ? unread.subList(0, limit) : unread;
    }
}
