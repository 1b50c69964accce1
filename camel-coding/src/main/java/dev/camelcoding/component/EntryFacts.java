package dev.camelcoding.component;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.camelcoding.component.event.RowHash;
import java.io.IOException;

/**
 * What a log consumer needs from an event's JSON, read in one streaming pass without building a tree: the row
 * (after, else before) and the key as the exact text the event carries them in, the row's {@code updated_at}, and the
 * source's facts. The profile of a backfill through the change log had 29 % of the consumer thread in turning entries
 * into exchanges, most of it {@code ObjectMapper.readTree} of the whole event and {@code toString} of its row; the
 * row's text is already inside the event (the reader rendered it once, {@code ChangeEvent.render}), so it is cut
 * out, not parsed and written again.
 */
record EntryFacts(
        String keyJson,
        String rowJson,
        String rowUpdatedAt,
        String mode,
        String project,
        String eventType,
        String delivery,
        Long tsMs,
        String passId,
        Integer passIndex,
        Integer passSize,
        Boolean passLast) {

    /** Thread-safe; parsers made from it are not shared. */
    private static final JsonFactory FACTORY = new JsonFactory();

    /** The row version of the dedup key, as {@link RowHash#version} computes it from the row's text. */
    String rowVersion() {
        if (rowJson == null) {
            return "-";
        }
        String hash = RowHash.ofText(rowJson);
        return rowUpdatedAt == null ? hash : rowUpdatedAt + ":" + hash;
    }

    static EntryFacts of(String json) throws IOException {
        Builder facts = new Builder();
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("an event is a JSON object");
            }
            String after = null;
            String afterUpdatedAt = null;
            String before = null;
            String beforeUpdatedAt = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "key" -> facts.keyJson = cut(parser, json);
                    case "after" -> {
                        if (value == JsonToken.START_OBJECT) {
                            int start = (int) parser.currentTokenLocation().getCharOffset();
                            afterUpdatedAt = updatedAt(parser);
                            after = json.substring(
                                    start, (int) parser.currentLocation().getCharOffset());
                        } else {
                            parser.skipChildren();
                        }
                    }
                    case "before" -> {
                        if (value == JsonToken.START_OBJECT) {
                            int start = (int) parser.currentTokenLocation().getCharOffset();
                            beforeUpdatedAt = updatedAt(parser);
                            before = json.substring(
                                    start, (int) parser.currentLocation().getCharOffset());
                        } else {
                            parser.skipChildren();
                        }
                    }
                    case "source" -> source(parser, value, facts);
                    case "ts_ms" -> facts.tsMs = value.isNumeric() ? parser.getLongValue() : null;
                    default -> parser.skipChildren();
                }
            }
            facts.rowJson = after != null ? after : before;
            facts.rowUpdatedAt = after != null ? afterUpdatedAt : beforeUpdatedAt;
        }
        return facts.build();
    }

    /** The text of the value the parser stands at (an object, or a scalar), exactly as in {@code json}; skips it. */
    private static String cut(JsonParser parser, String json) throws IOException {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        parser.skipChildren();
        return json.substring(start, (int) parser.currentLocation().getCharOffset());
    }

    /** Walks the row object the parser stands at; answers its top-level {@code updated_at} as text, or null. */
    private static String updatedAt(JsonParser parser) throws IOException {
        String updatedAt = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("updated_at".equals(field) && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                updatedAt = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return updatedAt;
    }

    private static void source(JsonParser parser, JsonToken value, Builder facts) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "mode" ->
                    facts.mode =
                            token.isScalarValue() && token != JsonToken.VALUE_NULL ? parser.getText() : skipped(parser);
                case "project" -> facts.project = textual(parser, token);
                case "event" -> facts.eventType = textual(parser, token);
                case "delivery" -> facts.delivery = textual(parser, token);
                case "pass" -> pass(parser, token, facts);
                default -> parser.skipChildren();
            }
        }
    }

    private static String skipped(JsonParser parser) throws IOException {
        parser.skipChildren();
        return null;
    }

    /** A string value's text; null for anything else (as the tree-based reading's {@code isTextual()} check). */
    private static String textual(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static void pass(JsonParser parser, JsonToken token, Builder facts) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        facts.passId = "";
        facts.passIndex = 0;
        facts.passSize = 0;
        facts.passLast = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> facts.passId = value.isScalarValue() ? parser.getText() : "";
                case "index" -> facts.passIndex = value.isNumeric() ? parser.getIntValue() : 0;
                case "size" -> facts.passSize = value.isNumeric() ? parser.getIntValue() : 0;
                case "last" -> facts.passLast = value == JsonToken.VALUE_TRUE;
                default -> parser.skipChildren();
            }
        }
    }

    private static final class Builder {
        String keyJson;
        String rowJson;
        String rowUpdatedAt;
        String mode;
        String project;
        String eventType;
        String delivery;
        Long tsMs;
        String passId;
        Integer passIndex;
        Integer passSize;
        Boolean passLast;

        EntryFacts build() {
            return new EntryFacts(
                    keyJson,
                    rowJson,
                    rowUpdatedAt,
                    mode,
                    project,
                    eventType,
                    delivery,
                    tsMs,
                    passId,
                    passIndex,
                    passSize,
                    passLast);
        }
    }
}
