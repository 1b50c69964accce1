package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.IterationStrategy;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.simulator.IterationSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An overwrite pass as a reader of a JSON Lines file or a Kafka topic sees it: only the event bodies, no Camel
 * headers. Every body must say which pass it belongs to, where in the pass it is and how big the pass is, and a
 * table CODING lists as empty must still produce a pass, or the reader would keep every stale row.
 */
class OverwritePassMarkerTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private PollerHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** The bodies the route receives, parsed as a file reader would parse each line. */
    private List<JsonNode> bodies(List<ChangeEvent> events) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (ChangeEvent event : events) {
            bodies.add(mapper.readTree(event.render().body()));
        }
        return bodies;
    }

    private Set<Long> simulatorIterationCodes() {
        return h.simulator.data().iterations().stream()
                .map(i -> (long) i.code())
                .collect(Collectors.toSet());
    }

    @Test
    void everyBodyOfAPassCarriesThePassIdItsPlaceAndThePassSize() throws Exception {
        h = new PollerHarness(b -> b.issues(10).iterations(7));
        h.iterationStrategy = IterationStrategy.overwrite;
        TablePoller poller = h.poller(CodingTable.ITERATIONS);

        poller.poll();
        List<String> headerIds = List.copyOf(h.emitter.passIds);
        List<JsonNode> first = bodies(h.emitter.take());

        int size = h.simulator.data().iterations().size();
        assertThat(first).hasSize(size);
        for (int i = 0; i < size; i++) {
            JsonNode pass = first.get(i).path("source").path("pass");
            assertThat(pass.path("id").asText()).as("pass id of event " + i).isEqualTo(headerIds.get(0));
            assertThat(pass.path("index").asInt()).isEqualTo(i);
            assertThat(pass.path("size").asInt()).isEqualTo(size);
            assertThat(pass.path("first").asBoolean()).isEqualTo(i == 0);
            assertThat(pass.path("last").asBoolean()).isEqualTo(i == size - 1);
        }
        assertThat(first)
                .extracting(b -> b.path("key").path("code").asLong())
                .containsExactlyInAnyOrderElementsOf(simulatorIterationCodes());

        // A reader tells a dropped row from the next complete pass alone: its key is missing there.
        int deleted = h.simulator.data().iterations().get(2).code();
        h.simulator.deleteIteration(deleted);
        poller.poll();
        List<JsonNode> second = bodies(h.emitter.take());
        assertThat(second)
                .hasSize(size - 1)
                .allMatch(b -> b.path("source").path("pass").path("size").asInt() == size - 1);
        assertThat(second.get(0).path("source").path("pass").path("id").asText())
                .isNotEqualTo(
                        first.get(0).path("source").path("pass").path("id").asText());
        assertThat(second).extracting(b -> b.path("key").path("code").asLong()).doesNotContain((long) deleted);
    }

    @Test
    void aPassOverAnEmptyListIsOneMarkerThatSaysTheProjectHasNoRows() throws Exception {
        h = new PollerHarness(b -> b.issues(10).iterations(3));
        h.iterationStrategy = IterationStrategy.overwrite;
        TablePoller poller = h.poller(CodingTable.ITERATIONS);
        poller.poll();
        assertThat(h.emitter.take()).hasSize(3);

        for (IterationSnapshot iteration : List.copyOf(h.simulator.data().iterations())) {
            h.simulator.deleteIteration(iteration.code());
        }
        assertThat(h.simulator.data().iterations()).isEmpty();
        poller.poll();
        List<String> headerIds = List.copyOf(h.emitter.passIds);
        List<JsonNode> bodies = bodies(h.emitter.take());

        assertThat(bodies).hasSize(1);
        JsonNode marker = bodies.get(0);
        assertThat(marker.path("op").asText()).isEqualTo("d");
        assertThat(marker.path("table").asText()).isEqualTo("iterations");
        assertThat(marker.path("key")).isEqualTo(mapper.createObjectNode().put("project", h.simulator.projectName()));
        assertThat(marker.path("after").isNull()).isTrue();
        JsonNode pass = marker.path("source").path("pass");
        assertThat(pass.path("id").asText()).isEqualTo(headerIds.get(0));
        assertThat(pass.path("size").asInt()).isZero();
        assertThat(pass.path("index").asInt()).isZero();
        assertThat(pass.path("first").asBoolean()).isTrue();
        assertThat(pass.path("last").asBoolean()).isTrue();
    }

    /**
     * An overwrite pass saves the rows it handed over, as a diff poll does: status and run's progress count the
     * table's rows from them. Without, the default iterations said no row count, and run printed "iterations:
     * backfill complete, 0 rows" while the change log still held the pass.
     */
    @Test
    void anOverwritePassSavesTheRowsItHandedOver() throws Exception {
        h = new PollerHarness(b -> b.issues(10).iterations(4));
        h.iterationStrategy = IterationStrategy.overwrite;
        TablePoller poller = h.poller(CodingTable.ITERATIONS);
        poller.poll();
        StateStore state = h.stateStore(CodingTable.ITERATIONS);
        assertThat(state.read(ListedRowHashes.NAME, ListedRowHashes.class))
                .hasValueSatisfying(hashes -> assertThat(hashes.rows()).hasSize(4));

        h.simulator.deleteIteration(h.simulator.data().iterations().get(0).code());
        poller.poll();
        assertThat(state.read(ListedRowHashes.NAME, ListedRowHashes.class))
                .hasValueSatisfying(hashes -> assertThat(hashes.rows()).hasSize(3));
    }

    @Test
    void eventsOutsideAPassCarryNoPass() throws Exception {
        h = new PollerHarness(b -> b.issues(10).iterations(3));
        h.iterationStrategy = IterationStrategy.diff;
        h.poller(CodingTable.ITERATIONS).poll();
        h.poller(CodingTable.ISSUES).poll();
        assertThat(bodies(h.emitter.take()))
                .hasSize(13)
                .allMatch(b -> !b.path("source").has("pass"));
    }
}
