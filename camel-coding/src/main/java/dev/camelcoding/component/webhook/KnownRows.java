package dev.camelcoding.component.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys of the rows a webhook consumer emitted (inserted or updated, not deleted since), so that when CODING's
 * Open API no longer has a delivered row the consumer knows whether to emit its delete (the sink has the row from
 * us) or nothing (we never emitted it: a replayed create of a deleted row, or a delivery for a row CODING never had).
 *
 * <p>In memory and bounded (the least recently emitted keys go first): after a restart, or past the bound, a gone
 * row is answered without a delete, and the sink relies on CODING's own {@code *_DELETED} delivery (or, in hybrid
 * mode, the backstop's census) to remove it.
 */
public final class KnownRows {

    public static final int DEFAULT_MAX_KEYS = 200_000;

    private final Map<String, Boolean> keys;

    public KnownRows() {
        this(DEFAULT_MAX_KEYS);
    }

    public KnownRows(int maxKeys) {
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > maxKeys;
            }
        };
    }

    public synchronized void emitted(ObjectNode key) {
        keys.put(key.toString(), Boolean.TRUE);
    }

    public synchronized void deleted(ObjectNode key) {
        keys.remove(key.toString());
    }

    public synchronized boolean knows(ObjectNode key) {
        return keys.containsKey(key.toString());
    }
}
