package dev.camelcoding.component.polling;

import java.util.Arrays;

/**
 * The known codes in the reader's state, as the first versions kept them ({@link KnownIssueCodes}, a bit set): the
 * fallback of a component used without a store. Loaded and written whole (125 KB at a million issues), so only at
 * {@link #save}: the end of a pass, an incremental poll that saw a new issue, a census.
 */
final class StateKnownCodes implements KnownCodes {

    private final StateStore state;
    private final String stateName;
    private final KeySet keys;
    private boolean changed;

    StateKnownCodes(StateStore state, String stateName) {
        this.state = state;
        this.stateName = stateName;
        this.keys = state.read(KnownIssueCodes.stateName(stateName), KnownIssueCodes.class)
                .map(KnownIssueCodes::keys)
                .orElseGet(KeySet::empty);
    }

    @Override
    public void add(long code) {
        changed |= keys.add(code);
    }

    @Override
    public void remove(long code) {
        changed |= keys.remove(code);
    }

    @Override
    public long[] between(long after, long upTo, int limit) {
        return Arrays.stream(keys.between(after, upTo)).limit(limit).toArray();
    }

    @Override
    public void checkpoint() {
        // written whole, so only at save()
    }

    @Override
    public void save() {
        if (changed) {
            state.write(KnownIssueCodes.stateName(stateName), KnownIssueCodes.of(keys));
            changed = false;
        }
    }
}
