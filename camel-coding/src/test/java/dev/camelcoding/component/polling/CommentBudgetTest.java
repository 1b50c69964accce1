package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The comment budget accrues with clock time, per credential rate; expected figures are worked out by hand. */
class CommentBudgetTest {

    private static final long T0 = 1_780_000_000_000L;
    private static final double RATE = 5;

    private static CommentBudget derived(double share) {
        return new CommentBudget(new CommentSettings(0, share, Duration.ofDays(7), Duration.ofMinutes(1)));
    }

    @Test
    void theFirstPollGetsOneDelaysWorth() {
        CommentBudget.Grant grant = derived(0.4).grant(T0, RATE);
        assertThat(grant.calls()).isEqualTo(300); // 5 calls/s x 60 s
        assertThat(grant.rescans()).isEqualTo(120); // 0.4 of them
    }

    @Test
    void theAllowanceAccruesWithElapsedTimeNotPerPoll() {
        CommentBudget budget = derived(0.4);
        budget.spent(0, 0, false); // nothing to do in a poll changes nothing
        budget.grant(T0, RATE);
        budget.spent(120, 120, false); // the rescans spent all of theirs: 24 s of calls

        // the next poll starts 60 s after that poll ended: 84 s elapsed, 0.4 x 5 x 84 = 168 rescans
        CommentBudget.Grant next = budget.grant(T0 + 84_000, RATE);
        assertThat(next.rescans()).isEqualTo(168);
        budget.spent(168, 168, false);

        // ten polls one second apart give what one poll ten seconds later would: 20 rescans in all
        int rescans = 0;
        for (int i = 1; i <= 10; i++) {
            CommentBudget.Grant g = budget.grant(T0 + 84_000 + i * 1_000L, RATE);
            rescans += g.rescans();
            budget.spent(g.rescans(), g.rescans(), false);
        }
        assertThat(rescans).isEqualTo(20);
    }

    @Test
    void aLongPauseDoesNotBurst() {
        CommentBudget budget = derived(0.4);
        CommentBudget.Grant first = budget.grant(T0, RATE);
        budget.spent(first.calls(), first.rescans(), true);
        long dayLater = T0 + Duration.ofDays(1).toMillis();
        CommentBudget.Grant afterADay = budget.grant(dayLater, RATE);
        // one poll spends at most a delay's worth (300 calls), and says the rest of the credit is waiting
        assertThat(afterADay.calls()).isEqualTo(300);
        assertThat(afterADay.rescans()).isEqualTo(300);
        assertThat(afterADay.rescansCapped()).isTrue();
        budget.spent(300, 300, false);
        // what piled up is two poll periods' worth: the delay stretched by the rescans' calls, 60 s / (1 - 0.4) =
        // 100 s, so 2 x 0.4 x 5 x 100 = 400 rescans in all, whatever the pause
        CommentBudget.Grant next = budget.grant(dayLater, RATE);
        assertThat(next.rescans()).isEqualTo(100);
        assertThat(next.rescansCapped()).isFalse();
    }

    @Test
    void whatTheRescansLeaveGoesToTheBackfillAndIsNotKept() {
        CommentBudget budget = derived(0.4);
        CommentBudget.Grant first = budget.grant(T0, RATE);
        budget.spent(first.calls(), 10, true); // 10 rescans due, the backfill took the other 290 calls
        // a minute later only a minute's allowance: the 110 unused rescans went to the backfill
        assertThat(budget.grant(T0 + 60_000, RATE).rescans()).isEqualTo(120);
    }

    @Test
    void anExplicitCallsPerPollIsAPerPollCap() {
        CommentBudget budget =
                new CommentBudget(new CommentSettings(30, 0.2, Duration.ofDays(7), Duration.ofMinutes(1)));
        for (int i = 0; i < 5; i++) {
            CommentBudget.Grant grant =
                    budget.grant(T0 + i * Duration.ofHours(1).toMillis(), RATE);
            assertThat(grant.calls()).isEqualTo(30);
            assertThat(grant.rescans()).isEqualTo(6);
            budget.spent(30, 6, true);
        }
    }
}
