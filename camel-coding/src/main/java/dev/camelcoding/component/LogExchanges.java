package dev.camelcoding.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.changelog.LoggedEntry;
import dev.camelcoding.component.event.RowHash;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RuntimeCamelException;

/**
 * How a change log entry becomes a Camel message: the event JSON as the reader appended it, with the same
 * {@code CamelCoding*} headers (and, for an overwrite pass, the same batch properties) a consumer without a log sets,
 * plus the entry's {@link CodingConstants#SEQUENCE}. The log keeps op, key and version in columns; the rest comes
 * from the event itself, parsed once here. The row (after, else before) is serialised once from that parse and set as
 * {@link CodingConstants#ROW}, as a consumer without a log does, so the JDBC sink does not parse every body again.
 */
final class LogExchanges {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LogExchanges() {
    }

    static void fill(Exchange exchange, LoggedEntry entry) {
        JsonNode event;
        try {
            event = MAPPER.readTree(entry.eventJson());
        } catch (IOException e) {
            throw new RuntimeCamelException("change log entry " + entry.sequence() + " of " + entry.source()
                    + " is not JSON", e);
        }
        JsonNode source = event.path("source");
        JsonNode row = event.path("after").isObject() ? event.path("after") : event.path("before");
        String rowJson = row.isObject() ? row.toString() : null;
        Message message = exchange.getMessage();
        if (rowJson != null) {
            // a property, not a header, as EventExchanges sets it: it stays inside this process
            exchange.setProperty(CodingConstants.ROW, rowJson);
            // the parsed row too, so the JDBC sink binds its typed columns without parsing it again
            exchange.setProperty(CodingConstants.ROW_NODE, row);
        }
        message.setBody(entry.eventJson());
        message.setHeader(CodingConstants.TABLE, entry.source().table());
        message.setHeader(CodingConstants.OP, entry.op().code());
        message.setHeader(CodingConstants.KEY, entry.keyJson());
        message.setHeader(CodingConstants.DEDUP_KEY, dedupKey(entry, event, row, rowJson));
        message.setHeader(CodingConstants.SOURCE_MODE, source.path("mode").asText(null));
        message.setHeader(CodingConstants.VERSION, entry.version());
        message.setHeader(CodingConstants.TS_MS, event.path("ts_ms").asLong());
        message.setHeader(CodingConstants.SEQUENCE, entry.sequence());
        setIfPresent(message, CodingConstants.PROJECT, source.path("project"));
        setIfPresent(message, CodingConstants.EVENT_TYPE, source.path("event"));
        setIfPresent(message, CodingConstants.DELIVERY_ID, source.path("delivery"));
        JsonNode pass = source.path("pass");
        if (pass.isObject()) {
            // the overwrite pass's boundaries travel in the event, so the sink sees the same batch as without a log
            message.setHeader(CodingConstants.PASS_ID, pass.path("id").asText());
            exchange.setProperty(Exchange.BATCH_INDEX, pass.path("index").asInt());
            exchange.setProperty(Exchange.BATCH_SIZE, pass.path("size").asInt());
            exchange.setProperty(Exchange.BATCH_COMPLETE, pass.path("last").asBoolean());
        }
    }

    /** As {@link dev.camelcoding.component.event.ChangeEvent#render()} computes it: table, key, op and row version. */
    private static String dedupKey(LoggedEntry entry, JsonNode event, JsonNode row, String rowJson) {
        String version = rowJson != null ? RowHash.version(row, RowHash.ofText(rowJson)) : "-";
        return entry.source().table() + "|" + event.path("key") + "|" + entry.op().code() + "|" + version;
    }

    private static void setIfPresent(Message message, String header, JsonNode value) {
        if (value.isTextual()) {
            message.setHeader(header, value.asText());
        }
    }
}
