package dev.camelcoding.component.changelog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ChangeLog} that tells {@link AppendSignals} about each append once it has committed, so the consumers of
 * the source in this process read it at once. A failed append signals nothing.
 */
final class SignallingChangeLog implements ChangeLog {

    private final ChangeLog log;
    private final AppendSignals signals;

    SignallingChangeLog(ChangeLog log, AppendSignals signals) {
        this.log = Objects.requireNonNull(log, "log");
        this.signals = Objects.requireNonNull(signals, "signals");
    }

    @Override
    public SequenceRange append(SourceId source, List<NewEntry> entries, Fence fence) {
        SequenceRange appended = log.append(source, entries, fence);
        signals.signal(source);
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
