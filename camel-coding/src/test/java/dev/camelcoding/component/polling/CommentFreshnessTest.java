package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backfill's ETA is taken from its measured pace: the budget's share for it (the rate less the rescans' share)
 * is only its floor, since it also gets what the rescans leave, so an ETA from the share was twice the real time.
 */
class CommentFreshnessTest {

    private static List<CommentedIssue> issues(int read, int unread, long now) {
        List<CommentedIssue> issues = new ArrayList<>();
        for (int i = 0; i < read + unread; i++) {
            issues.add(new CommentedIssue(i, now - 1_000, now - 1_000, i < read ? now - 500 : 0, Map.of()));
        }
        return issues;
    }

    @Test
    void theEtaIsTakenFromTheMeasuredPace() {
        long now = 1_000_000_000L;
        // 300 issues left; the share of rate 5 with rescanShare 0.5 is 2.5/s, the backfill measured 5/s (300/min)
        CommentFreshness freshness = CommentFreshness.of(issues(100, 300, now), now, 2.5, 0, 150, 300);
        assertThat(freshness.unread()).isEqualTo(300);
        assertThat(freshness.read()).isEqualTo(100);
        assertThat(freshness.backfillEtaSeconds()).isEqualTo(60);
        assertThat(freshness.backfillReadsPerMinute()).isEqualTo(300);
    }

    @Test
    void beforeAPaceIsMeasuredTheShareIsTheEstimateAndADoneBackfillHasNone() {
        long now = 1_000_000_000L;
        assertThat(CommentFreshness.of(issues(100, 300, now), now, 2.5, 0, 150, 0)
                        .backfillEtaSeconds())
                .isEqualTo(120);
        CommentFreshness done = CommentFreshness.of(issues(400, 0, now), now, 2.5, 0, 150, 300);
        assertThat(done.backfillEtaSeconds()).isZero();
        assertThat(done.backfillReadsPerMinute()).isZero();
    }
}
