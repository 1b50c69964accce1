package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.changelog.LoggedEntry;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * An event read back from the change log becomes the same message the event made without a log: the headers, the
 * row property and the dedup key of {@link EventExchanges} (the component's own path from the event, not through the
 * log's streaming reader), for creates, deletes (row in before), webhook events, overwrite passes, rows without
 * updated_at and text that JSON escapes.
 */
class LogExchangesTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final CamelContext camel = new DefaultCamelContext();

    private static ObjectNode key(long code) {
        return F.objectNode().put("project", "web").put("code", code);
    }

    private static ObjectNode row(long code, Long updatedAt, String name) {
        ObjectNode row = key(code).put("name", name);
        if (updatedAt != null) {
            row.put("updated_at", updatedAt);
        }
        row.putObject("assignee").put("id", 7).put("updated_at", 1L); // a nested updated_at is not the row's
        row.putArray("labels").add("a").add("b");
        return row;
    }

    private static List<ChangeEvent> events() {
        ChangeEvent.Source polling = new ChangeEvent.Source("acme", "web", "polling", null, null, true);
        ChangeEvent.Source webhook = new ChangeEvent.Source("acme", "web", "webhook", "ISSUE_UPDATED", "d-123", false);
        return List.of(
                new ChangeEvent(Op.CREATE, "issues", key(1), null, row(1, 1640598932000L, "plain"), polling, 11),
                new ChangeEvent(
                        Op.UPDATE,
                        "issues",
                        key(2),
                        row(2, 5L, "old"),
                        row(2, 6L, "quote \" backslash \\ tab \t 中文 \u2028 emoji \uD83D\uDE00"),
                        webhook,
                        12),
                new ChangeEvent(Op.DELETE, "issues", key(3), row(3, 9L, "gone"), null, webhook, 13),
                new ChangeEvent(Op.UPDATE, "issues", key(4), null, row(4, null, "no updated_at"), polling, 14),
                new ChangeEvent(Op.READ, "iterations", key(5), null, row(5, 77L, "sprint"), polling, 15)
                        .inPass(new ChangeEvent.Pass("pass-1", 2, 3)),
                new ChangeEvent(Op.DELETE, "iterations", F.objectNode().put("project", "web"), null, null, polling, 16)
                        .inPass(new ChangeEvent.Pass("pass-2", 0, 0)));
    }

    @Test
    void aLoggedEventBecomesTheMessageTheEventMadeWithoutALog() {
        long sequence = 0;
        for (ChangeEvent event : events()) {
            Exchange direct = new DefaultExchange(camel);
            EventExchanges.fill(direct, event);
            LoggedEntry entry = new LoggedEntry(
                    new SourceId("acme", "web", event.table()),
                    ++sequence,
                    Instant.now(),
                    event.op(),
                    event.key().toString(),
                    EventExchanges.version(event),
                    direct.getMessage().getBody(String.class));
            Exchange logged = new DefaultExchange(camel);
            LogExchanges.fill(logged, entry);

            Map<String, Object> expected = new TreeMap<>(direct.getMessage().getHeaders());
            expected.put(CodingConstants.SEQUENCE, sequence);
            if (event.source().pass() != null) {
                expected.put(CodingConstants.PASS_ID, event.source().pass().id());
            }
            assertThat(new TreeMap<>(logged.getMessage().getHeaders()))
                    .as("headers of %s", event)
                    .isEqualTo(expected);
            assertThat(logged.getProperty(CodingConstants.ROW))
                    .as("row of %s", event)
                    .isEqualTo(event.render().row());
            assertThat(logged.getMessage().getBody(String.class)).isEqualTo(entry.eventJson());
            if (event.source().pass() != null) {
                assertThat(logged.getProperty(Exchange.BATCH_INDEX))
                        .isEqualTo(event.source().pass().index());
                assertThat(logged.getProperty(Exchange.BATCH_SIZE))
                        .isEqualTo(event.source().pass().size());
                assertThat(logged.getProperty(Exchange.BATCH_COMPLETE))
                        .isEqualTo(event.source().pass().last());
            } else {
                assertThat(logged.getProperty(Exchange.BATCH_SIZE)).isNull();
            }
        }
    }
}
