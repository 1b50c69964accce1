package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.simulator.CodingSimulator;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A page's rows taken one at a time are released from the page as they are taken, so a reader does not hold a page of
 * parsed rows until its last one is done: checked on a page the client read from the simulator (the rows the
 * simulator generated are the independent fact: the same codes, in order, and none kept by the page after).
 */
class PageRowsTest {

    @Test
    void aPageOfTheClientReleasesEachRowAsItIsTaken() {
        try (CodingSimulator sim = CodingSimulator.builder().issues(120).start()) {
            CodingApiClient client = new CodingApiClient(CodingClientOptions.builder()
                    .apiUrl(sim.baseUrl())
                    .credentials(CodingCredentials.personalToken(sim.personalToken()))
                    .requestsPerSecond(10_000)
                    .initialBackoff(Duration.ofMillis(1))
                    .maxBackoff(Duration.ofMillis(10))
                    .build());
            Page page =
                    client.issuePage(new IssueQuery(sim.projectName(), "ALL", 50, "CODE", true, List.of(), true), 1);
            assertThat(page.rows()).hasSize(50);

            List<Long> codes = new ArrayList<>();
            Iterator<ObjectNode> rows = page.takeRows();
            ObjectNode first = rows.next();
            codes.add(first.path("Code").asLong());
            WeakReference<ObjectNode> firstTaken = new WeakReference<>(first);
            first = null;
            assertThat(page.rows().get(0))
                    .as("the page no longer holds the row taken")
                    .isNull();
            assertThat(page.rows().get(1))
                    .as("nor yet releases the rows to come")
                    .isNotNull();
            rows.forEachRemaining(row -> codes.add(row.path("Code").asLong()));

            assertThat(codes).hasSize(50).isSorted().doesNotHaveDuplicates();
            assertThat(codes.get(0)).isEqualTo(1);
            assertThat(page.rows()).hasSize(50).containsOnlyNulls();
            // nothing else of the page (its parsed answer) keeps the row: once dropped, it is collectable
            for (int i = 0; i < 50 && firstTaken.get() != null; i++) {
                System.gc();
            }
            assertThat(firstTaken.get()).as("the first row, collected").isNull();
        }
    }

    @Test
    void aPageWhoseRowsCannotChangeGivesThemAll() {
        ObjectNode row = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("Code", 1);
        Page page = new Page(1, List.of(row), 1, true);
        Iterator<ObjectNode> rows = page.takeRows();
        assertThat(rows.next()).isSameAs(row);
        assertThat(rows.hasNext()).isFalse();
        assertThat(page.rows()).containsExactly(row);
    }
}
