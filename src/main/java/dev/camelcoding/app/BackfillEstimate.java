package dev.camelcoding.app;

import dev.camelcoding.component.polling.CommentFreshness;
import dev.camelcoding.component.status.SyncPhase;
import dev.camelcoding.component.status.TableStatus;
import java.util.List;
import java.util.Optional;

/**
 * How long a backfilling source has left, from what its state says (so {@code status}, another process, and the
 * running sync's progress lines agree): the rows its pass has left of CODING's page total, at the pass's recent pace
 * ({@code TableStatus.passRowsPerSecond}); for the comments backfill, the issues left to read at its pace over the
 * minute before its last save. No estimate while the pace is unknown (the first pages of a pass): a guess from the
 * budget would be wrong whenever other sources share it.
 */
final class BackfillEstimate {

    private BackfillEstimate() {}

    /** The estimate of a source, empty when it is not backfilling (caught up, a listed table, not started). */
    static Optional<StatusReport.Eta> of(TableStatus table, int pageSize) {
        if (table.comments().isPresent()) {
            CommentFreshness f = table.comments().get();
            if (f.unread() <= 0 || table.phase() == SyncPhase.INCREMENTAL) {
                return Optional.empty();
            }
            return Optional.of(eta(f.unread(), "issues read", f.backfillReadsPerMinute() / 60));
        }
        if (!passUnderWay(table)
                || table.passTotal().isEmpty()
                || table.passPage().isEmpty()
                || pageSize <= 0) {
            return Optional.empty();
        }
        long total = table.passTotal().getAsLong();
        long read = Math.min(total, Math.max(0, table.passPage().getAsInt() - 1L) * pageSize);
        return Optional.of(eta(total - read, "rows", table.passRowsPerSecond().orElse(0)));
    }

    /**
     * A group's estimate (a project's sources, or the team's): the longest of its backfilling sources', since they
     * run side by side; empty when none is backfilling. Its seconds are unknown while any backfilling source's are
     * (that one may be the longest).
     */
    static Optional<StatusReport.Remaining> longest(List<StatusReport.Eta> backfilling) {
        if (backfilling.isEmpty()) {
            return Optional.empty();
        }
        Long longest = 0L;
        for (StatusReport.Eta eta : backfilling) {
            if (eta.seconds() == null) {
                longest = null;
                break;
            }
            longest = Math.max(longest, eta.seconds());
        }
        return Optional.of(new StatusReport.Remaining(backfilling.size(), longest));
    }

    /** {@code about 12 min left}, or {@code time left unknown (no pace yet)} without an estimate. */
    static String words(Long seconds) {
        if (seconds == null) {
            return "time left unknown (no pace yet)";
        }
        if (seconds <= 0) {
            return "about done";
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 120) {
            return "about " + minutes + " min left";
        }
        return "about " + Durations.readable(java.time.Duration.ofMinutes(minutes)) + " left";
    }

    private static boolean passUnderWay(TableStatus table) {
        return table.phase() == SyncPhase.SNAPSHOT
                || table.phase() == SyncPhase.CATCH_UP
                || table.phase() == SyncPhase.RESYNC
                || table.phase() == SyncPhase.BACKFILL;
    }

    private static StatusReport.Eta eta(long left, String unit, double perSecond) {
        Long seconds = perSecond > 0 ? (long) Math.ceil(left / perSecond) : null;
        return new StatusReport.Eta(left, unit, perSecond > 0 ? perSecond : null, seconds);
    }
}
