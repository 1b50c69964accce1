package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a catalog version is compared by: its version number, the fingerprint of its whole content (a renamed
 * option or a new status changes it), and every table field with its type ({@code issues.custom.20003 ->
 * SELECT_MEMBER_SINGLE}). This is what is kept between runs, so a change made while the sync was down is reported
 * on the next start.
 *
 * @param version     the catalog's version, from 1, one more on every content change
 * @param fingerprint a hash of the catalog's content
 * @param fields      "table.field" to its type, sorted
 */
public record CatalogSignature(long version, String fingerprint, Map<String, String> fields) {

    public CatalogSignature {
        Objects.requireNonNull(fingerprint, "fingerprint");
        fields = java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /** The field changes from {@code previous} to this one, in field order. */
    public List<SchemaChange> changesSince(CatalogSignature previous) {
        List<SchemaChange> changes = new ArrayList<>();
        Map<String, String> before = previous == null ? Map.of() : previous.fields;
        TreeMap<String, String> all = new TreeMap<>(before);
        all.putAll(fields);
        for (String qualified : all.keySet()) {
            int dot = qualified.indexOf('.');
            String table = qualified.substring(0, dot);
            String field = qualified.substring(dot + 1);
            String from = before.get(qualified);
            String to = fields.get(qualified);
            if (from == null) {
                changes.add(new SchemaChange(table, field, SchemaChange.Kind.ADDED, null, to));
            } else if (to == null) {
                changes.add(new SchemaChange(table, field, SchemaChange.Kind.REMOVED, from, null));
            } else if (!from.equals(to)) {
                changes.add(new SchemaChange(table, field, SchemaChange.Kind.RETYPED, from, to));
            }
        }
        return changes;
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("version", version);
        node.put("fingerprint", fingerprint);
        ObjectNode f = node.putObject("fields");
        fields.forEach(f::put);
        return node;
    }

    public static CatalogSignature fromJson(JsonNode node) {
        Map<String, String> fields = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("fields").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.put(e.getKey(), e.getValue().asText());
        }
        return new CatalogSignature(
                node.path("version").asLong(0), node.path("fingerprint").asText(""), fields);
    }
}
