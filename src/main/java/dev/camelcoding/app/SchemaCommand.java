package dev.camelcoding.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.component.schema.CustomField;
import dev.camelcoding.component.schema.FieldSpec;
import dev.camelcoding.component.schema.RefreshSchedule;
import dev.camelcoding.component.schema.SchemaCatalog;
import dev.camelcoding.component.schema.SchemaDiscovery;
import dev.camelcoding.component.schema.TableModel;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code schema}: reads the project's schema catalog from CODING now (what {@code coding:schema} publishes) and
 * prints it: every table's fields with their types, nullability and key, the custom fields, the model count and
 * the refresh schedule it gives; {@code --json} prints the catalog document itself.
 */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description =
                "Print the project's schema catalog: tables,"
                        + " fields, custom fields, issue types, statuses, model count and refresh schedule (--json: the document).")
final class SchemaCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--json", description = "Print the catalog as its JSON Schema style document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SyncSettings settings = config.settings();
        SettingsCheck check = new SettingsCheck(settings);
        check.validate();
        check.requireCodingProject();
        SchemaCatalog catalog;
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
                RefreshSchedule.parseZone(settings.get("coding.schema.time-zone")));
        System.out.println("Schema of " + catalog.project() + " (fingerprint " + catalog.fingerprint() + "): "
                + catalog.modelCount() + " models, refreshed "
                + (!schedule.enabled()
                        ? "on start only"
                        : schedule.daily(catalog.modelCount())
                                ? "daily at " + schedule.dailyTime() + " " + schedule.zone()
                                : "hourly"));
        for (TableModel table : catalog.tables()) {
            System.out.println();
            System.out.println(table.table() + " (key " + String.join(", ", table.key()) + ")");
            for (FieldSpec field : table.fields()) {
                System.out.printf(
                        "  %-20s %-12s %s%n",
                        field.name(), field.type().name().toLowerCase(), field.nullable() ? "null" : "not null");
            }
        }
        System.out.println();
        System.out.println("custom fields (issues: custom.<id>, sink column cf_<id>)");
        for (CustomField field : catalog.customFields()) {
            System.out.printf(
                    "  %-8d %-22s %-12s %s%n",
                    field.id(), field.componentType(), field.name(), String.join(",", field.issueTypes()));
        }
        System.out.println();
        System.out.println("issue types: " + catalog.issueTypes().size() + ", statuses: "
                + catalog.statuses().size() + ", fields per issue type: " + catalog.issueTypeFields());
        return 0;
    }
}
