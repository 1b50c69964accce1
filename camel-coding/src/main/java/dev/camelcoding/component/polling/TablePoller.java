package dev.camelcoding.component.polling;

/** Reads one table's changes since the last poll and emits them; one implementation per kind of table. */
public interface TablePoller {

    /**
     * Reads and emits what changed, persisting progress as events are accepted.
     *
     * @return the number of events emitted
     */
    int poll() throws Exception;

    /**
     * Whether the poller has work left that its budget stopped (the comments backfill): the consumer polls again at
     * once instead of waiting for the next interval.
     */
    default boolean moreWork() {
        return false;
    }

    /** The consumer stops: let go of what the poller holds in the component (feeds). */
    default void close() {}
}
