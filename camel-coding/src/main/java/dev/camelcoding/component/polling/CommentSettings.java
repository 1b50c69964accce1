package dev.camelcoding.component.polling;

import java.time.Duration;

/**
 * How the comments table spends the credential's calls.
 *
 * @param callsPerPoll  the most DescribeIssueCommentList calls one poll makes; 0 = derived from the rate and the
 *                      time since the last poll ({@link CommentBudget})
 * @param rescanShare   the share of the rate (or of an explicit callsPerPoll) rescans may spend (0 to 1)
 * @param maxStaleness  the longest an issue's comments go unread
 * @param pollInterval  the consumer's delay between polls (to derive the budget from the rate)
 */
public record CommentSettings(int callsPerPoll, double rescanShare, Duration maxStaleness, Duration pollInterval) {

    public static final CommentSettings DEFAULTS =
            new CommentSettings(0, 0.5, Duration.ofDays(7), Duration.ofMinutes(1));

    /** The part of {@code budget} rescans may spend: at least one call whenever the share is above 0. */
    int rescanBudget(int budget) {
        return rescanShare <= 0 ? 0 : (int) Math.max(1, Math.floor(budget * rescanShare));
    }
}
