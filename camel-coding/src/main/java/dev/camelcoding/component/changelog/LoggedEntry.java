package dev.camelcoding.component.changelog;

import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import java.time.Instant;

/**
 * One entry read back from the log.
 *
 * @param source     the stream it belongs to
 * @param sequence   its position in that stream: contiguous from 1, never reused
 * @param appendedAt when it was appended (the log's clock)
 * @param change     the change as it was appended, rebuilt from the entry's columns (nothing parsed)
 */
public record LoggedEntry(SourceId source, long sequence, Instant appendedAt, CodingChange change) {

    public Op op() {
        return change.op();
    }

    public String keyJson() {
        return change.keyJson();
    }

    public long version() {
        return change.version();
    }
}
