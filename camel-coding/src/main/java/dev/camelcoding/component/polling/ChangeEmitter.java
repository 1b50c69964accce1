package dev.camelcoding.component.polling;

import dev.camelcoding.component.event.ChangeEvent;
import java.util.List;

/**
 * Hands change events to the route. An emitter may hand each event over at once (batch size 1) or buffer them and
 * hand them over in batches; either way an event counts as delivered only once the route completed the exchange
 * that carried it without an exception.
 *
 * <p><b>The page-boundary contract.</b> A poller must never persist state (a cursor, a page number, a key set, the
 * versions it has seen) that covers an event still buffered: it calls {@link #flush()} first, for which
 * {@link PollContext#checkpoint} exists (flush, then save). Between checkpoints a poller may treat an event as
 * delivered only while {@link #pending()} is 0. When a hand-over fails, {@link #emit} or {@link #flush()} throws, the
 * buffered events are dropped (they are read again from CODING on the next poll) and the poller must not save
 * anything past the last successful checkpoint. A crash between a flush and its save repeats at most that batch.
 */
public interface ChangeEmitter {

    /** Hands the event over, or buffers it until {@link #flush()}; throws when a hand-over fails. */
    void emit(ChangeEvent event) throws Exception;

    /** Hands over every buffered event (in batches); returns once the route has completed them, else throws. */
    void flush() throws Exception;

    /** Events emitted but not handed over yet; always 0 for an emitter that delivers each event at once. */
    int pending();

    /** Whether a poller that can checkpoint mid-page should do so now (the buffer holds a full batch). */
    boolean batchFull();

    /**
     * Emits an overwrite pass: every event is tagged with {@code passId}. With batch size 1 each event is its own
     * exchange (Camel's batch index/size/complete properties mark its place); otherwise batch exchanges. Anything
     * buffered before is flushed first.
     */
    void emitBatch(List<ChangeEvent> events, String passId) throws Exception;

    /** Whether the consumer may go on; pollers check it between pages so a stop does not wait for a whole table. */
    boolean isRunAllowed();
}
