package dev.camelcoding.component.polling;

/**
 * How many DescribeIssueCommentList calls the next poll may make, and how many of them rescans may spend.
 *
 * <p>By default the allowance accrues with <b>clock time</b>, not per poll: a poll's own calls take time (120 calls at
 * 5 calls/s are 24 s) and the consumer's delay starts after them, so a budget of "share x rate x delay" per poll
 * gave rescans only 78 calls a minute of a 0.35 share's 105 (measured). Here the calls accrue at {@code rate} per
 * second and the rescans at {@code rescanShare x rate} per second of time elapsed since the previous poll, as two
 * token buckets. Each is capped at {@link #BURST_PERIODS} poll periods' worth, so a long pause (a stop, a slow sink)
 * does not turn into a burst; a poll period is the delay stretched by the rescans' own calls
 * ({@code delay / (1 - share)}), so a saturated share still gets all of its allowance. One poll spends at most one
 * delay's worth; the rest of the credit goes to polls that follow at once.
 *
 * <p>What the due rescans leave unused goes to the backfill in the same poll, and then is not kept for later: the
 * backfill has spent it. Once the backfill is done, the poller spends what is left on rescans ahead of their interval
 * ({@link CommentSchedule#spareRescans}), within the same grant: the allowance is spent, never exceeded. With an explicit {@code commentCallsPerPoll} the budget is that many calls a poll and
 * {@code rescanShare} of them, as configured, whatever the time.
 */
final class CommentBudget {

    /** How many poll periods of allowance may pile up unused. */
    static final int BURST_PERIODS = 2;
    /** The share used to stretch the poll period: beyond it the period would grow without bound. */
    private static final double MAX_STRETCH_SHARE = 0.9;

    /**
     * What one poll may spend.
     *
     * @param rescansCapped whether the rescan credit is more than this poll may spend (then a poll whose rescans
     *                      took all of theirs asks to follow at once)
     */
    record Grant(int calls, int rescans, boolean rescansCapped) {}

    private final CommentSettings settings;
    private long lastPollAt = Long.MIN_VALUE;
    private double calls;
    private double rescans;

    CommentBudget(CommentSettings settings) {
        this.settings = settings;
    }

    /** The grant of a poll starting at {@code now} (epoch ms) on a credential of {@code rate} calls/s. */
    Grant grant(long now, double rate) {
        if (settings.callsPerPoll() > 0) {
            int perPoll = settings.callsPerPoll();
            return new Grant(perPoll, Math.min(perPoll, settings.rescanBudget(perPoll)), false);
        }
        double delay = settings.pollInterval().toMillis() / 1000d;
        // the first poll (after a start) gets one delay's worth, as if the previous poll had just ended
        double elapsed = lastPollAt == Long.MIN_VALUE ? delay : Math.max(0, now - lastPollAt) / 1000d;
        lastPollAt = Math.max(lastPollAt, now);
        double period = delay / (1 - Math.min(MAX_STRETCH_SHARE, settings.rescanShare()));
        calls = Math.min(BURST_PERIODS * rate * period, calls + rate * elapsed);
        rescans = Math.min(
                BURST_PERIODS * settings.rescanShare() * rate * period,
                rescans + settings.rescanShare() * rate * elapsed);
        // one poll spends at most one delay's worth (its calls take about the delay), so polls stay short and the
        // issues poll and a stop get their turn; a larger credit is spent by polls that follow at once
        double perPoll = Math.max(1, Math.floor(rate * delay));
        int callGrant = (int) Math.min(perPoll, Math.floor(calls));
        int rescanGrant = (int) Math.min(callGrant, Math.floor(rescans));
        return new Grant(callGrant, rescanGrant, Math.floor(rescans) > rescanGrant);
    }

    /**
     * What the poll spent: {@code made} calls in all, {@code rescansMade} of them rescans; {@code backfilled}
     * whether the backfill read anything (then it had what the rescans left, and none of it is kept).
     */
    void spent(int made, int rescansMade, boolean backfilled) {
        if (settings.callsPerPoll() > 0) {
            return;
        }
        calls = Math.max(0, calls - made);
        rescans = backfilled ? 0 : Math.max(0, rescans - rescansMade);
    }

    /** The rescan calls per second this budget allows at {@code rate} (an explicit budget: per delay). */
    double rescanRate(double rate) {
        if (settings.callsPerPoll() > 0) {
            return settings.rescanBudget(settings.callsPerPoll()) / delaySeconds();
        }
        return settings.rescanShare() * rate;
    }

    /** The calls per second left to the backfill when the rescans spend all of theirs. */
    double backfillRate(double rate) {
        if (settings.callsPerPoll() > 0) {
            return (settings.callsPerPoll() - settings.rescanBudget(settings.callsPerPoll())) / delaySeconds();
        }
        return rate * (1 - settings.rescanShare());
    }

    private double delaySeconds() {
        return Math.max(1d, settings.pollInterval().toMillis() / 1000d);
    }
}
