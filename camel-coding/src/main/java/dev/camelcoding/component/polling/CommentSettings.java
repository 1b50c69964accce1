package dev.camelcoding.component.polling;

import java.time.Duration;

/**
 * How the comments table spends the credential's calls.
 *
 * @param callsPerPoll  the most DescribeIssueCommentList calls one poll makes; 0 = rate x pollInterval
 * @param rescanShare   the share of those calls rescans may spend (0 to 1)
 * @param maxStaleness  the longest an issue's comments go unread
 * @param pollInterval  the consumer's delay between polls (to derive the budget from the rate)
 */
public record CommentSettings(int callsPerPoll, double rescanShare, Duration maxStaleness, Duration pollInterval) {

    public static final CommentSettings DEFAULTS =
            new CommentSettings(0, 0.2, Duration.ofDays(7), Duration.ofMinutes(1));

    /** The calls one poll may make at {@code requestsPerSecond}: the explicit budget, else one interval's worth. */
    int budget(double requestsPerSecond) {
        if (callsPerPoll > 0) {
            return callsPerPoll;
        }
        return (int) Math.max(
                1, Math.min(Integer.MAX_VALUE, Math.floor(requestsPerSecond * pollInterval.toMillis() / 1000d)));
    }

    /** The part of {@code budget} rescans may spend: at least one call whenever the share is above 0. */
    int rescanBudget(int budget) {
        return rescanShare <= 0 ? 0 : (int) Math.max(1, Math.floor(budget * rescanShare));
    }
}
