package dev.camelcoding.component.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The typed change renders the documented event text byte for byte as {@link ChangeEvent#toJson()} does (the format
 * Kafka topics and JSON Lines files already hold), and a Camel context converts it to that text and back on its own.
 */
class CodingChangeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MAPPER.readTree(text);
    }

    private static List<ChangeEvent> events() throws Exception {
        ObjectNode key = json("{\"project\":\"web\",\"code\":42}");
        ObjectNode row = json("{\"code\":42,\"title\":\"长 \\\"quoted\\\" \\n line\",\"updated_at\":1700000000123,"
                + "\"custom\":{\"a\":[1,2.5,null,true]}}");
        ObjectNode older = json("{\"code\":42,\"title\":\"before\",\"updated_at\":1700000000000}");
        return List.of(
                new ChangeEvent(
                        Op.UPDATE,
                        "issues",
                        key,
                        null,
                        row,
                        new ChangeEvent.Source("team-a", "web", "polling", null, null, true),
                        1_700_000_000_999L),
                new ChangeEvent(
                        Op.UPDATE,
                        "issues",
                        key,
                        older,
                        row,
                        new ChangeEvent.Source("team-a", "web", "webhook", "ISSUE_UPDATED", "d-1\u0001", false),
                        5L),
                new ChangeEvent(
                        Op.DELETE,
                        "issues",
                        key,
                        older,
                        null,
                        new ChangeEvent.Source("team-a", "web", "webhook", "ISSUE_DELETED", "d-2", false),
                        6L),
                new ChangeEvent(
                        Op.DELETE,
                        "issues",
                        key,
                        null,
                        null,
                        new ChangeEvent.Source("team-a", "web", "reconcile", null, null, false),
                        7L),
                new ChangeEvent(
                                Op.READ,
                                "iterations",
                                json("{\"project\":\"web\",\"code\":3}"),
                                null,
                                json("{\"code\":3,\"name\":\"Sprint 3\"}"),
                                new ChangeEvent.Source("team-a", null, null, null, null, false),
                                8L)
                        .inPass(new ChangeEvent.Pass("pass-1", 2, 3)),
                new ChangeEvent(
                                Op.DELETE,
                                "iterations",
                                json("{\"project\":\"web\"}"),
                                null,
                                null,
                                new ChangeEvent.Source("team-a", "web", "polling", null, null, false),
                                9L)
                        .inPass(new ChangeEvent.Pass("pass-2", 0, 0)));
    }

    @Test
    void rendersTheDocumentedEventByteForByte() throws Exception {
        for (ChangeEvent event : events()) {
            assertThat(CodingChange.of(event).toJson())
                    .as("%s %s", event.op(), event.source().mode())
                    .isEqualTo(event.toJson().toString());
        }
    }

    @Test
    void carriesEveryFactASinkNeedsAsAField() throws Exception {
        CodingChange change = CodingChange.of(events().get(1));
        assertThat(change.keyJson()).isEqualTo("{\"project\":\"web\",\"code\":42}");
        assertThat(change.version()).isEqualTo(1_700_000_000_123L);
        assertThat(change.tsMs()).isEqualTo(5L);
        assertThat(change.project()).isEqualTo("web");
        assertThat(change.eventType()).isEqualTo("ISSUE_UPDATED");
        assertThat(change.delivery()).isEqualTo("d-1\u0001");
        assertThat(change.dedupKey())
                .isEqualTo("issues|" + change.keyJson() + "|u|"
                        + RowHash.versionOf(events().get(1).after()));
        assertThat(CodingChange.of(events().get(2)).version())
                .as("a delete takes its version from the row before")
                .isEqualTo(1_700_000_000_000L);
        assertThat(CodingChange.of(events().get(4)).pass()).isEqualTo(new ChangeEvent.Pass("pass-1", 2, 3));
    }

    @Test
    void aCamelContextConvertsTheChangeToItsTextAndBack() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            for (ChangeEvent event : events()) {
                CodingChange change = CodingChange.of(event);
                String text = camel.getTypeConverter().mandatoryConvertTo(String.class, change);
                assertThat(text).isEqualTo(event.toJson().toString());
                CodingChange back = camel.getTypeConverter().mandatoryConvertTo(CodingChange.class, text);
                assertThat(back.toJson()).isEqualTo(text);
                assertThat(back.dedupKey()).isEqualTo(change.dedupKey());
                assertThat(back.version()).isEqualTo(change.version());
            }
        }
    }
}
