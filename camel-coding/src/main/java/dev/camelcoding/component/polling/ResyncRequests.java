package dev.camelcoding.component.polling;

import java.util.Optional;

/**
 * The life of a {@link ResyncRequest} in a table's {@link StateStore}: asked by {@code coding-sync resync}, taken by
 * the table's reader at the start of a poll, completed when its pass is. Every step is one write of the record, so a
 * process that stops mid-pass resumes the pass (its phase is saved with the reader's state) and completes the same
 * request.
 */
public final class ResyncRequests {

    private ResyncRequests() {}

    /**
     * Asks for a pass at {@code now}; a request still pending is kept as it is (asking twice before the reader starts
     * makes one pass). Returns the request as stored.
     */
    public static ResyncRequest ask(StateStore store, long now) {
        Optional<ResyncRequest> current = current(store);
        if (current.isPresent() && current.get().pending()) {
            return current.get();
        }
        ResyncRequest asked = ResyncRequest.asked(now);
        store.write(ResyncRequest.NAME, asked);
        return asked;
    }

    /** The request stored for the table, if any was ever made. */
    public static Optional<ResyncRequest> current(StateStore store) {
        return store.read(ResyncRequest.NAME, ResyncRequest.class);
    }

    /** Takes a pending request (saved as taken before the pass starts); false when none is pending. */
    static boolean takeIfPending(StateStore store, long now) {
        Optional<ResyncRequest> current = current(store);
        if (current.isEmpty() || !current.get().pending()) {
            return false;
        }
        store.write(ResyncRequest.NAME, current.get().taken(now));
        return true;
    }

    /** Whether a taken request waits for its pass to complete. */
    static boolean running(StateStore store) {
        return current(store).map(ResyncRequest::running).orElse(false);
    }

    /** Marks the running request done, with what its pass emitted; nothing when none runs. */
    static void complete(StateStore store, long now, long emitted, long deleted) {
        Optional<ResyncRequest> current = current(store);
        if (current.isPresent() && current.get().running()) {
            store.write(ResyncRequest.NAME, current.get().completed(now, emitted, deleted));
        }
    }
}
