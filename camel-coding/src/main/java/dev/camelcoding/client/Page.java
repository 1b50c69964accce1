package dev.camelcoding.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One page of a CODING listing, as CODING returned it.
 *
 * @param number     1-based number of this page in the listing
 * @param rows       the rows, unknown fields kept
 * @param totalCount the total CODING reported for the whole listing, or -1 when it reported none
 * @param last       whether no page follows this one
 */
public record Page(int number, List<ObjectNode> rows, long totalCount, boolean last) {

    /**
     * The rows in order, each released from this page as it is taken (its place in {@link #rows()} becomes null).
     *
     * <p>Why: a page of 500 issues parsed is a few MB of nodes, and a reader that turns each row into its change and
     * lets it go would otherwise hold the whole page until its last row is done; whatever is held when a young
     * collection runs is copied, and promoted once the survivor space is full. Taken this way, the rows already
     * visited are garbage at once. A page whose list cannot be changed (made by hand, not by the client) gives its rows
     * without releasing them.
     */
    public Iterator<ObjectNode> takeRows() {
        boolean releasable = rows instanceof ArrayList;
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < rows.size();
            }

            @Override
            public ObjectNode next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ObjectNode row = rows.get(next);
                if (releasable) {
                    rows.set(next, null);
                }
                next++;
                return row;
            }
        };
    }
}
