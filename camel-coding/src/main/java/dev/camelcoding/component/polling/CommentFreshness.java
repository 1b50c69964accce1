package dev.camelcoding.component.polling;

import java.time.Duration;

/**
 * How fresh the comments table is, as {@code status} and the metrics show it (stored as {@value #STATE}).
 *
 * @param issues            the issues known
 * @param readLastHour      of those, how many had their comments read within the last hour
 * @param readLastDay       ... within the last day
 * @param readLastWeek      ... within the last week
 * @param unread            issues whose comments the backfill has still to read
 * @param oldestReadAt      the oldest read among the issues read (epoch ms; 0 when none)
 * @param backfillEtaSeconds the estimated time for the backfill to finish (0 when done): at the pace it went over the
 *                           last minute, or, before it has one, at the budget's share for it
 * @param computedAt        when these figures were taken (epoch ms)
 * @param rescanDemandPerMinute    the rescan calls a minute the schedule needs to keep every issue's interval (one
 *                                 read per interval, summed over the issues, unread ones as they will be)
 * @param rescanAllowancePerMinute the rescan calls a minute the budget allows ({@code rescanShare x rateLimit});
 *                                 below the demand, issues are read later than their interval
 * @param backfillReadsPerMinute   the backfill's current pace: issues read for the first time over the last minute
 *                                 (0 before it has read any in this run, and once it is done)
 */
public record CommentFreshness(
        long issues,
        long readLastHour,
        long readLastDay,
        long readLastWeek,
        long unread,
        long oldestReadAt,
        long backfillEtaSeconds,
        long computedAt,
        double rescanDemandPerMinute,
        double rescanAllowancePerMinute,
        double backfillReadsPerMinute) {

    public static final String STATE = "comments.freshness";

    /**
     * How many issues were read when: the part of the figures the index gives (a count over the issues, or one
     * aggregate query over the store's table).
     */
    record Reads(long issues, long readLastHour, long readLastDay, long readLastWeek, long unread, long oldestReadAt) {

        static final long HOUR = Duration.ofHours(1).toMillis();
        static final long DAY = Duration.ofDays(1).toMillis();
        static final long WEEK = Duration.ofDays(7).toMillis();

        static Reads of(Iterable<CommentedIssue> all, long now) {
            long issues = 0;
            long hour = 0;
            long day = 0;
            long week = 0;
            long unread = 0;
            long oldest = 0;
            for (CommentedIssue issue : all) {
                issues++;
                long read = issue.readAt();
                if (read <= 0) {
                    unread++;
                    continue;
                }
                long age = now - read;
                hour += age <= HOUR ? 1 : 0;
                day += age <= DAY ? 1 : 0;
                week += age <= WEEK ? 1 : 0;
                oldest = oldest == 0 ? read : Math.min(oldest, read);
            }
            return new Reads(issues, hour, day, week, unread, oldest);
        }
    }

    static CommentFreshness of(
            Iterable<CommentedIssue> all,
            long now,
            double backfillCallsPerSecond,
            double rescanDemandPerMinute,
            double rescanAllowancePerMinute,
            double backfillReadsPerMinute) {
        return of(
                Reads.of(all, now),
                now,
                backfillCallsPerSecond,
                rescanDemandPerMinute,
                rescanAllowancePerMinute,
                backfillReadsPerMinute);
    }

    static CommentFreshness of(
            Reads reads,
            long now,
            double backfillCallsPerSecond,
            double rescanDemandPerMinute,
            double rescanAllowancePerMinute,
            double backfillReadsPerMinute) {
        long unread = reads.unread();
        // the pace measured over the last minute: the budget's share for the backfill is a floor, not its pace (it
        // also gets what the rescans leave, so an ETA from the share was twice the real time)
        double perSecond = backfillReadsPerMinute > 0 ? backfillReadsPerMinute / 60 : backfillCallsPerSecond;
        long eta = unread == 0 ? 0 : (long) Math.ceil(unread / Math.max(1e-6, perSecond));
        return new CommentFreshness(
                reads.issues(),
                reads.readLastHour(),
                reads.readLastDay(),
                reads.readLastWeek(),
                unread,
                reads.oldestReadAt(),
                eta,
                now,
                rescanDemandPerMinute,
                rescanAllowancePerMinute,
                unread == 0 ? 0 : backfillReadsPerMinute);
    }

    /** Whether the schedule needs more rescans than the budget allows (then raise commentRescanShare). */
    public boolean overCapacity() {
        return rescanDemandPerMinute > rescanAllowancePerMinute;
    }

    /** Issues whose comments were read at least once: the backfill's done, out of {@link #issues()}. */
    public long read() {
        return issues - unread;
    }

    /** A share of the issues known, 0 to 1 (1 when none is known: nothing is stale). */
    public double share(long count) {
        return issues == 0 ? 1 : (double) count / issues;
    }
}
