package dev.camelcoding.component.polling;

/**
 * Deletes the comments of a deleted issue at once, one tombstone ({@code op=d}) per comment key the sink may hold:
 * what the comments webhook consumer of a source does when the issues webhook consumer of the same source delivers
 * ISSUE_DELETED. CODING sends no delete per comment, and the comments poller would only find them gone at its next
 * backstop poll (minutes later, or never in webhook-only mode).
 */
@FunctionalInterface
public interface CommentTombstones {

    /**
     * Emits the tombstones of the issue's known comments through the comments route, and returns once the route has
     * processed them (a failure is thrown, so the delivery is answered 500 and CODING delivers it again).
     *
     * @param event      the delivery's event name, for the tombstones' source
     * @param deliveryId the delivery's id, for the tombstones' source
     * @return how many tombstones were emitted
     */
    int issueDeleted(long issueCode, String event, String deliveryId) throws Exception;
}
