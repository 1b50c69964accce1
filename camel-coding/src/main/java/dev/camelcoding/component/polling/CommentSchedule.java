package dev.camelcoding.component.polling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When an issue's comments are read again. CODING's issue list carries no comment count or last-comment time, and a
 * new comment does not move the issue's UpdatedAt, so the only way to see a comment that no delivery announced (an
 * edit, a delete, a comment while webhooks were down) is to read the issue's comments again: one call per issue.
 * The schedule spends those calls where comments happen: an issue's interval grows with its quiet time (quiet time ÷ 200 up to a
 * week of quiet, then ten times as steep, at least {@link #MIN_INTERVAL}, at most {@code maxStaleness}), so an issue commented an hour ago is
 * read again within a minute or so while one quiet for a year waits days. Overdue issues go in the order of how
 * overdue they are relative to their interval (their expected staleness), so a busy budget serves the active ones.
 */
final class CommentSchedule {

    /** The shortest interval: a poll a minute cannot read more often anyway. */
    static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
    /** A minute of interval per 200 minutes of quiet: an issue quiet for a week is read again within 51 minutes. */
    static final double QUIET_FACTOR = 1d / 200;
    /** Beyond a week of quiet the interval grows ten times as fast (the long tail is most of the issues). */
    static final double TAIL_FACTOR = 1d / 20;
    /** Where the tail starts: issues active within the last week are the ones worth reading hourly. */
    static final Duration ACTIVE_WINDOW = Duration.ofDays(7);

    private final Duration maxStaleness;

    CommentSchedule(Duration maxStaleness) {
        this.maxStaleness = maxStaleness;
    }

    /** How long an issue quiet since {@code activityAt} may go unread at {@code now}. */
    long intervalMillis(long now, long activityAt) {
        long quiet = Math.max(0, now - activityAt);
        long window = ACTIVE_WINDOW.toMillis();
        long interval = quiet <= window
                ? (long) (quiet * QUIET_FACTOR)
                : (long) (window * QUIET_FACTOR + (quiet - window) * TAIL_FACTOR);
        return Math.min(maxStaleness.toMillis(), Math.max(MIN_INTERVAL.toMillis(), interval));
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
        List<Candidate> due = new ArrayList<>();
        for (CommentedIssue issue : issues) {
            double overdue = overdue(issue, now);
            if (overdue >= 1) {
                due.add(new Candidate(issue, overdue));
            }
        }
        due.sort(Comparator.comparingDouble(Candidate::overdue)
                .reversed()
                .thenComparingLong(c -> c.issue().code()));
        return due.stream().limit(limit).map(Candidate::issue).toList();
    }

    private record Candidate(CommentedIssue issue, double overdue) {}

    /**
     * The rescan calls per second the schedule needs at most: every issue read once per {@code maxStaleness} (the
     * floor the budget must keep; active issues need more, quiet ones fall back to it).
     */
    double floorRate(int issues) {
        return issues / (double) Math.max(1, maxStaleness.toSeconds());
    }

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
