package dev.camelcoding.component.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The declared shape of one table's canonical rows: its fields in order and its key. Each {@code *Schema} class
 * declares its model next to the code that builds the rows, and the catalog, the sink's columns and the tests are
 * derived from it: one source of truth for names, types, nullability and key.
 *
 * @param table  the table's URI name ({@code issues}, {@code projectMembers}...)
 * @param key    the names of the key fields, in the key's order
 * @param fields every field of the row, in the row's order
 */
public record TableModel(String table, List<String> key, List<FieldSpec> fields) {

    public TableModel {
        Objects.requireNonNull(table, "table");
        key = List.copyOf(key);
        fields = List.copyOf(fields);
        for (String k : key) {
            if (fields.stream().noneMatch(f -> f.name().equals(k) && !f.nullable())) {
                throw new IllegalArgumentException(table + ": key field " + k + " must be a non-null field");
            }
        }
    }

    /** Starts a model; fields are added in row order. */
    public static Builder of(String table, String... key) {
        return new Builder(table, List.of(key));
    }

    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public List<String> fieldNames() {
        return fields.stream().map(FieldSpec::name).toList();
    }

    /** Builds a model field by field. */
    public static final class Builder {
        private final String table;
        private final List<String> key;
        private final List<FieldSpec> fields = new ArrayList<>();

        private Builder(String table, List<String> key) {
            this.table = table;
            this.key = key;
        }

        public Builder required(String name, FieldType type) {
            fields.add(FieldSpec.required(name, type));
            return this;
        }

        public Builder optional(String name, FieldType type) {
            fields.add(FieldSpec.optional(name, type));
            return this;
        }

        public TableModel build() {
            return new TableModel(table, key, fields);
        }
    }
}
