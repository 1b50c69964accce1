package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.schema.ComponentType;
import dev.camelcoding.component.schema.FieldSpec;
import dev.camelcoding.component.schema.TableModel;
import dev.camelcoding.component.schema.TableModels;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The typed columns a sink table should have: one per field of the table's declared model, and for issues one per
 * custom field of the catalog ({@code cf_<field id>}). Some fields are not columns of their own: {@code project}
 * (the sink already has it), {@code updated_at} (the sink's BIGINT version column, epoch ms, which the version guard
 * compares; its timestamp is the column {@code updated_time}), {@code custom_fields} and {@code custom} (their values
 * are the {@code cf_} columns; both stay in {@code doc}) and the long texts of {@link #DOC_ONLY}.
 *
 * <p>A custom field's column holds: the option's name for single option fields (SELECT_SINGLE, RADIO), the user id
 * for SELECT_MEMBER_SINGLE, JSON lists of {@code {id, name}} for multi-valued fields, a DATE for TEXT_DATE, a
 * timestamp for TEXT_DATETIME, BIGINT / NUMERIC for TEXT_INTEGER / TEXT_DECIMAL, text otherwise. Ids and raw values
 * stay in {@code doc} ({@code custom.<id>}).
 */
final class SinkColumns {

    /** The columns every sink table has, which the typed columns must not collide with. */
    static final Set<String> BOOKKEEPING =
            Set.of("row_key", "project", "updated_at", "ts_ms", "deleted", "pass_id", "doc", "synced_at");

    /**
     * Long texts kept only in {@code doc}: an issue's Markdown description and a comment's HTML are most of a row's
     * bytes, and a column of their own would write them twice (the comment's Markdown, raw_content, is a column).
     */
    static final Set<String> DOC_ONLY = Set.of("issues.description", "comments.content");

    private SinkColumns() {}

    /** The model columns of a table, in the model's order. */
    static List<SinkColumn> model(CodingTable table) {
        TableModel model = TableModels.of(table);
        List<SinkColumn> columns = new ArrayList<>();
        for (FieldSpec field : model.fields()) {
            String name = field.name();
            if (name.equals("project")
                    || name.equals("custom_fields")
                    || name.equals("custom")
                    || DOC_ONLY.contains(model.table() + "." + name)) {
                continue;
            }
            String column = name.equals("updated_at") ? "updated_time" : name;
            columns.add(new SinkColumn(
                    column, SqlKind.of(field.type()), model.table() + "." + name, name, row -> row.path(name)));
        }
        return columns;
    }

    /** A wanted custom field column: field id, its component type. */
    record CustomColumn(String fieldId, String fieldName, ComponentType type) {

        SqlKind kind() {
            return switch (type) {
                case SELECT_SINGLE, RADIO, TEXT_SINGLE_LINE, TEXT_MULTI_LINE, UNKNOWN -> SqlKind.TEXT;
                case SELECT_MEMBER_SINGLE, TEXT_INTEGER -> SqlKind.BIGINT;
                case TEXT_DECIMAL -> SqlKind.NUMERIC;
                case TEXT_DATE -> SqlKind.DATE;
                case TEXT_DATETIME -> SqlKind.TIMESTAMP;
                case SELECT_MULTI, CHECKBOX, SELECT_MEMBER_MULTI -> SqlKind.JSON;
            };
        }

        /** The column's value in an issue row. */
        JsonNode value(JsonNode row) {
            JsonNode value = row.path("custom").path(fieldId).path("value");
            if (type.isOption() && !type.isMulti()) {
                return value.path("name");
            }
            if (type == ComponentType.SELECT_MEMBER_SINGLE) {
                return value.path("id");
            }
            return value;
        }

        SinkColumn column(String name) {
            return new SinkColumn(name, kind(), "issues.custom." + fieldId, RowFields.CUSTOM, this::value);
        }
    }

    /**
     * The custom fields of a schema event's catalog ({@code catalog.$defs.issues.properties.custom.properties}): field
     * id to its column. Read from the event's JSON, so a sink in another process needs nothing but the event.
     */
    static Map<String, CustomColumn> customFields(JsonNode catalog) {
        Map<String, CustomColumn> fields = new LinkedHashMap<>();
        JsonNode custom = catalog.path("$defs")
                .path("issues")
                .path("properties")
                .path("custom")
                .path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = custom.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().chars().allMatch(Character::isDigit)) {
                fields.put(
                        entry.getKey(),
                        new CustomColumn(
                                entry.getKey(),
                                entry.getValue().path("title").asText(null),
                                ComponentType.of(entry.getValue()
                                        .path("x-component-type")
                                        .asText(null))));
            }
        }
        return fields;
    }

    /** The column of a custom field at first: {@code cf_<id>}. */
    static String customColumnName(String fieldId) {
        return "cf_" + fieldId;
    }
}
