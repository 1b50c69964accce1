package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Compares JSON shapes: every key of the expected document exists in the actual one with the same JSON type. */
final class Shapes {

    private Shapes() {}

    /** Differences as readable paths; empty when {@code actual} has at least the shape of {@code expected}. */
    static List<String> missing(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        walk("$", expected, actual, out);
        return out;
    }

    private static void walk(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (actual == null || actual.isMissingNode()) {
            out.add(path + " missing");
            return;
        }
        if (kind(expected) != kind(actual)) {
            out.add(path + " is " + actual.getNodeType() + " but recorded " + expected.getNodeType());
            return;
        }
        if (expected.isObject()) {
            Iterator<String> names = expected.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                walk(path + "." + n, expected.get(n), actual.get(n), out);
            }
        } else if (expected.isArray() && expected.size() > 0 && actual.size() > 0) {
            walk(path + "[0]", expected.get(0), actual.get(0), out);
        }
    }

    /** Integral and floating numbers differ; otherwise the node type. */
    private static String kind(JsonNode n) {
        if (n.isIntegralNumber()) {
            return "integer";
        }
        if (n.isNumber()) {
            return "decimal";
        }
        return n.getNodeType().name();
    }
}
