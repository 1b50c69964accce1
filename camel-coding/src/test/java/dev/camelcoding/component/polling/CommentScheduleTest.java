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
        CommentedIssue quietOverdue = new CommentedIssue(3, NOW - 30 * DAY, NOW - 30 * DAY, NOW - 6 * DAY, Map.of());
        assertThat(schedule.overdue(quietOverdue, NOW)).isGreaterThan(1);
        assertThat(schedule.dueRescans(List.of(quietOverdue, active), NOW, 1)).containsExactly(active);
    }

    @Test
    void theIntervalGrowsWithQuietTimeUpToTheMaximumStaleness() {
        long minute = 60_000;
        // within the week: quiet time / 12, at least 15 minutes, at most 50
        assertThat(schedule.intervalMillis(NOW, NOW)).isEqualTo(15 * minute);
        assertThat(schedule.intervalMillis(NOW, NOW - 5 * HOUR)).isEqualTo(25 * minute);
        assertThat(schedule.intervalMillis(NOW, NOW - 2 * DAY)).isEqualTo(50 * minute);
        assertThat(schedule.intervalMillis(NOW, NOW - 7 * DAY)).isEqualTo(50 * minute);
        // past the week: an hour, plus a quarter of the further quiet time (a day more adds 6 hours)
        assertThat(schedule.intervalMillis(NOW, NOW - 8 * DAY)).isEqualTo(HOUR + 6 * HOUR);
        assertThat(schedule.intervalMillis(NOW, NOW - 5 * 365 * DAY)).isEqualTo(7 * DAY);
    }

    @Test
    void anIssueActiveWithinTheWeekIsNeverScheduledBeyondTheCap() {
        assertThat(CommentSchedule.ACTIVE_CAP).isLessThan(Duration.ofHours(1));
        for (long quiet = 0; quiet <= 7 * DAY; quiet += 7 * 60_000 + 13) {
            assertThat(schedule.intervalMillis(NOW, NOW - quiet))
                    .as("quiet for %s", Duration.ofMillis(quiet))
                    .isLessThanOrEqualTo(CommentSchedule.ACTIVE_CAP.toMillis())
                    .isGreaterThanOrEqualTo(CommentSchedule.RECENT_FLOOR.toMillis());
        }
        // a maximum staleness shorter than the floor wins: it is the promise
        assertThat(new CommentSchedule(Duration.ofMinutes(5)).intervalMillis(NOW, NOW))
                .isEqualTo(5 * 60_000);
    }

    @Test
    void theDemandIsOneReadPerIntervalSummedOverTheIssues() {
        // 60 issues active now (15 min: 4 reads an hour each) and 600 quiet for years (one read a week each)
        List<CommentedIssue> issues = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            issues.add(new CommentedIssue(i, NOW, NOW, NOW, Map.of()));
        }
        for (int i = 0; i < 600; i++) {
            issues.add(new CommentedIssue(1000 + i, 0, NOW - 900 * DAY, NOW, Map.of()));
        }
        double perHour = 60 * 4 + 600 / (7 * 24d);
        assertThat(schedule.demandPerSecond(issues, NOW) * 3600)
                .isCloseTo(perHour, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void anIssuePastTheMaximumStalenessOutranksBusyIssues() {
        CommentedIssue busy =
                new CommentedIssue(1, NOW, NOW - HOUR, NOW - 30 * 60_000, Map.of()); // 30 min unread, 1 min interval
        CommentedIssue stale = new CommentedIssue(2, NOW - 365 * DAY, NOW - 365 * DAY, NOW - 8 * DAY, Map.of());
        assertThat(schedule.dueRescans(List.of(busy, stale), NOW, 1)).containsExactly(stale);
    }

    @Test
    void spareCreditReadsAheadTheMostStaleIssuesWeightedByActivity() {
        long minute = 60_000;
        // none is due: active an hour ago (15 min interval) unread 10 min; quiet for a year (7 d) unread 2 days;
        // active an hour ago, read 30 s ago (under the one-minute floor)
        CommentedIssue active = new CommentedIssue(1, NOW - 30 * DAY, NOW - HOUR, NOW - 10 * minute, Map.of());
        CommentedIssue quiet = new CommentedIssue(2, NOW - 365 * DAY, NOW - 365 * DAY, NOW - 2 * DAY, Map.of());
        CommentedIssue justRead = new CommentedIssue(3, NOW - 30 * DAY, NOW - HOUR, NOW - 30_000, Map.of());
        CommentedIssue unread = new CommentedIssue(4, NOW, NOW, 0, Map.of()); // the backfill's
        List<CommentedIssue> all = List.of(quiet, justRead, unread, active);
        assertThat(schedule.dueRescans(all, NOW, 10)).isEmpty();

        // 10 / 15 of its interval unread goes before 2 / 7: the staleness weighted by the activity
        assertThat(schedule.spareRescans(all, NOW, 10, minute)).containsExactly(active, quiet);
        assertThat(schedule.spareRescans(all, NOW, 1, minute)).containsExactly(active);
        assertThat(schedule.spareRescans(all, NOW, 0, minute)).isEmpty();
        // the floor is what keeps an issue from being read twice a poll period
        assertThat(schedule.spareRescans(all, NOW, 10, 20_000)).containsExactly(active, quiet, justRead);
    }

    @Test
    void theRankingKeepsTheMostOverdueWhateverTheOrderOfTheIssues() {
        List<CommentedIssue> issues = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            // unread i minutes, all active now (15 min interval): overdue i / 15
            issues.add(new CommentedIssue(i, NOW, NOW, NOW - i * 60_000L, Map.of()));
        }
        java.util.Collections.shuffle(issues, new java.util.Random(7));
        assertThat(schedule.dueRescans(issues, NOW, 3))
                .extracting(CommentedIssue::code)
                .containsExactly(999L, 998L, 997L);
        assertThat(schedule.dueRescans(issues, NOW, 10_000)).hasSize(1_000 - 15);
    }

    @Test
    void theBackfillGoesFromTheMostRecentlyUpdatedIssueAndSkipsIssuesRead() {
        CommentedIssue old = new CommentedIssue(1, NOW - 300 * DAY, 0, 0, Map.of());
        CommentedIssue recent = new CommentedIssue(2, NOW - DAY, 0, 0, Map.of());
        CommentedIssue read = new CommentedIssue(3, NOW, 0, NOW, Map.of());
        assertThat(CommentSchedule.backfill(List.of(old, read, recent), 10)).containsExactly(recent, old);
    }
}
