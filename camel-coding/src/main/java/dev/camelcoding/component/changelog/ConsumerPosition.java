package dev.camelcoding.component.changelog;

/** Where a consumer stands in a source's log when it asks {@link ConsumerOffsets#position}. */
public sealed interface ConsumerPosition {

    /** The consumer reads on after {@code afterSequence}: every entry after it is still retained. */
    record Resume(long afterSequence) implements ConsumerPosition {}

    /**
     * Retention has purged entries this consumer has not read: its committed sequence is {@code committed} but the
     * oldest retained entry is {@code tail}, so {@code committed + 1 .. tail - 1} are gone. The consumer cannot
     * continue from the log without missing changes; it must take a fresh backfill from CODING (and say so), then
     * {@link ConsumerOffsets#reset} its offset.
     */
    record Purged(long committed, long tail) implements ConsumerPosition {

        /** How many entries this consumer missed. */
        public long missed() {
            return tail - committed - 1;
        }
    }
}
