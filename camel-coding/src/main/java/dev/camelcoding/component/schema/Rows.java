package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;

/**
 * Helpers that turn CODING's values into canonical ones: "unset" sentinels become JSON null (0 for ids and dates,
 * -28800000 for iteration dates, which is midnight 1970-01-01 in China Standard Time), strings that hold numbers
 * become numbers.
 */
final class Rows {

    /** CODING's "no date" for iteration StartAt/EndAt: 1970-01-01 00:00 at UTC+8. */
    static final long UNSET_CST_EPOCH = -28_800_000L;

    private Rows() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** An id where 0 or absence means "none". */
    static void id(ObjectNode target, String name, JsonNode source, String field) {
        long value = Json.longValue(source, field, 0);
        if (value == 0) {
            target.putNull(name);
        } else {
            target.put(name, value);
        }
    }

    /** The first non-zero of {@code candidates} as an id (null when all are 0); returns it (0 when none). */
    static long putId(ObjectNode target, String name, long... candidates) {
        for (long candidate : candidates) {
            if (candidate != 0) {
                target.put(name, candidate);
                return candidate;
            }
        }
        target.putNull(name);
        return 0;
    }

    /** An epoch-ms time where 0, CODING's CST epoch or absence means "not set". */
    static void time(ObjectNode target, String name, JsonNode source, String field) {
        long value = Json.longValue(source, field, 0);
        if (value == 0 || value == UNSET_CST_EPOCH) {
            target.putNull(name);
        } else {
            target.put(name, value);
        }
    }

    /** A text where absence and "" mean "not set". */
    static void text(ObjectNode target, String name, JsonNode source, String field) {
        String value = Json.text(source, field);
        if (value == null || value.isEmpty()) {
            target.putNull(name);
        } else {
            target.put(name, value);
        }
    }

    /** A text kept as is, "" included. */
    static void rawText(ObjectNode target, String name, JsonNode source, String field) {
        String value = Json.text(source, field);
        if (value == null) {
            target.putNull(name);
        } else {
            target.put(name, value);
        }
    }

    /** A number that may come as a string ("0.5") or a number; "" and absence are null. */
    static void decimal(ObjectNode target, String name, JsonNode source, String field) {
        JsonNode value = Json.field(source, field);
        if (value.isNumber()) {
            target.put(name, value.decimalValue());
        } else if (value.isTextual() && !value.asText().isBlank()) {
            try {
                target.put(name, new java.math.BigDecimal(value.asText().trim()));
            } catch (NumberFormatException e) {
                target.put(name, value.asText());
            }
        } else {
            target.putNull(name);
        }
    }

    /** An integer that may come as a string ("2") or a number; "" and absence are null. */
    static void integer(ObjectNode target, String name, JsonNode source, String field) {
        long value = Json.longValue(source, field, Long.MIN_VALUE);
        if (value == Long.MIN_VALUE) {
            target.putNull(name);
        } else {
            target.put(name, value);
        }
    }

    static void bool(ObjectNode target, String name, JsonNode source, String field) {
        JsonNode value = Json.field(source, field);
        if (value.isBoolean()) {
            target.put(name, value.asBoolean());
        } else if (value.isNumber()) {
            target.put(name, value.asInt() != 0);
        } else if (value.isTextual()) {
            target.put(name, Boolean.parseBoolean(value.asText()));
        } else {
            target.putNull(name);
        }
    }
}
