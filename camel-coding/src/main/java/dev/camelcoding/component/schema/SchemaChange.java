package dev.camelcoding.component.schema;

import java.util.Objects;

/**
 * One difference between two catalogs: a field of a table added, removed or retyped. Custom issue fields are the
 * fields {@code custom.<field id>} of {@code issues}, typed by their ComponentType.
 *
 * @param table the table's URI name
 * @param field the field's name ({@code custom.20003} for a custom field)
 * @param kind  what changed
 * @param from  the type before (null when added)
 * @param to    the type after (null when removed)
 */
public record SchemaChange(String table, String field, Kind kind, String from, String to) {

    public enum Kind {
        ADDED,
        REMOVED,
        RETYPED
    }

    public SchemaChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ADDED -> table + "." + field + " added (" + to + ")";
            case REMOVED -> table + "." + field + " removed (was " + from + ")";
            case RETYPED -> table + "." + field + " retyped from " + from + " to " + to;
        };
    }
}
