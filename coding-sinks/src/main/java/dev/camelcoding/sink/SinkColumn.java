package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Function;

/**
 * One typed column of a sink table: its name, its SQL kind and where its value is in the canonical row (a row field,
 * or a part of a custom field's typed value). A value that does not fit the column (text in a number column) is
 * written as NULL: the row is never rejected for it, and the whole row stays in {@code doc}.
 *
 * @param name   the column's name
 * @param kind   its SQL type
 * @param source what the column holds, for the catalog and messages ({@code issues.priority}, {@code custom.20003})
 * @param field  the row's top-level field {@code value} reads ({@code priority}, {@code custom}): what
 *               {@link RowFields} parses of a row's text for this column
 * @param value  the value of the column in a row (a missing node when the row has none)
 */
record SinkColumn(String name, SqlKind kind, String source, String field, Function<JsonNode, JsonNode> value) {

    SinkColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
    }

    /** The cast of this column's parameter in a MERGE source or VALUES list. */
    String parameter(SinkDialect dialect) {
        return "CAST(? AS " + kind.ddl(dialect) + ")";
    }

    /** Binds this column's value in {@code row} (null row: NULL) to parameter {@code index}. */
    void bind(PreparedStatement statement, int index, JsonNode row, SinkDialect dialect) throws SQLException {
        JsonNode node = row == null ? null : value.apply(row);
        if (node == null || node.isNull() || node.isMissingNode()) {
            statement.setNull(
                    index,
                    dialect == SinkDialect.POSTGRESQL && kind == SqlKind.JSON ? java.sql.Types.OTHER : kind.jdbcType());
            return;
        }
        switch (kind) {
            case TEXT -> statement.setString(index, node.isTextual() ? node.asText() : node.toString());
            case BIGINT -> {
                Long number = integer(node);
                if (number == null) {
                    statement.setNull(index, kind.jdbcType());
                } else {
                    statement.setLong(index, number);
                }
            }
            case NUMERIC -> setOrNull(statement, index, decimal(node));
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    statement.setBoolean(index, node.asBoolean());
                } else {
                    statement.setNull(index, kind.jdbcType());
                }
            }
            case TIMESTAMP -> setOrNull(statement, index, timestamp(node));
            case DATE -> setOrNull(statement, index, date(node));
            case JSON -> {
                if (dialect == SinkDialect.H2) {
                    // H2 parses bytes as JSON text; a string would become one JSON string value
                    statement.setBytes(index, node.toString().getBytes(StandardCharsets.UTF_8));
                } else {
                    statement.setString(index, node.toString());
                }
            }
        }
    }

    private void setOrNull(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, kind.jdbcType());
        } else {
            statement.setObject(index, value);
        }
    }

    private static Long integer(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        BigDecimal decimal = decimal(node);
        try {
            return decimal == null ? null : decimal.longValueExact();
        } catch (ArithmeticException notWhole) {
            return null;
        }
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText().trim());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }

    /** Epoch milliseconds (row times) or ISO-8601 text (custom datetimes), as an instant in UTC. */
    private static OffsetDateTime timestamp(JsonNode node) {
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.asLong()).atOffset(ZoneOffset.UTC);
        }
        try {
            return OffsetDateTime.parse(node.asText()).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (RuntimeException notATime) {
            return null;
        }
    }

    private static LocalDate date(JsonNode node) {
        try {
            return LocalDate.parse(node.asText());
        } catch (RuntimeException notADate) {
            return null;
        }
    }
}
