package dev.camelcoding.component.polling;

/**
 * The issue codes a reader knows to exist, which its census compares with CODING's listing to find deleted issues
 * (and issues never seen). Read a range at a time, so the census never holds the project's key set whole: in the
 * store ({@link StoredKnownCodes}, the application's path) or, without a store, in the reader's state
 * ({@link StateKnownCodes}: a bit set, written whole, for a component used on its own).
 */
interface KnownCodes {

    /** The reader handed this issue over: it exists. Kept until {@link #checkpoint} or {@link #save}. */
    void add(long code);

    /** The census found the issue gone. Kept until {@link #checkpoint} or {@link #save}. */
    void remove(long code);

    /** At most {@code limit} known codes above {@code after} and at most {@code upTo}, ascending. */
    long[] between(long after, long upTo, int limit);

    /**
     * A page was handed over: what changed since the last write may be written now, with the reader's state (in the
     * caller's transaction, where there is one). A key set kept whole waits for {@link #save}.
     */
    void checkpoint();

    /** Writes what changed since the last write: the end of a pass, an incremental poll, a census. */
    void save();

    /** The key set of the reader whose state is {@code stateName}: in the store when {@code state} has one. */
    static KnownCodes of(StateStore state, String stateName) {
        return state.store()
                .<KnownCodes>map(store -> new StoredKnownCodes(store, state.prefix() + ":" + stateName))
                .orElseGet(() -> new StateKnownCodes(state, stateName));
    }
}
