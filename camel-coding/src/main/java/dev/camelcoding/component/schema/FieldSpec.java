package dev.camelcoding.component.schema;

import java.util.Objects;

/**
 * One field of a canonical row: its name in the event's {@code after}, its type, and whether it may be null.
 *
 * @param name     the field's name in the row (snake_case)
 * @param type     its type
 * @param nullable whether CODING may leave it unset (then the row holds JSON null)
 */
public record FieldSpec(String name, FieldType type, boolean nullable) {

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A field that is always set (keys). */
    public static FieldSpec required(String name, FieldType type) {
        return new FieldSpec(name, type, false);
    }

    /** A field CODING may leave unset. */
    public static FieldSpec optional(String name, FieldType type) {
        return new FieldSpec(name, type, true);
    }
}
