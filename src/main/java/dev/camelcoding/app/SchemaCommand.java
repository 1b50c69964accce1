package dev.camelcoding.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.schema.CustomField;
import dev.camelcoding.component.schema.FieldSpec;
import dev.camelcoding.component.schema.RefreshSchedule;
import dev.camelcoding.component.schema.SchemaCatalog;
import dev.camelcoding.component.schema.SchemaCatalogStore;
import dev.camelcoding.component.schema.SchemaDiscovery;
import dev.camelcoding.component.schema.TableModel;
import dev.camelcoding.sink.JdbcSinkSchema;
import dev.camelcoding.sink.SinkColumnTypes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code schema}: reads the project's schema catalog from CODING now (what {@code coding:schema} publishes) and
 * prints it: every table's fields with their types, nullability and key, the custom fields, the model count and
 * the refresh schedule it gives, and the version a run last published, as the store holds it; {@code --json} prints
 * the catalog document itself.
 */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = "Print the project's schema catalog: tables,"
                + " fields, custom fields, issue types, statuses, model count and refresh schedule (hourly: the project's own"
                + " minute and second of the hour, or coding.schema.refresh-cron), and the version run"
                + " last published (kept in the store) (--json: the document)."
                + " With the JDBC sink, each field's sink column and SQL type in the configured database (H2 or"
                + " PostgreSQL), as the sink creates it.")
final class SchemaCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--json", description = "Print the catalog as its JSON Schema style document.")
    boolean json;

    /** The catalog the store holds for the project (coding:schema of a run saved it), when there is a store. */
    private static Optional<SchemaCatalogStore.Stored> stored(SyncSettings settings) {
        StoreSettings store = new StoreSettings(settings);
        if (!store.exists()) {
            return Optional.empty();
        }
        try (StoreSettings.Opened opened = store.open()) {
            return new SchemaCatalogStore(opened.store())
                    .load(settings.get("coding.team"), settings.get("coding.project"));
        }
    }

    @Override
    public Integer call() throws Exception {
        SyncSettings settings = config.settings();
        SettingsCheck check = new SettingsCheck(settings);
        check.validate();
        check.requireCodingProject();
        SchemaCatalog catalog;
        Optional<SchemaCatalogStore.Stored> stored = stored(settings);
        try (SyncApplication app = new SyncApplication(settings)) {
            app.start(false);
            CodingClientOptions options = app.camel()
                    .getComponent("coding", CodingComponent.class)
                    .getConfiguration()
                    .clientOptions();
            try (CodingApiClient client = new CodingApiClient(options)) {
                catalog = new SchemaDiscovery(
                                client, settings.get("coding.team"), settings.get("coding.project"), Instant::now)
                        .discover();
            }
        }
        if (json) {
            System.out.println(
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(catalog.toJson(1)));
            return 0;
        }
        RefreshSchedule schedule = new RefreshSchedule(
                Boolean.parseBoolean(settings.get("coding.schema.refresh")),
                Long.parseLong(settings.get("coding.schema.model-threshold")),
                RefreshSchedule.parseDailyTime(settings.get("coding.schema.refresh-time")),
                RefreshSchedule.parseZone(settings.get("coding.schema.time-zone")),
                RefreshSchedule.hourlyCron(
                        settings.get("coding.schema.refresh-cron"), settings.get("coding.team"), catalog.project()));
        System.out.println("Schema of " + catalog.project() + " (fingerprint " + catalog.fingerprint() + "): "
                + catalog.modelCount() + " models, refreshed "
                + (!schedule.enabled()
                        ? "on start only"
                        : schedule.daily(catalog.modelCount())
                                ? "daily at " + schedule.dailyTime() + " " + schedule.zone()
                                : "hourly (cron '" + schedule.hourlyCron() + "', " + schedule.zone() + ")"));
        // what run published last, from the store: the version the next schema event continues from
        System.out.println(stored.map(s -> "Stored: version " + s.signature().version() + " (fingerprint "
                        + s.signature().fingerprint()
                        + (s.signature().fingerprint().equals(catalog.fingerprint())
                                ? ", as now"
                                : ", CODING changed since")
                        + "), published " + s.savedAt() + ", in the store " + new StoreSettings(settings).describe())
                .orElse("Stored: none yet in the store " + new StoreSettings(settings).describe()
                        + " (run publishes it with the first schema event)"));
        // the sink's columns come from the mapping the JDBC sink creates them with, in the configured database's
        // dialect: a field typed epoch_millis in the event is a TIMESTAMP WITH TIME ZONE column there
        Optional<SinkColumnTypes> sink = "jdbc".equals(settings.get("coding.sink"))
                ? SinkColumnTypes.forUrl(settings.get("coding.sink.jdbc.url"))
                : Optional.empty();
        System.out.println(sink.map(s -> "Sink: " + s.databaseName()
                        + " (coding.sink.jdbc.url); each field's column and SQL type in the sink table"
                        + " coding_<table> and its view coding_<table>_live ('doc': kept only in the JSON row)")
                .orElse("Sink: " + settings.get("coding.sink") + " (the rows as JSON events; no columns)"));
        for (TableModel table : catalog.tables()) {
            System.out.println();
            System.out.println(table.table() + " (key " + String.join(", ", table.key()) + ")"
                    + sink.map(s -> ", sink table " + JdbcSinkSchema.tableName(table.table()))
                            .orElse(""));
            Map<String, SinkColumnTypes.Placement> columns =
                    sink.map(s -> s.fields(CodingTable.fromUri(table.table()))).orElse(Map.of());
            for (FieldSpec field : table.fields()) {
                SinkColumnTypes.Placement column = columns.get(field.name());
                System.out.printf(
                        "  %-20s %-12s %-8s %s%n",
                        field.name(),
                        field.type().name().toLowerCase(),
                        field.nullable() ? "null" : "not null",
                        column == null ? "" : column.column() + " " + column.sqlType());
            }
        }
        System.out.println();
        System.out.println("custom fields (issues: custom.<id>" + (sink.isPresent() ? ", sink column" : "") + ")");
        for (CustomField field : catalog.customFields()) {
            System.out.printf(
                    "  %-8d %-22s %-12s %-20s %s%n",
                    field.id(),
                    field.componentType(),
                    field.name(),
                    String.join(",", field.issueTypes()),
                    sink.map(s -> {
                                SinkColumnTypes.Placement p = s.customField(field.id(), field.componentType());
                                return p.column() + " " + p.sqlType();
                            })
                            .orElse(""));
        }
        System.out.println();
        System.out.println("issue types: " + catalog.issueTypes().size() + ", statuses: "
                + catalog.statuses().size() + ", fields per issue type: " + catalog.issueTypeFields());
        return 0;
    }
}
