package dev.camelcoding.sink;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.schema.ComponentType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where each field of a table ends up in the JDBC sink, and with which SQL type, in the dialect of a sink URL: the
 * same mapping ({@link SinkColumns}, {@link SqlKind}) the sink creates its columns with, so what {@code coding-sync
 * schema} prints is what the database has. H2 and PostgreSQL differ only for JSON (JSON / JSONB).
 */
public final class SinkColumnTypes {

    /**
     * A field's place in the sink.
     *
     * @param column  the column's name, or {@code doc} for a field kept only in the row's JSON
     * @param sqlType the column's SQL type ({@code TIMESTAMP WITH TIME ZONE}...), or the doc column's
     */
    public record Placement(String column, String sqlType) {}

    private final SinkDialect dialect;

    private SinkColumnTypes(SinkDialect dialect) {
        this.dialect = dialect;
    }

    /** The mapping for a sink URL ({@code jdbc:h2:...}, {@code jdbc:postgresql:...}); empty for another database. */
    public static Optional<SinkColumnTypes> forUrl(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.trim().toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:postgresql:")) {
            return Optional.of(new SinkColumnTypes(SinkDialect.POSTGRESQL));
        }
        if (url.startsWith("jdbc:h2:")) {
            return Optional.of(new SinkColumnTypes(SinkDialect.H2));
        }
        return Optional.empty();
    }

    /** {@code H2} or {@code PostgreSQL}. */
    public String databaseName() {
        return dialect == SinkDialect.POSTGRESQL ? "PostgreSQL" : "H2";
    }

    /** The field name to its place in the sink table of {@code table}, for every field of the table's model. */
    public Map<String, Placement> fields(CodingTable table) {
        Map<String, Placement> placements = new LinkedHashMap<>();
        Placement doc = new Placement("doc", dialect == SinkDialect.POSTGRESQL ? "JSONB" : "VARCHAR");
        for (var field : dev.camelcoding.component.schema.TableModels.of(table).fields()) {
            placements.put(field.name(), doc);
        }
        if (placements.containsKey("project")) {
            placements.put("project", new Placement("project", "VARCHAR(200)"));
        }
        for (SinkColumn column : SinkColumns.model(table)) {
            String field = column.source().substring(column.source().indexOf('.') + 1);
            placements.put(field, new Placement(column.name(), column.kind().ddl(dialect)));
        }
        return placements;
    }

    /** The place of a custom field's value: its column {@code cf_<id>} and its type by ComponentType. */
    public Placement customField(long fieldId, ComponentType type) {
        SinkColumns.CustomColumn column = new SinkColumns.CustomColumn(Long.toString(fieldId), null, type);
        return new Placement(
                SinkColumns.customColumnName(column.fieldId()), column.kind().ddl(dialect));
    }
}
