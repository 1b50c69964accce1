package dev.camelcoding.app;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.sink.DeadLetters;
import dev.camelcoding.sink.ReplayResult;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replay}: sends the dead letters (rows of the store {@code coding.store.url} names) through the pipeline to
 * the sink again (e.g. after a sink outage). The work is {@code DeadLetters.replay()}, a transactional query
 * (crash-safe; several processes may replay one store at once); this prints its counts and exits 1 when dead letters
 * are left.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Send the dead letters (events the sink"
                + " rejected, kept in the store coding.store.url names) through the pipeline to the sink again; those"
                + " that fail again stay, with the new reason and one more attempt. --project and --table replay one"
                + " project's (or table's) alone (status lists them per project and table). Exit code 1 while any"
                + " of those replayed are left. Safe to interrupt: the next replay resumes.")
final class ReplayCommand implements Callable<Integer> {

    static final java.util.Set<String> SOURCES = java.util.Set.of(
            "coding-issues", "coding-comments", "coding-project-members", "coding-iterations", "coding-projects");

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(
            names = "--project",
            paramLabel = "P",
            description = "replay the dead letters of project P alone (the others keep waiting)")
    String project;

    @Option(
            names = "--table",
            paramLabel = "T",
            description = "replay the dead letters of table T alone (issues, comments, projectMembers, iterations,"
                    + " projects, issueTypes, issueStatuses, issueFields); with --project, of that project's table")
    String table;

    @Override
    public Integer call() {
        SyncSettings settings = config.settings();
        DeadLetters.Selection selection = new DeadLetters.Selection(project, table == null ? null : tableName(table));
        ReplayResult result = replay(settings, selection);
        System.out.println("Replayed " + result.replayed() + " dead letters" + of(selection) + "; "
                + result.stillWaiting() + " still waiting in the store " + new StoreSettings(settings).describe()
                + (result.complete() ? "." : " (./coding-sync status shows why; run replay again once fixed)."));
        return result.complete() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
    }

    /** The table as the events name it (their CamelCodingTable header: issues, projectMembers, ..., schema). */
    private static String tableName(String table) {
        if (table.equals("schema")) {
            return table; // the schema catalog's events
        }
        try {
            return CodingTable.fromUri(table).uriName();
        } catch (IllegalArgumentException unknown) {
            throw new ConfigurationException("--table " + table + " is not a table: use one of "
                    + String.join(
                            ", ",
                            java.util.Arrays.stream(CodingTable.values())
                                    .map(CodingTable::uriName)
                                    .toList())
                    + ", schema");
        }
    }

    private static String of(DeadLetters.Selection selection) {
        if (selection.project() == null && selection.table() == null) {
            return "";
        }
        return " of " + (selection.project() != null ? "project " + selection.project() : "every project")
                + (selection.table() != null ? ", table " + selection.table() : "");
    }

    /** For tests: the pipeline and the sink with these keys set (as --set would), without the coding: sources. */
    static SyncApplication startWithoutSources(Properties overrides) {
        return startWithoutSources(new SyncSettings(overrides));
    }

    /** The pipeline and the sink, started without the coding: sources (so CODING is not called). */
    static SyncApplication startWithoutSources(SyncSettings settings) {
        SyncApplication app = new SyncApplication(settings);
        try {
            app.start(false);
            for (var route : app.camel().getRoutes()) {
                if (!SOURCES.contains(route.getId())) {
                    app.camel().getRouteController().startRoute(route.getId());
                }
            }
        } catch (Exception e) {
            app.close();
            if (e instanceof ConfigurationException c) {
                throw c;
            }
            throw new ConfigurationException("cannot start the sink: " + SyncApplication.rootMessage(e));
        }
        return app;
    }

    /** Starts the pipeline and the sink without the coding: sources and replays every dead letter. */
    static ReplayResult replay(SyncSettings settings) {
        return replay(settings, DeadLetters.Selection.ALL);
    }

    /** Starts the pipeline and the sink without the coding: sources and replays the dead letters of {@code selection}. */
    static ReplayResult replay(SyncSettings settings, DeadLetters.Selection selection) {
        try (SyncApplication app = startWithoutSources(settings)) {
            return app.camel()
                    .createProducerTemplate()
                    .requestBody("direct:coding-replay-dead-letters", selection, ReplayResult.class);
        } catch (org.apache.camel.CamelExecutionException e) {
            throw new ConfigurationException(
                    "the replay stopped: " + SyncApplication.rootMessage(e) + " (nothing is lost: run replay again)");
        }
    }
}
