package dev.camelcoding.component.changelog;

import java.util.Objects;
import javax.sql.DataSource;

/**
 * The change log entries one exchange carries, and whose offset they move: set by {@link CodingLogConsumer} on every
 * exchange it hands over, as the exchange property {@link dev.camelcoding.component.CodingConstants#LOG_POSITION}. A
 * sink whose database is the store's reads it to commit {@code consumer}'s offset to {@code lastSequence} in its own
 * transaction ({@link SinkTransactionOffsets}), so the rows and the offset are durable together or not at all.
 *
 * @param consumer      the consumer's name (its offset's row in {@code CODING_LOG_OFFSET})
 * @param source        the log the entries belong to
 * @param firstSequence the first entry's sequence
 * @param lastSequence  the last entry's sequence: the offset once the exchange is processed
 * @param store         the store the log and the offset live in (compared by identity with what a sink knows)
 */
public record LogPosition(String consumer, SourceId source, long firstSequence, long lastSequence, DataSource store) {

    public LogPosition {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(store, "store");
        if (firstSequence < 1 || lastSequence < firstSequence) {
            throw new IllegalArgumentException(
                    "a log position covers sequences from 1, got " + firstSequence + ".." + lastSequence);
        }
    }

    /** How many entries the exchange carries. */
    public long entries() {
        return lastSequence - firstSequence + 1;
    }

    @Override
    public String toString() {
        return "consumer '" + consumer + "' on " + source + " entries " + firstSequence + ".." + lastSequence;
    }
}
