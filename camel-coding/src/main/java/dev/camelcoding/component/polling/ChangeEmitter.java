package dev.camelcoding.component.polling;

import dev.camelcoding.component.event.ChangeEvent;
import java.util.List;

/**
 * Hands change events to the route, one at a time and synchronously: when {@link #emit} returns, the route has
 * processed the event. When the route fails, {@link #emit} throws, and the poller stops without moving its cursor
 * past the event, so the change is read and delivered again on the next poll.
 */
public interface ChangeEmitter {

    void emit(ChangeEvent event) throws Exception;

    /** Emits events as one batch (Camel's batch index/size/complete properties), all tagged with {@code passId}. */
    void emitBatch(List<ChangeEvent> events, String passId) throws Exception;

    /** Whether the consumer may go on; pollers check it between pages so a stop does not wait for a whole table. */
    boolean isRunAllowed();
}
