package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request body of one call, with CODING-style lookups: names match exactly first, then case-insensitively
 * (clients in the wild send {@code keywords} for {@code Keywords}, {@code userId} for {@code UserId}); numbers are
 * accepted as JSON numbers or numeric strings; missing required values raise {@code MissingParameter}.
 */
final class Params {

    private final ObjectNode body;

    Params(ObjectNode body) {
        this.body = body;
    }

    JsonNode get(String name) {
        JsonNode v = body.get(name);
        if (v != null) {
            return v.isNull() ? null : v;
        }
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().isNull() ? null : e.getValue();
            }
        }
        return null;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    String string(String name) {
        JsonNode v = get(name);
        return v == null ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    String requireString(String name) {
        String s = string(name);
        if (s == null || s.isBlank()) {
            throw ApiError.missing(name);
        }
        return s;
    }

    long requireLong(String name) {
        if (!has(name)) {
            throw ApiError.missing(name);
        }
        return longValue(name);
    }

    long longOr(String name, long fallback) {
        return has(name) ? longValue(name) : fallback;
    }

    private long longValue(String name) {
        JsonNode v = get(name);
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                throw ApiError.invalid(name, "expected an integer, got \"" + v.asText() + "\"");
            }
        }
        throw ApiError.invalid(name, "expected an integer, got " + v);
    }

    int intOr(String name, int fallback) {
        long v = longOr(name, fallback);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw ApiError.invalidValue(name, "out of range");
        }
        return (int) v;
    }

    boolean bool(String name, boolean fallback) {
        JsonNode v = get(name);
        if (v == null) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String t = v.asText().trim();
        if (t.equalsIgnoreCase("true") || t.equals("1")) {
            return true;
        }
        if (t.equalsIgnoreCase("false") || t.equals("0")) {
            return false;
        }
        throw ApiError.invalid(name, "expected a boolean, got " + v);
    }

    /** A JSON array of scalars, or a comma-separated string; empty when absent. */
    List<String> list(String name) {
        JsonNode v = get(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v.isArray()) {
            v.forEach(e -> out.add(e.asText().trim()));
        } else {
            for (String s : v.asText().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
