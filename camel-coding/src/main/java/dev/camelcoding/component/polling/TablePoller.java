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

    /**
     * Whether the last poll only emitted again what the poll before it did: an overwrite pass (iterations by default)
     * re-emits the whole unchanged list on every poll, which is no sign of activity. The idle schedule counts such a
     * poll as idle ({@code IdlePollSchedule#polled(long, int, TablePoller)}), or an unchanged list would be polled at
     * the base delay forever.
     */
    default boolean lastPollRepeated() {
        return false;
    }

    /**
     * The newest change this table has seen, in CODING's time (its UpdatedAt), if the table's rows carry one: the idle
     * schedule starts from it instead of counting the start as a change ({@code IdlePollSchedule#lastChangeKnown}).
     */
    default java.util.OptionalLong newestChange() {
        return java.util.OptionalLong.empty();
    }

    /** The consumer stops: let go of what the poller holds in the component (feeds). */
    default void close() {}
}
