package dev.camelcoding.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazily fetched CODING listing: a page is requested only when the previous one has been consumed, so a table of
 * any size streams through in the memory of one page.
 */
public abstract class Listing implements Iterator<Page> {

    private Page next;
    private boolean finished;

    /** Fetches the page after {@code previous} (null for the first), or returns null when the listing is over. */
    protected abstract Page fetchAfter(Page previous);

    private Page previous;

    @Override
    public boolean hasNext() {
        if (next == null && !finished) {
            if (previous != null && previous.last()) {
                finished = true;
            } else {
                next = fetchAfter(previous);
                if (next == null) {
                    finished = true;
                }
            }
        }
        return next != null;
    }

    @Override
    public Page next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the listing has no more pages");
        }
        previous = next;
        next = null;
        return previous;
    }

    /** The pages, fetched one at a time as the stream is consumed. */
    public Stream<Page> pages() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The rows of all pages, fetched one page at a time as the stream is consumed. */
    public Stream<ObjectNode> rows() {
        return pages().flatMap(page -> page.rows().stream());
    }
}
