package dev.camelcoding.component.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads a change event's documented JSON text back into a {@link CodingChange}: for changes that arrive as text from
 * outside this process's readers (a replayed dead letter, a record of a Kafka topic used as the change log, a JSON
 * Lines file). The change log itself never needs this: its entries are typed columns.
 */
public final class ChangeText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ChangeText() {}

    /** The change the text describes; {@link IOException} when it is not a change event. */
    public static CodingChange parse(String text) throws IOException {
        if (text == null) {
            throw new IOException("a change event is JSON text; this message has no body");
        }
        JsonNode event = MAPPER.readTree(text);
        if (event == null
                || !event.isObject()
                || !event.path("op").isTextual()
                || !event.path("key").isObject()) {
            throw new IOException("not a change event (an object with op and key): "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
        }
        Op op;
        try {
            op = Op.fromCode(event.path("op").asText());
        } catch (IllegalArgumentException unknown) {
            throw new IOException(unknown.getMessage(), unknown);
        }
        String table = event.path("table").asText();
        JsonNode after = event.path("after");
        JsonNode before = event.path("before");
        boolean rowIsAfter = after.isObject();
        JsonNode row = rowIsAfter ? after : before.isObject() ? before : null;
        String rowJson = row == null ? null : row.toString();
        String key = event.path("key").toString();
        JsonNode source = event.path("source");
        JsonNode pass = source.path("pass");
        return new CodingChange(
                op,
                table,
                key,
                row == null ? 0L : Math.max(0L, row.path("updated_at").asLong(0)),
                event.path("ts_ms").asLong(0),
                text(source.path("team")),
                text(source.path("project")),
                text(source.path("mode")),
                text(source.path("event")),
                text(source.path("delivery")),
                source.path("inferred").asBoolean(false),
                pass.isObject()
                        ? new ChangeEvent.Pass(
                                pass.path("id").asText(),
                                pass.path("index").asInt(),
                                pass.path("size").asInt(),
                                pass.path("keys").isArray() ? keys(pass.path("keys")) : null)
                        : null,
                table + "|" + key + "|" + op.code() + "|"
                        + (row == null ? "-" : RowHash.version(row, RowHash.ofText(rowJson))),
                rowJson,
                rowIsAfter,
                rowIsAfter && before.isObject() ? before.toString() : null,
                row);
    }

    private static java.util.List<String> keys(JsonNode array) {
        java.util.List<String> keys = new java.util.ArrayList<>(array.size());
        array.forEach(key -> keys.add(key.toString()));
        return keys;
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : null;
    }
}
