package dev.camelcoding.component.changelog;

import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.store.CodingStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ChangeLog} that tells {@link AppendSignals} about each append once it has committed, so the consumers of
 * the source in this process read it at once. A failed append signals nothing; an append made inside a caller's
 * transaction signals when that transaction commits.
 */
final class SignallingChangeLog implements ChangeLog {

    private final ChangeLog log;
    private final AppendSignals signals;

    private final CodingStore store;

    SignallingChangeLog(ChangeLog log, AppendSignals signals) {
        this.log = Objects.requireNonNull(log, "log");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.store = log instanceof JdbcChangeLog jdbc ? jdbc.store() : null;
    }

    @Override
    public SequenceRange append(SourceId source, List<CodingChange> entries, Fence fence) {
        SequenceRange appended = log.append(source, entries, fence);
        if (store != null) {
            // inside a reader's checkpoint the append commits with the cursor, later: wake the consumers then
            store.afterCommit(() -> signals.signal(source));
        } else {
            signals.signal(source);
        }
        return appended;
    }

    @Override
    public List<LoggedEntry> read(SourceId source, long afterSequence, int max) {
        return log.read(source, afterSequence, max);
    }

    @Override
    public LogExtent extent(SourceId source) {
        return log.extent(source);
    }

    @Override
    public long lastSequenceBefore(SourceId source, Instant time) {
        return log.lastSequenceBefore(source, time);
    }

    @Override
    public long purgeOlderThan(Instant cutoff) {
        return log.purgeOlderThan(cutoff);
    }
}
