package dev.camelcoding.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.protocol.IterationOffsetMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pages DescribeIterationList by {@code Offset}/{@code Limit}, correct whichever way CODING reads {@code Offset}.
 *
 * <p>The documentation calls {@code Offset} an offset, yet a client that ran against CODING advanced it by one per
 * page. When the mode is {@link IterationOffsetMode#DETECT} and the first page is full, the second request asks for
 * {@code Offset=1}: read as a row offset, its answer starts with the second row of the first page; read as a page
 * index, it is the second page, whose rows are all new. The answer is used either way (rows already seen are
 * dropped), so detection costs no extra call, and the finding is reported back so later listings skip the probe.
 */
final class IterationListing extends Listing {

    /** Fetches {@code Limit} rows at the given {@code Offset}. */
    interface OffsetFetcher {
        Fetched fetch(int offset);
    }

    record Fetched(List<ObjectNode> rows, long totalRow) {}

    private final OffsetFetcher fetcher;
    private final int limit;
    private final Consumer<IterationOffsetMode> onDetected;
    private IterationOffsetMode mode;
    private int nextOffset;
    private final Set<Long> firstPageCodes = new HashSet<>();

    IterationListing(
            int limit, IterationOffsetMode mode, OffsetFetcher fetcher, Consumer<IterationOffsetMode> onDetected) {
        this.limit = limit;
        // With one row per page both readings name the same rows.
        this.mode = limit == 1 && mode == IterationOffsetMode.DETECT ? IterationOffsetMode.ROW : mode;
        this.fetcher = fetcher;
        this.onDetected = onDetected;
    }

    @Override
    protected Page fetchAfter(Page previous) {
        int number = previous == null ? 1 : previous.number() + 1;
        if (previous == null) {
            Fetched first = fetcher.fetch(0);
            if (mode == IterationOffsetMode.DETECT) {
                first.rows().forEach(row -> firstPageCodes.add(code(row)));
            }
            nextOffset = mode == IterationOffsetMode.PAGE ? 1 : first.rows().size();
            return new Page(number, first.rows(), first.totalRow(), first.rows().size() < limit);
        }
        if (mode == IterationOffsetMode.DETECT) {
            return probe(number);
        }
        Fetched fetched = fetcher.fetch(nextOffset);
        nextOffset += mode == IterationOffsetMode.PAGE ? 1 : fetched.rows().size();
        if (fetched.rows().isEmpty()) {
            return null;
        }
        return new Page(
                number, fetched.rows(), fetched.totalRow(), fetched.rows().size() < limit);
    }

    private Page probe(int number) {
        Fetched probe = fetcher.fetch(1);
        if (probe.rows().isEmpty()) {
            // Under the row reading Offset=1 would repeat the first page's tail: empty means page 2 is empty.
            decide(IterationOffsetMode.PAGE);
            return null;
        }
        boolean rowOffset = firstPageCodes.contains(code(probe.rows().get(0)));
        decide(rowOffset ? IterationOffsetMode.ROW : IterationOffsetMode.PAGE);
        List<ObjectNode> fresh = new ArrayList<>();
        for (ObjectNode row : probe.rows()) {
            if (!firstPageCodes.contains(code(row))) {
                fresh.add(row);
            }
        }
        firstPageCodes.clear();
        nextOffset = rowOffset ? 1 + probe.rows().size() : 2;
        boolean last = probe.rows().size() < limit;
        if (fresh.isEmpty()) {
            return last ? null : fetchAfter(new Page(number - 1, List.of(), probe.totalRow(), false));
        }
        return new Page(number, fresh, probe.totalRow(), last);
    }

    private void decide(IterationOffsetMode detected) {
        mode = detected;
        onDetected.accept(detected);
    }

    private static long code(ObjectNode row) {
        return Json.longValue(row, "Code", Long.MIN_VALUE);
    }
}
