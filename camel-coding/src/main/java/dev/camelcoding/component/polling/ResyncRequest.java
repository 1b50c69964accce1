package dev.camelcoding.component.polling;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A request for a new full pass of one table ({@code coding-sync resync}), kept in the table's state store under
 * {@link #NAME} so that it is durable and reaches the process that reads the table, whether it runs now or starts
 * later. The reader takes a pending request at the start of a poll ({@link ResyncRequests#takeIfPending}), and marks
 * it done when the pass is complete; asking again before the reader took it changes nothing (one pass per request).
 *
 * @param requestedAt when it was asked (the asking machine's clock, epoch milliseconds)
 * @param takenAt     when a reader started the pass; null while pending
 * @param doneAt      when the pass was complete; null until then
 * @param rows        rows the pass emitted (when done)
 * @param deleted     rows the pass found gone and emitted as deletes (when done)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResyncRequest(long requestedAt, Long takenAt, Long doneAt, Long rows, Long deleted) {

    /** The state name of the request, under the table's state key prefix. */
    public static final String NAME = "resync";

    /** Asked, and no reader has started its pass yet. */
    public boolean pending() {
        return takenAt == null;
    }

    /** A reader is running its pass. */
    public boolean running() {
        return takenAt != null && doneAt == null;
    }

    public boolean done() {
        return doneAt != null;
    }

    static ResyncRequest asked(long now) {
        return new ResyncRequest(now, null, null, null, null);
    }

    ResyncRequest taken(long now) {
        return new ResyncRequest(requestedAt, now, null, null, null);
    }

    ResyncRequest completed(long now, long emitted, long gone) {
        return new ResyncRequest(requestedAt, takenAt, now, emitted, gone);
    }
}
