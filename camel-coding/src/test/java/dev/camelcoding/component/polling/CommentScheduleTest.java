package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommentScheduleTest {

    private static final long NOW = 1_780_000_000_000L;
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final CommentSchedule schedule = new CommentSchedule(Duration.ofDays(7));

    @Test
    void anIssueCommentedAnHourAgoIsRescannedBeforeOneQuietForAYear() {
        // both read a day ago: the active one is long overdue, the quiet one not due for days
        CommentedIssue active = new CommentedIssue(1, NOW - 30 * DAY, NOW - HOUR, NOW - DAY, Map.of());
        CommentedIssue quiet = new CommentedIssue(2, NOW - 365 * DAY, NOW - 365 * DAY, NOW - DAY, Map.of());
        assertThat(schedule.dueRescans(List.of(quiet, active), NOW, 10)).containsExactly(active);

        // and when both are overdue (within the maximum staleness), the active one still goes first
        CommentedIssue quietOverdue = new CommentedIssue(3, NOW - 30 * DAY, NOW - 30 * DAY, NOW - 3 * DAY, Map.of());
        assertThat(schedule.overdue(quietOverdue, NOW)).isGreaterThan(1);
        assertThat(schedule.dueRescans(List.of(quietOverdue, active), NOW, 1)).containsExactly(active);
    }

    @Test
    void theIntervalGrowsWithQuietTimeUpToTheMaximumStaleness() {
        assertThat(schedule.intervalMillis(NOW, NOW)).isEqualTo(CommentSchedule.MIN_INTERVAL.toMillis());
        assertThat(schedule.intervalMillis(NOW, NOW - 100 * HOUR)).isEqualTo(HOUR / 2);
        assertThat(schedule.intervalMillis(NOW, NOW - 7 * DAY)).isEqualTo(7 * DAY / 200);
        // past a week of quiet, ten times as steep: a day more of quiet adds 72 minutes
        assertThat(schedule.intervalMillis(NOW, NOW - 8 * DAY)).isEqualTo(7 * DAY / 200 + DAY / 20);
        assertThat(schedule.intervalMillis(NOW, NOW - 5 * 365 * DAY)).isEqualTo(7 * DAY);
    }

    @Test
    void anIssuePastTheMaximumStalenessOutranksBusyIssues() {
        CommentedIssue busy =
                new CommentedIssue(1, NOW, NOW - HOUR, NOW - 30 * 60_000, Map.of()); // 30 min unread, 1 min interval
        CommentedIssue stale = new CommentedIssue(2, NOW - 365 * DAY, NOW - 365 * DAY, NOW - 8 * DAY, Map.of());
        assertThat(schedule.dueRescans(List.of(busy, stale), NOW, 1)).containsExactly(stale);
    }

    @Test
    void theBackfillGoesFromTheMostRecentlyUpdatedIssueAndSkipsIssuesRead() {
        CommentedIssue old = new CommentedIssue(1, NOW - 300 * DAY, 0, 0, Map.of());
        CommentedIssue recent = new CommentedIssue(2, NOW - DAY, 0, 0, Map.of());
        CommentedIssue read = new CommentedIssue(3, NOW, 0, NOW, Map.of());
        assertThat(CommentSchedule.backfill(List.of(old, read, recent), 10)).containsExactly(recent, old);
    }
}
