package dev.camelcoding.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Reads from a row's JSON text ({@code doc}) only the fields a sink table's typed columns bind: the other fields are
 * skipped by the parser, never made into nodes.
 *
 * <p>Why: a row read back from the change log arrives as text, and the sink needs some twenty of its values for the
 * typed columns. Parsing the whole text into a tree was 13 % of the bytes a backfill allocates, and that tree lived
 * for a whole batch: an issue's Markdown {@code description} (most of a row's bytes), its raw {@code custom_fields}
 * and each custom field's {@code raw} text are in {@code doc} only, and no column reads them. Skipped, a string is
 * scanned but never decoded into a {@code String}.
 *
 * <p>The issues' {@code custom} object is read entry by entry with only what {@link SinkColumns.CustomColumn} binds
 * and what {@link JdbcSinkSchema#addColumnsOfNewCustomFields} learns a new field from: {@value #NAME},
 * {@value #COMPONENT_TYPE} and {@value #VALUE}.
 */
final class RowFields {

    /** The object of a row whose entries are custom fields (issues), kept for every table: no other row has it. */
    static final String CUSTOM = "custom";

    static final String NAME = "name";
    static final String COMPONENT_TYPE = "component_type";
    static final String VALUE = "value";

    private static final Set<String> CUSTOM_ENTRY_FIELDS = Set.of(NAME, COMPONENT_TYPE, VALUE);
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Set<String> fields;

    private RowFields(Set<String> fields) {
        this.fields = fields;
    }

    /** What the typed columns of a table read: their rows' fields, and the custom fields' object. */
    static RowFields of(List<SinkColumn> columns) {
        return new RowFields(Set.copyOf(columns.stream().map(SinkColumn::field).toList()));
    }

    /** The row's fields that the columns read; null for a doc that is not a JSON object (never written by us). */
    ObjectNode parse(String doc) {
        try (JsonParser parser = JSON.createParser(doc)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode row = NODES.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(CUSTOM) && value == JsonToken.START_OBJECT) {
                    row.set(name, customFields(parser));
                } else if (fields.contains(name)) {
                    row.set(name, node(parser));
                } else {
                    parser.skipChildren();
                }
            }
            return row;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The custom fields' object, the parser at its start: each field with what a column or the schema reads. */
    private static ObjectNode customFields(JsonParser parser) throws IOException {
        ObjectNode custom = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String id = parser.currentName();
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                custom.set(id, node(parser));
                continue;
            }
            ObjectNode field = custom.putObject(id);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (CUSTOM_ENTRY_FIELDS.contains(name)) {
                    field.set(name, node(parser));
                } else {
                    parser.skipChildren();
                }
            }
        }
        return custom;
    }

    /**
     * The value at the parser's current token, with the node types the whole-tree parse gives (int, long, big integer,
     * double). Built here rather than by {@code ObjectMapper.readTree(parser)}, which makes a deserialization context
     * for every call: for the twenty small values of a row that cost more than the whole tree.
     */
    private static JsonNode node(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, node(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(node(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT ->
                switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected " + token + " in a row's text");
        };
    }
}
