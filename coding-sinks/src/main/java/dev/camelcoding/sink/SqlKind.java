package dev.camelcoding.sink;

import dev.camelcoding.component.schema.FieldType;
import java.sql.Types;

/**
 * The SQL type of a typed sink column, the same on H2 and PostgreSQL except JSON (H2's JSON, PostgreSQL's JSONB).
 * Timestamps are {@code TIMESTAMP WITH TIME ZONE}: an instant, whatever the database session's zone.
 */
enum SqlKind {
    TEXT("VARCHAR", "VARCHAR", Types.VARCHAR),
    BIGINT("BIGINT", "BIGINT", Types.BIGINT),
    NUMERIC("NUMERIC(38,6)", "NUMERIC(38,6)", Types.NUMERIC),
    BOOLEAN("BOOLEAN", "BOOLEAN", Types.BOOLEAN),
    TIMESTAMP("TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE", Types.TIMESTAMP_WITH_TIMEZONE),
    DATE("DATE", "DATE", Types.DATE),
    JSON("JSON", "JSONB", Types.OTHER);

    private final String h2;
    private final String postgres;
    private final int jdbcType;

    SqlKind(String h2, String postgres, int jdbcType) {
        this.h2 = h2;
        this.postgres = postgres;
        this.jdbcType = jdbcType;
    }

    String ddl(SinkDialect dialect) {
        return dialect == SinkDialect.POSTGRESQL ? postgres : h2;
    }

    int jdbcType() {
        return jdbcType;
    }

    /** The column kind of a row field's type. */
    static SqlKind of(FieldType type) {
        return switch (type) {
            case STRING -> TEXT;
            case INTEGER -> BIGINT;
            case DECIMAL -> NUMERIC;
            case BOOLEAN -> BOOLEAN;
            case EPOCH_MILLIS, DATE_TIME -> TIMESTAMP;
            case DATE -> DATE;
            case ARRAY, OBJECT -> JSON;
        };
    }

    /**
     * Whether a column the database reports (JDBC type and type name) already holds this kind: then an existing
     * column is reused; otherwise the field was retyped and gets a new column.
     */
    boolean matches(int reportedType, String reportedName) {
        String name = reportedName == null ? "" : reportedName.toUpperCase(java.util.Locale.ROOT);
        return switch (this) {
            case TEXT ->
                reportedType == Types.VARCHAR
                        || reportedType == Types.LONGVARCHAR
                        || reportedType == Types.CLOB
                        || name.contains("CHAR")
                        || name.equals("TEXT");
            case BIGINT -> reportedType == Types.BIGINT || name.equals("INT8");
            case NUMERIC -> reportedType == Types.NUMERIC || reportedType == Types.DECIMAL;
            case BOOLEAN -> reportedType == Types.BOOLEAN || reportedType == Types.BIT || name.equals("BOOL");
            case TIMESTAMP ->
                reportedType == Types.TIMESTAMP_WITH_TIMEZONE
                        || name.equals("TIMESTAMPTZ")
                        || name.contains("TIME ZONE")
                        || reportedType == Types.TIMESTAMP;
            case DATE -> reportedType == Types.DATE;
            case JSON -> name.contains("JSON");
        };
    }

    /** A short tag for the column of a retyped field ({@code cf_20003_bigint}). */
    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
