package dev.camelcoding.component.changelog;

import dev.camelcoding.component.event.Op;
import java.util.Objects;

/**
 * One change event handed to {@link ChangeLog#append}: the event JSON as the component wrote it, and the facts a sink
 * needs without parsing it again.
 *
 * @param op        the event's operation
 * @param keyJson   the event's {@code key} object as JSON, e.g. {@code {"project":"web","code":42}}
 * @param version   CODING's {@code UpdatedAt} of the row in epoch milliseconds, or 0 when the row has none (deletes,
 *                  tables without a timestamp); sinks compare it so an older version never overwrites a newer one
 * @param eventJson the whole change event
 */
public record NewEntry(Op op, String keyJson, long version, String eventJson) {

    public NewEntry {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(keyJson, "keyJson");
        Objects.requireNonNull(eventJson, "eventJson");
        if (version < 0) {
            throw new IllegalArgumentException("a version is CODING's UpdatedAt in ms or 0, got " + version);
        }
    }
}
