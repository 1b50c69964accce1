package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The schedule and the budget together, once the backfill is done: how often issues are re-read when the rescans
 * spend the allowance they have. Polls run on a simulated clock as the poller runs them (the due issues, then the
 * spare credit, {@code 1 / rate} s a call, the delay after a poll unless the credit asks for one at once). Expected
 * figures come from the allowance ({@code rescanShare x rate}) and the targets, not from the schedule.
 */
class CommentRescanAllowanceTest {

    private static final long T0 = 1_780_000_000_000L;
    private static final long MINUTE = 60_000;
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final double SHARE = 0.5;

    /** One project's issues, all read, and the polls of a comments poller over them. */
    private static final class Run {
        final CommentSchedule schedule = new CommentSchedule(Duration.ofDays(7));
        final CommentBudget budget;
        final double rate;
        final long delay;
        final Map<Long, CommentedIssue> issues = new LinkedHashMap<>();
        /** per issue: the longest time between two reads seen (from the first poll on) */
        final Map<Long, Long> longestGap = new HashMap<>();

        long now = T0;
        long rescans;
        long polls;

        Run(double rate, Duration delay) {
            this.rate = rate;
            this.delay = delay.toMillis();
            this.budget = new CommentBudget(new CommentSettings(0, SHARE, Duration.ofDays(7), delay));
        }

        void add(long code, long activityAt, long readAt) {
            issues.put(code, new CommentedIssue(code, activityAt, activityAt, readAt, Map.of()));
        }

        /** One poll: the due issues, then the spare credit, as CommentsPoller spends a grant. */
        void poll() {
            long pollAt = now;
            CommentBudget.Grant grant = budget.grant(pollAt, rate);
            int limit = Math.min(grant.rescans(), grant.calls());
            List<CommentedIssue> chosen = new ArrayList<>(schedule.dueRescans(issues.values(), pollAt, limit));
            chosen.forEach(this::read);
            long floor = Math.max(CommentsPoller.MIN_REREAD_FLOOR.toMillis(), delay);
            List<CommentedIssue> spare = schedule.spareRescans(issues.values(), pollAt, limit - chosen.size(), floor);
            spare.forEach(this::read);
            int made = chosen.size() + spare.size();
            assertThat(made).as("within the grant").isLessThanOrEqualTo(limit);
            budget.spent(made, made, false);
            rescans += made;
            polls++;
            if (!(grant.rescansCapped() && made == limit && made > 0)) {
                now += delay;
            }
        }

        private void read(CommentedIssue issue) {
            now += Math.round(1000 / rate); // the limiter: one call every 1 / rate s
            CommentedIssue current = issues.get(issue.code());
            longestGap.merge(issue.code(), now - current.readAt(), Math::max);
            issues.put(issue.code(), current.read(now, 0, Map.of()));
        }

        void runFor(Duration duration) {
            long end = now + duration.toMillis();
            while (now < end) {
                poll();
            }
        }

        /** The longest an issue went unread: its longest gap, or its staleness now if that is longer. */
        long longestUnread(long code) {
            return Math.max(
                    longestGap.getOrDefault(code, 0L), now - issues.get(code).readAt());
        }

        /** The rescans the allowance permits over {@code elapsed}, plus the capped carry-over of two periods. */
        long allowance(long elapsed) {
            double period = delay / 1000d / (1 - SHARE);
            return (long) (SHARE * rate * elapsed / 1000d + 2 * SHARE * rate * period);
        }
    }

    /**
     * A 300-issue project: 15 issues active within the week (the simulator's 4.8 %), the rest quiet over the year,
     * all read once, in the order and at the pace of the backfill ({@code 1 / rate} s apart, up to now).
     */
    private static Run smallProject(double rate, Duration delay) {
        Run run = new Run(rate, delay);
        Random random = new Random(300);
        long call = Math.round(1000 / rate);
        for (long code = 1; code <= 300; code++) {
            long activity = code <= 15
                    ? T0 - (long) (random.nextDouble() * 7 * DAY)
                    : T0 - 8 * DAY - (long) (random.nextDouble() * 357 * DAY);
            run.add(code, activity, T0 - (300 - code) * call);
        }
        return run;
    }

    @Test
    void aSmallProjectAtFiveCallsASecondReReadsAnActiveIssueWithinThreeMinutes() {
        Run run = smallProject(5, Duration.ofMinutes(1));
        run.runFor(Duration.ofMinutes(10)); // past the backfill's last poll
        run.longestGap.clear();
        long start = run.now;
        long rescansBefore = run.rescans;
        run.runFor(Duration.ofHours(2));

        for (long active = 1; active <= 15; active++) {
            assertThat(Duration.ofMillis(run.longestUnread(active)))
                    .as("active issue %d", active)
                    .isLessThanOrEqualTo(Duration.ofMinutes(3));
        }
        // half of 5 calls/s re-reads 300 issues about every 2 minutes: the quiet ones too, here
        for (long quiet = 16; quiet <= 300; quiet++) {
            assertThat(Duration.ofMillis(run.longestUnread(quiet)))
                    .as("quiet issue %d", quiet)
                    .isLessThanOrEqualTo(Duration.ofMinutes(5));
        }
        assertThat(run.rescans - rescansBefore).isLessThanOrEqualTo(run.allowance(run.now - start));
        // and the allowance is spent, not left unused: at least 90 % of 2.5 calls/s
        assertThat(run.rescans - rescansBefore).isGreaterThanOrEqualTo((long) (0.9 * SHARE * 5 * 2 * 3600));
    }

    @Test
    void aSmallProjectAtTwoHundredCallsASecondReReadsEveryIssueEveryPollOrTwo() {
        Duration delay = Duration.ofSeconds(5);
        double rate = 200;
        Run run = smallProject(rate, delay);
        run.runFor(Duration.ofMinutes(2));
        run.longestGap.clear();
        long start = run.now;
        long rescansBefore = run.rescans;
        run.runFor(Duration.ofMinutes(30));

        // a poll reads all 300 in 1.5 s; two poll periods are 2 x (5 s + 1.5 s)
        Duration twoPolls = delay.plus(Duration.ofMillis(1500)).multipliedBy(2);
        for (long code = 1; code <= 300; code++) {
            assertThat(Duration.ofMillis(run.longestUnread(code)))
                    .as("issue %d", code)
                    .isLessThanOrEqualTo(twoPolls);
        }
        assertThat(run.rescans - rescansBefore).isLessThanOrEqualTo(run.allowance(run.now - start));
    }

    @Test
    void aLargeProjectStaysWithinItsAllowanceAndReadsTheWeeksActiveIssuesWithinTheHour() {
        // 100,000 issues, 4,800 active within the week (as the simulator's data at 5 calls/s), the rest quiet over
        // the year; each read at a random point of its interval (a steady state)
        Run run = new Run(5, Duration.ofMinutes(1));
        Random random = new Random(100_000);
        for (long code = 1; code <= 100_000; code++) {
            long activity = code <= 4_800
                    ? T0 - (long) (random.nextDouble() * 6 * DAY)
                    : T0 - 8 * DAY - (long) (random.nextDouble() * 357 * DAY);
            long interval = run.schedule.intervalMillis(T0, activity);
            run.add(code, activity, T0 - (long) (random.nextDouble() * interval));
        }
        double demandPerMinute = run.schedule.demandPerSecond(run.issues.values(), T0) * 60;
        assertThat(demandPerMinute)
                .as("the schedule's demand fits the allowance")
                .isLessThan(SHARE * 5 * 60);

        long start = run.now;
        for (int hour = 1; hour <= 3; hour++) {
            run.runFor(Duration.ofHours(1));
            assertThat(run.rescans).as("rescans by hour %d", hour).isLessThanOrEqualTo(run.allowance(run.now - start));
            for (long active = 1; active <= 4_800; active++) {
                assertThat(run.now - run.issues.get(active).readAt())
                        .as("active issue %d after hour %d", active, hour)
                        .isLessThanOrEqualTo(Duration.ofHours(1).toMillis());
            }
        }
        // the spare credit is spent: the allowance, not the schedule's demand (about 110 a minute here)
        assertThat(run.rescans).isGreaterThanOrEqualTo((long) (0.9 * SHARE * 5 * 3 * 3600));
    }
}
