package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.schema.ComponentType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables of the JDBC sink, created on start when missing: one per CODING table, named
 * {@code coding_<table in lower case>} ({@code coding_issues}, {@code coding_projectmembers}...), each holding one
 * row per key:
 * <pre>row_key VARCHAR(500) PRIMARY KEY  -- the event's key as compact JSON
 * project VARCHAR(200), updated_at BIGINT, ts_ms BIGINT, deleted BOOLEAN, pass_id VARCHAR(64),
 * doc JSONB on PostgreSQL, VARCHAR on H2 (the whole canonical row), synced_at TIMESTAMP,
 * then one typed column per field of the table's model (SinkColumns), and for issues one per custom field</pre>
 * {@code (updated_at, ts_ms)} is the version of the row (CODING's time of the row, then the connector's time of the
 * event): a write only replaces a row when it is not older ({@link #UPSERT_WINS}, {@link #DELETE_WINS}). A delete does not remove
 * the row: it turns it into a tombstone ({@code deleted = TRUE}) that keeps its version, so a late or replayed older
 * event cannot bring the row back. Users query the view {@code coding_<table>_live}, which holds the rows that are not
 * deleted (or filter {@code deleted = FALSE} themselves); the issues view takes the names of statuses and iterations
 * from their own tables ({@link LiveViews}).
 *
 * <p>Tables made by an earlier version get the new columns on start ({@code ADD COLUMN IF NOT EXISTS}); their
 * {@code doc} stays the text column it was. The same routes run on H2 and PostgreSQL. Custom field columns come from
 * the catalog of {@code coding:schema} events ({@link #apply}) and from issue rows that carry a field the catalog does
 * not have yet ({@link #addColumnsOfNewCustomFields}); a column added to a table with rows is filled from their
 * {@code doc} ({@link CustomColumnBackfill}).
 */
public class JdbcSinkSchema {

    /**
     * When an upsert replaces a stored row (live or tombstone), with {@code s} the event and {@code t} the row: a newer
     * CODING time wins; at the same CODING time the later event wins, except over a tombstone (the delete happened
     * after that version of the row, so the version is older than the delete) unless CODING gives no time for the
     * row at all ({@code updated_at = 0}: then only the events' order is known).
     */
    public static final String UPSERT_WINS = "(s.updated_at > t.updated_at OR (s.updated_at = t.updated_at"
            + " AND s.ts_ms >= t.ts_ms AND (t.deleted = FALSE OR s.updated_at = 0)))";

    /**
     * When a delete turns a stored row into a tombstone: it is one already (the versions merge), or the delete was
     * seen after the row was written, or it carries a CODING time not older than the row's. A delete found by the
     * census carries no CODING time ({@code updated_at = 0}): only the events' order decides then.
     */
    public static final String DELETE_WINS =
            "(t.deleted = TRUE OR s.ts_ms >= t.ts_ms" + " OR (s.updated_at > 0 AND s.updated_at >= t.updated_at))";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSinkSchema.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DataSource dataSource;
    /** Each sink table with its typed columns; replaced as a whole when a column is added. */
    private final Map<String, SinkTable> tables = new ConcurrentHashMap<>();
    /** The custom fields of the last catalog applied. */
    private volatile Map<String, SinkColumns.CustomColumn> customFields = Map.of();
    /**
     * Custom fields first seen in issue rows (their {@code custom.<id>.component_type}), not in a catalog yet: a field
     * created in CODING while the sync runs gets its column with its first row, not with the next (hourly) catalog.
     */
    private volatile Map<String, SinkColumns.CustomColumn> fieldsSeenInRows = Map.of();
    /** The field ids whose column coding_issues' statements write: the rows' fast check. */
    private volatile Set<String> knownFieldIds = Set.of();

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The sink table of a CODING table. */
    public static String tableName(String codingTable) {
        return "coding_" + codingTable.toLowerCase(Locale.ROOT);
    }

    /** The view of a sink table without its tombstones: what users query. */
    public static String liveViewName(String codingTable) {
        return tableName(codingTable) + "_live";
    }

    /**
     * Creates the sink tables and their live views that do not exist yet, and adds the columns older tables lack
     * (the version guard's, then every typed column of the table's model).
     */
    public void createTables() throws SQLException {
        if (dataSource == null) {
            throw new IllegalStateException("JdbcSinkSchema needs a dataSource");
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            SinkDialect dialect = SinkDialect.of(connection);
            List<AddedColumn> added = new ArrayList<>();
            for (CodingTable table : CodingTable.values()) {
                String name = tableName(table.uriName());
                // PostgreSQL tables keep the row as JSONB; H2 keeps it as text (its JSON type would need every
                // writer to pass bytes), readable with H2's JSON functions after CAST(doc AS JSON FORMAT JSON)
                statement.execute("CREATE TABLE IF NOT EXISTS " + name + " ("
                        + "row_key VARCHAR(500) NOT NULL PRIMARY KEY, project VARCHAR(200), updated_at BIGINT,"
                        + " ts_ms BIGINT DEFAULT 0 NOT NULL, deleted BOOLEAN DEFAULT FALSE NOT NULL,"
                        + " pass_id VARCHAR(64), doc " + (dialect == SinkDialect.POSTGRESQL ? "JSONB" : "VARCHAR")
                        + " NOT NULL, synced_at TIMESTAMP NOT NULL)");
                // tables of earlier versions: their rows count as live and as seen at time 0
                statement.execute("ALTER TABLE " + name + " ADD COLUMN IF NOT EXISTS ts_ms BIGINT DEFAULT 0 NOT NULL");
                statement.execute(
                        "ALTER TABLE " + name + " ADD COLUMN IF NOT EXISTS deleted BOOLEAN DEFAULT FALSE NOT NULL");
                Map<String, ExistingColumn> existing = columns(connection, name);
                List<SinkColumn> typed = new ArrayList<>();
                for (SinkColumn column : SinkColumns.model(table)) {
                    ExistingColumn found = existing.get(column.name());
                    if (found == null) {
                        statement.execute("ALTER TABLE " + name + " ADD COLUMN IF NOT EXISTS " + column.name() + " "
                                + column.kind().ddl(dialect));
                        typed.add(column);
                    } else if (column.kind().matches(found.jdbcType(), found.typeName())) {
                        typed.add(column);
                    } else {
                        LOG.warn(
                                "Column {}.{} is {} but the model says {}: it is left as it is and not written",
                                name,
                                column.name(),
                                found.typeName(),
                                column.kind().ddl(dialect));
                    }
                }
                if (table == CodingTable.ISSUES) {
                    typed.addAll(customColumns(connection, statement, dialect, name, added));
                }
                ExistingColumn doc = columns(connection, name).get("doc");
                SqlKind docKind = doc != null && SqlKind.JSON.matches(doc.jdbcType(), doc.typeName())
                        ? SqlKind.JSON
                        : SqlKind.TEXT;
                tables.put(name, SinkTable.of(name, dialect, docKind, typed));
            }
            // the views last: the issues view joins the current names of iterations and statuses from their tables
            for (CodingTable table : CodingTable.values()) {
                createLiveView(connection, statement, table.uriName());
            }
            knownFieldIds = Set.copyOf(wantedCustomFields().keySet());
            backfill(dialect, added);
        }
    }

    /**
     * Applies a {@code coding:schema} event (its JSON body): each custom field of its catalog gets its column in
     * {@code coding_issues} ({@code ALTER TABLE ... ADD COLUMN}), a retyped field a new column named after its new
     * type, with a warning; nothing is ever dropped, so rows written before keep their data (a removed field's
     * column keeps its values and is no longer written). Idempotent: the same catalog twice changes nothing.
     */
    public synchronized void apply(String schemaEvent) throws SQLException, java.io.IOException {
        JsonNode event = MAPPER.readTree(schemaEvent);
        Map<String, SinkColumns.CustomColumn> fields = SinkColumns.customFields(event.path("catalog"));
        customFields = Map.copyOf(fields);
        refreshCustomColumns();
    }

    /**
     * Adds the columns of custom fields that issue rows carry and coding_issues has no column for yet, before those
     * rows are written (so they are written with their value), and fills the new columns from the rows already
     * stored. A field is taken from the row's {@code custom.<id>} with its {@code component_type}; one whose type the
     * definitions did not know yet ({@code UNKNOWN}) waits for a row or a catalog that knows it. Cheap when nothing
     * is new: one look at each row's field ids.
     */
    public void addColumnsOfNewCustomFields(List<JsonNode> issueRows) throws SQLException {
        Map<String, SinkColumns.CustomColumn> found = new LinkedHashMap<>();
        Set<String> known = knownFieldIds;
        for (JsonNode row : issueRows) {
            if (row == null) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = row.path("custom").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String id = field.getKey();
                if (known.contains(id) || found.containsKey(id) || !id.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                ComponentType type =
                        ComponentType.of(field.getValue().path("component_type").asText(null));
                if (type != ComponentType.UNKNOWN) {
                    found.put(
                            id,
                            new SinkColumns.CustomColumn(
                                    id, field.getValue().path("name").asText(null), type));
                }
            }
        }
        if (!found.isEmpty()) {
            addFieldsSeenInRows(found);
        }
    }

    private synchronized void addFieldsSeenInRows(Map<String, SinkColumns.CustomColumn> found) throws SQLException {
        Map<String, SinkColumns.CustomColumn> seen = new LinkedHashMap<>(fieldsSeenInRows);
        found.forEach(seen::putIfAbsent);
        fieldsSeenInRows = Map.copyOf(seen);
        found.values()
                .forEach(f -> LOG.info(
                        "Custom field {} ({}, {}) is in issue rows but not in the schema catalog yet: its column"
                                + " is made ready now (added if missing)",
                        f.fieldId(),
                        f.fieldName(),
                        f.type()));
        refreshCustomColumns();
    }

    /** Makes coding_issues' custom columns those of the wanted fields, then fills the ones just added. */
    private void refreshCustomColumns() throws SQLException {
        if (tables.isEmpty()) {
            createTables();
            return;
        }
        String name = tableName(CodingTable.ISSUES.uriName());
        SinkDialect dialect;
        List<AddedColumn> added = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            dialect = SinkDialect.of(connection);
            List<SinkColumn> typed = new ArrayList<>(tables.get(name).columns().stream()
                    .filter(c -> !c.source().startsWith("issues.custom."))
                    .toList());
            typed.addAll(customColumns(connection, statement, dialect, name, added));
            createLiveView(connection, statement, CodingTable.ISSUES.uriName());
            SinkTable current = tables.get(name);
            tables.put(name, SinkTable.of(name, dialect, current.docKind(), typed));
            // only now: a failure above leaves the fields unknown, so the next rows try again
            knownFieldIds = Set.copyOf(wantedCustomFields().keySet());
        }
        backfill(dialect, added);
    }

    /** The custom fields that get a column: those of the catalog, and those seen in rows that it lacks. */
    private Map<String, SinkColumns.CustomColumn> wantedCustomFields() {
        Map<String, SinkColumns.CustomColumn> wanted = new LinkedHashMap<>(fieldsSeenInRows);
        wanted.putAll(customFields); // the catalog's definition wins
        return wanted;
    }

    /** A custom field column this process has just added. */
    private record AddedColumn(SinkColumns.CustomColumn field, SinkColumn column) {}

    /** Fills columns just added from the rows' {@code doc} (after the table's statements write them). */
    private void backfill(SinkDialect dialect, List<AddedColumn> added) throws SQLException {
        String name = tableName(CodingTable.ISSUES.uriName());
        for (AddedColumn column : added) {
            int filled = CustomColumnBackfill.fill(dataSource, name, column.field(), column.column(), dialect);
            LOG.info(
                    "Filled {}.{} in {} stored rows from their doc",
                    name,
                    column.column().name(),
                    filled);
        }
    }

    /** The sink table {@code name} as the statements need it (created on first use if createTables did not run). */
    SinkTable table(String name) throws SQLException {
        SinkTable table = tables.get(name);
        if (table == null) {
            synchronized (this) {
                if (tables.get(name) == null) {
                    createTables();
                }
                table = tables.get(name);
            }
            if (table == null) {
                throw new SQLException("no sink table " + name);
            }
        }
        return table;
    }

    /** The columns of the catalog's custom fields, added when missing. */
    private List<SinkColumn> customColumns(
            Connection connection, Statement statement, SinkDialect dialect, String table, List<AddedColumn> added)
            throws SQLException {
        Map<String, ExistingColumn> existing = columns(connection, table);
        List<SinkColumn> columns = new ArrayList<>();
        Map<String, SinkColumns.CustomColumn> wanted = wantedCustomFields();
        for (SinkColumns.CustomColumn field : wanted.values()) {
            String first = SinkColumns.customColumnName(field.fieldId());
            ExistingColumn found = existing.get(first);
            String name = first;
            if (found != null && !field.kind().matches(found.jdbcType(), found.typeName())) {
                name = first + "_" + field.kind().tag();
                if (!existing.containsKey(name)) {
                    LOG.warn(
                            "Custom field {} ({}) is now {}: its column {} is {}; its values go to a new column {}"
                                    + " from now on, and {} keeps the values written before",
                            field.fieldId(),
                            field.fieldName(),
                            field.type(),
                            first,
                            found.typeName(),
                            name,
                            first);
                }
            }
            if (!existing.containsKey(name)) {
                statement.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + name + " "
                        + field.kind().ddl(dialect));
                LOG.info(
                        "Added column {}.{} ({}) for custom field {} ({})",
                        table,
                        name,
                        field.kind().ddl(dialect),
                        field.fieldId(),
                        field.fieldName());
                added.add(new AddedColumn(field, field.column(name)));
            }
            columns.add(field.column(name));
        }
        return columns;
    }

    /**
     * The live view: every column but {@code deleted}, in the table's order (new columns come last); the issues view
     * takes the names of statuses and iterations from their tables ({@link LiveViews}).
     */
    private void createLiveView(Connection connection, Statement statement, String codingTable) throws SQLException {
        String name = tableName(codingTable);
        List<String> columns = columns(connection, name).keySet().stream()
                .filter(c -> !c.equals("deleted"))
                .toList();
        statement.execute("CREATE OR REPLACE VIEW " + liveViewName(codingTable) + " AS "
                + LiveViews.select(CodingTable.fromUri(codingTable), columns));
    }

    /** A column as the database reports it. */
    record ExistingColumn(int jdbcType, String typeName) {}

    /** The table's columns in their order, lower case names. */
    private static Map<String, ExistingColumn> columns(Connection connection, String table) throws SQLException {
        Map<String, ExistingColumn> columns = new LinkedHashMap<>();
        DatabaseMetaData meta = connection.getMetaData();
        // H2 keeps unquoted names in upper case, PostgreSQL in lower case
        for (String candidate : List.of(table.toUpperCase(Locale.ROOT), table)) {
            try (ResultSet rs = meta.getColumns(connection.getCatalog(), null, candidate, null)) {
                java.util.TreeMap<Integer, Map.Entry<String, ExistingColumn>> ordered = new java.util.TreeMap<>();
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema != null && !isDefaultSchema(connection, schema)) {
                        continue;
                    }
                    ordered.put(
                            rs.getInt("ORDINAL_POSITION"),
                            Map.entry(
                                    rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                                    new ExistingColumn(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"))));
                }
                ordered.values().forEach(e -> columns.put(e.getKey(), e.getValue()));
            }
            if (!columns.isEmpty()) {
                break;
            }
        }
        return columns;
    }

    private static boolean isDefaultSchema(Connection connection, String schema) throws SQLException {
        String current = connection.getSchema();
        return current == null || current.equalsIgnoreCase(schema);
    }
}
