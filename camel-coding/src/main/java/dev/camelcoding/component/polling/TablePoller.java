package dev.camelcoding.component.polling;

/** Reads one table's changes since the last poll and emits them; one implementation per kind of table. */
public interface TablePoller {

    /**
     * Reads and emits what changed, persisting progress as events are accepted.
     *
     * @return the number of events emitted
     */
    int poll() throws Exception;
}
