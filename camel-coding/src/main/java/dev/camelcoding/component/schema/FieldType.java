package dev.camelcoding.component.schema;

/**
 * The type of one field of a canonical row, as the catalog publishes it (a JSON Schema type, plus a format) and as
 * the JDBC sink stores it (a SQL type). Times of CODING's Open API are epoch milliseconds in the events; in the sink
 * they become timestamps.
 */
public enum FieldType {
    /** A text. */
    STRING("string", null),
    /** A whole number (ids, codes, counts). */
    INTEGER("integer", null),
    /** A decimal number (hours, story points, decimal custom fields). */
    DECIMAL("number", null),
    BOOLEAN("boolean", null),
    /** An instant as epoch milliseconds in the event; a timestamp with time zone in the sink. */
    EPOCH_MILLIS("integer", "epoch-millis"),
    /** A calendar date as ISO-8601 text ({@code 2025-02-08}). */
    DATE("string", "date"),
    /** An instant as ISO-8601 text with CODING's offset ({@code 2025-02-08T23:00:00+08:00}). */
    DATE_TIME("string", "date-time"),
    /** A list (labels, ids, options): JSON in the sink. */
    ARRAY("array", null),
    /** A nested object (custom field values, option and member pairs): JSON in the sink. */
    OBJECT("object", null);

    private final String jsonType;
    private final String format;

    FieldType(String jsonType, String format) {
        this.jsonType = jsonType;
        this.format = format;
    }

    /** The JSON Schema {@code type}. */
    public String jsonType() {
        return jsonType;
    }

    /** The JSON Schema {@code format}, or null. */
    public String format() {
        return format;
    }

    /** Whether the sink keeps values of this type as JSON (JSON on H2, JSONB on PostgreSQL). */
    public boolean isJson() {
        return this == ARRAY || this == OBJECT;
    }
}
