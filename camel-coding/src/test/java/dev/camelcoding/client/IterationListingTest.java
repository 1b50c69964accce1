package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.protocol.IterationOffsetMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The iteration pager returns every row exactly once whether CODING reads Offset as a row offset or as a page index,
 * and whichever reading it was told or detected.
 */
class IterationListingTest {

    /** A fake DescribeIterationList over {@code total} iterations that reads Offset one way. */
    private static final class FakeIterations implements IterationListing.OffsetFetcher {
        final int total;
        final int limit;
        final boolean pageIndex;
        final List<Integer> offsetsAsked = new ArrayList<>();

        FakeIterations(int total, int limit, boolean pageIndex) {
            this.total = total;
            this.limit = limit;
            this.pageIndex = pageIndex;
        }

        @Override
        public IterationListing.Fetched fetch(int offset) {
            offsetsAsked.add(offset);
            int from = pageIndex ? offset * limit : offset;
            List<ObjectNode> rows = IntStream.range(Math.min(from, total), Math.min(from + limit, total))
                    .mapToObj(i -> JsonNodeFactory.instance
                            .objectNode()
                            .put("Code", 100 + i)
                            .put("Name", "it " + i))
                    .toList();
            return new IterationListing.Fetched(rows, total);
        }
    }

    @ParameterizedTest(name = "{0} rows, limit {1}, page-index server {2}, client mode {3}")
    @CsvSource({
        "0, 20, false, DETECT",
        "0, 20, true, DETECT",
        "1, 20, false, DETECT",
        "1, 20, true, DETECT",
        "20, 20, false, DETECT",
        "20, 20, true, DETECT",
        "21, 20, false, DETECT",
        "21, 20, true, DETECT",
        "67, 20, false, DETECT",
        "67, 20, true, DETECT",
        "500, 500, false, DETECT",
        "501, 500, true, DETECT",
        "501, 500, false, DETECT",
        "7, 1, false, DETECT",
        "7, 1, true, DETECT",
        "45, 20, false, ROW",
        "45, 20, true, PAGE"
    })
    void everyRowExactlyOnce(int total, int limit, boolean pageIndexServer, IterationOffsetMode mode) {
        FakeIterations server = new FakeIterations(total, limit, pageIndexServer);
        AtomicReference<IterationOffsetMode> detected = new AtomicReference<>();

        List<Long> codes = new IterationListing(limit, mode, server, detected::set)
                .rows()
                .map(row -> row.get("Code").asLong())
                .toList();

        assertThat(codes)
                .containsExactlyElementsOf(
                        IntStream.range(0, total).mapToObj(i -> 100L + i).toList());
        if (mode == IterationOffsetMode.DETECT && total > limit && limit > 1) {
            assertThat(detected.get()).isEqualTo(pageIndexServer ? IterationOffsetMode.PAGE : IterationOffsetMode.ROW);
        }
        // Detection costs no call beyond what paging needs: at most one request per page plus the closing one.
        int pages = total / limit + 1;
        assertThat(server.offsetsAsked.size()).isLessThanOrEqualTo(pages + 1);
    }
}
