package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.event.RowHash;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Gives a change event read back from outside the component the {@code CamelCoding*} headers its {@code coding:}
 * consumer set, taken from the event JSON itself: for events consumed from a Kafka topic used as the change log,
 * whose records do not carry them (camel-kafka's header filter drops every {@code Camel*} header). The routes after it
 * (the pipeline, the sinks) then see exactly what they see behind a {@code coding:} endpoint.
 */
public class EventHeaders implements Processor {

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String body = message.getBody(String.class);
        if (body == null) {
            throw new IllegalArgumentException("a change event is JSON text; this message has no body");
        }
        JsonNode event = mapper.readTree(body);
        JsonNode source = event.path("source");
        String table = event.path("table").asText();
        String op = event.path("op").asText();
        JsonNode row = event.path("after").isObject() ? event.path("after") : event.path("before");
        message.setHeader(CodingConstants.TABLE, table);
        message.setHeader(CodingConstants.OP, op);
        message.setHeader(CodingConstants.KEY, event.path("key").toString());
        message.setHeader(CodingConstants.SOURCE_MODE, source.path("mode").asText());
        message.setHeader(CodingConstants.VERSION, row.path("updated_at").asLong(0));
        message.setHeader(CodingConstants.TS_MS, event.path("ts_ms").asLong(0));
        // the dedup key as the consumer made it: table|key|op|version, the version from the row's compact JSON
        String version = row.isObject() ? RowHash.versionOf(row) : "-";
        message.setHeader(CodingConstants.DEDUP_KEY, table + "|" + event.path("key") + "|" + op + "|" + version);
        optional(message, CodingConstants.PROJECT, source.path("project"));
        optional(message, CodingConstants.EVENT_TYPE, source.path("event"));
        optional(message, CodingConstants.DELIVERY_ID, source.path("delivery"));
        optional(message, CodingConstants.PASS_ID, source.path("pass").path("id"));
    }

    private static void optional(Message message, String header, JsonNode value) {
        if (value.isTextual()) {
            message.setHeader(header, value.asText());
        }
    }
}
