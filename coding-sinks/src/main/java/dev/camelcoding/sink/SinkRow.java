package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingConstants;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * One event as the JDBC sink writes it, taken from the component's headers ({@code CamelCodingTable, Op, Key,
 * Project, Version, TsMs}) and the row property ({@link CodingConstants#ROW}); only an exchange that lacks them (a
 * replayed dead letter, an event read back from a log) has its JSON body parsed.
 */
record SinkRow(
        String table, boolean delete, String key, String project, long updatedAt, long tsMs, String doc, JsonNode row) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static SinkRow of(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        String table = message.getHeader(CodingConstants.TABLE, String.class);
        String op = message.getHeader(CodingConstants.OP, String.class);
        String key = message.getHeader(CodingConstants.KEY, String.class);
        Long version = message.getHeader(CodingConstants.VERSION, Long.class);
        Long tsMs = message.getHeader(CodingConstants.TS_MS, Long.class);
        String row = exchange.getProperty(CodingConstants.ROW, String.class);
        if (table == null || op == null || key == null || version == null || tsMs == null || row == null) {
            return parsed(message.getBody(String.class));
        }
        String project = message.getHeader(CodingConstants.PROJECT, String.class);
        JsonNode node = exchange.getProperty(CodingConstants.ROW_NODE, JsonNode.class);
        return new SinkRow(
                JdbcSinkSchema.tableName(table),
                "d".equals(op),
                key,
                project == null ? "" : project,
                version,
                tsMs,
                row,
                node);
    }

    /** This row with its fields parsed from {@code doc}. */
    SinkRow withRow(JsonNode parsed) {
        return new SinkRow(table, delete, key, project, updatedAt, tsMs, doc, parsed);
    }

    /** The same facts read from the event's JSON (as {@code SinkHeaders} did for every event). */
    static SinkRow parsed(String body) throws IOException {
        JsonNode event = MAPPER.readTree(body);
        JsonNode after = event.path("after");
        JsonNode row = after.isObject() ? after : event.path("before");
        return new SinkRow(
                JdbcSinkSchema.tableName(event.path("table").asText()),
                "d".equals(event.path("op").asText()),
                event.path("key").toString(),
                event.path("source").path("project").asText(),
                row.path("updated_at").asLong(0),
                event.path("ts_ms").asLong(0),
                row.isObject() ? row.toString() : "{}",
                row.isObject() ? row : null);
    }
}
