package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Adds the typed custom field values to an issue row: from its {@code custom_fields} (field id to CODING's raw
 * ValueString, kept as it is) it builds {@code custom}, field id to
 * {@code {"name": display name, "component_type": .., "value": typed value, "raw": ValueString}}. The id is the
 * stable name (a field renamed in CODING keeps its id, its column and its history); the display name travels beside
 * it. A field the definitions do not know (added since the last discovery) gets component type UNKNOWN and its raw
 * text as value until the definitions are refreshed.
 */
public final class CustomFieldNormalizer {

    private final Map<Long, CustomField> fields;

    public CustomFieldNormalizer(Map<Long, CustomField> fields) {
        this.fields = Map.copyOf(fields);
    }

    /** Whether the row has a custom field id these definitions do not know. */
    public boolean hasUnknownField(JsonNode row) {
        JsonNode raw = row.path("custom_fields");
        for (Iterator<String> ids = raw.fieldNames(); ids.hasNext(); ) {
            if (!fields.containsKey(parseId(ids.next()))) {
                return true;
            }
        }
        return false;
    }

    /** Sets {@code custom} on an issue row (null when the row carries no custom fields, as hook rows). */
    public ObjectNode apply(ObjectNode row) {
        if (row == null) {
            return null;
        }
        JsonNode raw = row.path("custom_fields");
        if (!raw.isObject()) {
            row.putNull("custom");
            return row;
        }
        ObjectNode custom = row.putObject("custom");
        for (Iterator<Map.Entry<String, JsonNode>> it = raw.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            CustomField field = fields.get(parseId(entry.getKey()));
            String value = entry.getValue().isNull() ? null : entry.getValue().asText();
            ComponentType type = field == null ? ComponentType.UNKNOWN : field.componentType();
            ObjectNode typed = custom.putObject(entry.getKey());
            typed.put("name", field == null ? null : field.name());
            typed.put("component_type", type.name());
            typed.set("value", CustomFieldValues.normalize(type, field == null ? Map.of() : field.options(), value));
            typed.put("raw", value);
        }
        return row;
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException notAnId) {
            return -1;
        }
    }
}
