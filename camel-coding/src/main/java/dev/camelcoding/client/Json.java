package dev.camelcoding.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Tolerant reading of CODING's JSON. CODING is not consistent: the same payload key is {@code Data} in one answer and
 * {@code data} in another, numbers sometimes arrive as strings ({@code Priority}, {@code expires_in}, {@code RoleId}),
 * and "not set" objects arrive zero-filled ({@code {"Id":0,"Name":""}}) rather than null.
 */
public final class Json {

    private Json() {}

    /**
     * The member named {@code name}, or the same name with its first letter in the other case ({@code Data} or
     * {@code data}, {@code RequestId} or {@code requestId}: the variants CODING is known to send); a MissingNode
     * if neither is there. No wider scan: it would cost a walk over every field of every row for absent fields.
     */
    public static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return MissingNode.getInstance();
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        char first = name.charAt(0);
        char swapped = Character.isUpperCase(first) ? Character.toLowerCase(first) : Character.toUpperCase(first);
        JsonNode variant = node.get(swapped + name.substring(1));
        return variant != null ? variant : MissingNode.getInstance();
    }

    /** A number that may arrive as a JSON number or as a numeric string; {@code fallback} when absent or blank. */
    public static long longValue(JsonNode node, String name, long fallback) {
        JsonNode value = field(node, name);
        if (value.isNumber()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (!text.isEmpty()) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    try {
                        return (long) Double.parseDouble(text);
                    } catch (NumberFormatException ignored) {
                        return fallback;
                    }
                }
            }
        }
        return fallback;
    }

    /** A text value, numbers rendered as text; null when absent or null. */
    public static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** The array named {@code name}, or an empty array when absent or null (CODING omits empty lists at times). */
    public static ArrayNode array(JsonNode node, String name) {
        JsonNode value = field(node, name);
        return value.isArray() ? (ArrayNode) value : JsonNodeFactory.instance.arrayNode();
    }

    /**
     * Whether an object is CODING's zero-filled placeholder for "not set": every member is 0, "", false, null, an
     * empty array or itself such a placeholder. {@code {"Code":0,"Name":"","Status":""}} is unset;
     * {@code {"Code":3,"Name":"Sprint 3"}} is not.
     */
    public static boolean isUnset(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return true;
        }
        if (node.isNumber()) {
            return node.asDouble() == 0d;
        }
        if (node.isTextual()) {
            return node.asText().isEmpty();
        }
        if (node.isBoolean()) {
            return !node.asBoolean();
        }
        if (node.isArray()) {
            return node.isEmpty();
        }
        if (node.isObject()) {
            for (JsonNode child : node) {
                if (!isUnset(child)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The object named {@code name}, or null when it is absent or a zero-filled placeholder. */
    public static ObjectNode objectOrNull(JsonNode node, String name) {
        JsonNode value = field(node, name);
        return value.isObject() && !isUnset(value) ? (ObjectNode) value : null;
    }
}
