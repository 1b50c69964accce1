package dev.camelcoding.client;

import java.util.function.IntFunction;

/**
 * A listing paged by {@code PageNumber}/{@code PageSize} (1-based), as issues, members and projects are. A page is
 * the last when it is short, or when CODING's totals say nothing follows it; an empty page ends the listing.
 */
final class NumberedPageListing extends Listing {

    private final IntFunction<Page> fetchPage;
    private final int firstPage;

    NumberedPageListing(int firstPage, IntFunction<Page> fetchPage) {
        if (firstPage < 1) {
            throw new IllegalArgumentException("page numbers start at 1, got " + firstPage);
        }
        this.firstPage = firstPage;
        this.fetchPage = fetchPage;
    }

    @Override
    protected Page fetchAfter(Page previous) {
        Page page = fetchPage.apply(previous == null ? firstPage : previous.number() + 1);
        return page.rows().isEmpty() && previous != null ? null : page;
    }
}
