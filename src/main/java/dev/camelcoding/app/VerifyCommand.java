package dev.camelcoding.app;

import dev.camelcoding.app.verify.ChangeLogAccess;
import dev.camelcoding.app.verify.CheckedTable;
import dev.camelcoding.app.verify.CodingListing;
import dev.camelcoding.app.verify.Differences;
import dev.camelcoding.app.verify.JdbcSinkRows;
import dev.camelcoding.app.verify.JsonLinesSinkRows;
import dev.camelcoding.app.verify.RepairEmitter;
import dev.camelcoding.app.verify.SinkReadException;
import dev.camelcoding.app.verify.SinkRows;
import dev.camelcoding.app.verify.SortedMerge;
import dev.camelcoding.app.verify.TableReport;
import dev.camelcoding.client.CallPriority;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingApiException;
import dev.camelcoding.client.CodingAuthenticationException;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.client.CodingPermissionException;
import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.component.CodingEndpoint;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.polling.CommentFreshness;
import dev.camelcoding.component.schema.CustomFieldDefinitions;
import dev.camelcoding.component.schema.SchemaDiscovery;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code verify}: is the sink complete? Compares each table of the sink with what CODING lists now, at the least API
 * cost (list calls only, at the lowest priority of a limiter paced below {@code coding.rate-limit}), and says per
 * table the rows CODING has and the sink lacks, the rows the sink has and CODING no longer has, and the rows whose
 * version differs, with counts and a sample of keys; then how many calls it made. Both sides are read as sorted
 * streams and merged ({@link SortedMerge}), so memory stays flat. {@code --repair} appends the events that fix the
 * differences to the change log ({@link RepairEmitter}), so every consumer of the log gets them.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Is the sink complete? Compares each table of the sink (JDBC: H2 or PostgreSQL; JSON Lines) with what"
                    + " CODING lists now and prints, per table, the rows CODING has and the sink lacks, the rows the"
                    + " sink has and CODING no longer has, and the rows whose version differs (counts and a sample of"
                    + " keys), then the API calls it made: list calls only (issues: one per 500), at the lowest"
                    + " priority. Comments are not compared row by row (CODING lists them per issue: one call per"
                    + " issue): verify says whether every issue's comments were read at least once. A Kafka or log"
                    + " sink cannot be read back: exit 2.",
            "Exit code 0 when the sink is complete, 1 when it is not (also after --repair: the repair is in the change"
                    + " log, the sink has it once run delivers it), 2 for a configuration mistake, 3 when CODING"
                    + " refuses the credential or the project."
        })
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(
            names = "--table",
            paramLabel = "TABLE",
            description = "compare only this table (issues, comments, iterations, projectMembers, issueTypes,"
                    + " issueStatuses, issueFields); default: every table of coding.tables")
    String table;

    @Option(
            names = "--project",
            paramLabel = "PROJECT",
            description = "the project to compare (default: coding.project)")
    String project;

    @Option(
            names = "--repair",
            description = "append the changes that make the sink equal CODING to the change log (c/u with CODING's"
                    + " row for missing or stale rows, d for rows CODING no longer has), so every consumer gets them"
                    + " with the next run; refused while a run reads the source (stop it, or wait)")
    boolean repair;

    @Option(
            names = "--rate-share",
            paramLabel = "SHARE",
            defaultValue = "0.25",
            description = "the share of coding.rate-limit verify may use (default ${DEFAULT-VALUE}): it runs beside"
                    + " run on the same credential")
    double rateShare;

    @Override
    public Integer call() {
        if (project != null) {
            config.set.put("coding.project", project);
        }
        SyncSettings settings = config.settings();
        SettingsCheck check = new SettingsCheck(settings);
        check.validate();
        check.requireCodingProject();
        if (!(rateShare > 0 && rateShare <= 1)) {
            throw new ConfigurationException("--rate-share must be above 0 and at most 1, got " + rateShare);
        }
        List<CheckedTable> tables = tables(check.tables());
        String sink = settings.get("coding.sink");
        PrintStream out = System.out;
        if (!sink.equals("jdbc") && !sink.equals("jsonl")) {
            System.err.println("coding-sync verify: the " + sink + " sink cannot be read back, so it cannot be"
                    + " compared with CODING (a Kafka topic keeps every event, not the latest row per key, and"
                    + " retention may have dropped some). What can be checked: ./coding-sync status (each table's"
                    + " phase, how far behind CODING, dead letters) and the change log's consumer lag; verify"
                    + " compares JDBC (H2, PostgreSQL) and JSON Lines sinks.");
            return ExitCode.CONFIGURATION.code();
        }
        String projectName = settings.get("coding.project");
        try (SyncApplication app = new SyncApplication(settings)) {
            app.start(false); // the sink's beans and the coding component as run configures them; no route runs
            CodingComponent component = app.camel().getComponent("coding", CodingComponent.class);
            CodingClientOptions configured = component.getConfiguration().clientOptions();
            CodingClientOptions options = configured.toBuilder()
                    .callPriority(CallPriority.VERIFY)
                    .requestsPerSecond(configured.requestsPerSecond() * rateShare)
                    .build();
            try (CodingApiClient client = new CodingApiClient(options);
                    SinkRows sinkRows = sinkRows(app, settings)) {
                out.println("Verifying " + projectName + " in " + sinkRows.describe() + " against CODING ("
                        + String.format("%.2f", options.requestsPerSecond()) + " calls/s at most, lowest priority)"
                        + (repair ? "; repairing through the change log" : ""));
                return compare(app, settings, client, sinkRows, tables, out);
            }
        }
    }

    private int compare(
            SyncApplication app,
            SyncSettings settings,
            CodingApiClient client,
            SinkRows sinkRows,
            List<CheckedTable> tables,
            PrintStream out) {
        String projectName = settings.get("coding.project");
        CodingListing coding = new CodingListing(client, projectName, settings.get("coding.issue-type"));
        boolean complete = true;
        long emitted = 0;
        try (StoreSettings.Opened logDatabase = repair ? new StoreSettings(settings).open() : null;
                ChangeLogAccess log = repair ? new ChangeLogAccess(app.camel(), logDatabase.dataSource()) : null;
                RepairEmitter emitter = repair
                        ? new RepairEmitter(log, t -> source(app, t, projectName), normalizer(client, app, projectName))
                        : null) {
            for (CheckedTable table : tables) {
                if (emitter != null) {
                    emitter.prepare(table);
                }
                Differences differences = emitter != null ? emitter : Differences.NONE;
                TableReport report =
                        SortedMerge.compare(table, coding.rows(table), sinkRows.rows(table, projectName), differences);
                if (emitter != null) {
                    emitter.flush(table);
                    emitted += emitter.emitted(table);
                }
                print(out, report, emitter == null ? -1 : emitter.emitted(table));
                complete &= report.complete();
            }
            if (checksComments(new SettingsCheck(settings).tables())) {
                complete &= printComments(out, new CommentProgress(settings).read());
            }
        } catch (ChangeLogAccess.SourceBusyException busy) {
            System.err.println("coding-sync verify --repair: " + busy.getMessage());
            printCalls(out, client);
            return ExitCode.CHECK_FAILED.code();
        } catch (CodingAuthenticationException | CodingPermissionException | CodingNotFoundException refused) {
            System.err.println("coding-sync verify: CODING refused: " + refused.getMessage());
            printCalls(out, client);
            return ExitCode.CODING_REFUSED.code();
        } catch (CodingApiException failed) {
            System.err.println("coding-sync verify: CODING failed: " + failed.getMessage());
            printCalls(out, client);
            return ExitCode.CHECK_FAILED.code();
        } catch (SinkReadException unreadable) {
            System.err.println("coding-sync verify: " + unreadable.getMessage());
            printCalls(out, client);
            return ExitCode.CHECK_FAILED.code();
        }
        printCalls(out, client);
        if (repair) {
            out.println("repair          " + emitted + " changes appended to the change log"
                    + (emitted > 0
                            ? ": the sink gets them when ./coding-sync run delivers the log; verify again then"
                            : ""));
        }
        out.println(complete ? "The sink is complete." : "The sink is NOT complete.");
        return complete ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
    }

    /** Whether the comments' read progress is reported: they are synced, and no other table was asked for. */
    private boolean checksComments(Set<String> synced) {
        return synced.contains("comments") && (table == null || table.equalsIgnoreCase("comments"));
    }

    /**
     * Comments are not compared row by row (CODING lists them per issue: a call per issue, and the issue rows carry no
     * comment count): what is known cheaply is whether every issue's comments were read at least once.
     */
    private static boolean printComments(PrintStream out, java.util.Optional<CommentFreshness> progress) {
        String limit = "; not compared row by row (CODING lists comments per issue only: one call per issue)";
        if (progress.isEmpty() || progress.get().issues() == 0 && progress.get().read() == 0) {
            out.println("comments        no issue's comments read by the sync yet: NOT complete" + limit);
            return false;
        }
        CommentFreshness f = progress.get();
        if (f.unread() > 0) {
            out.printf(
                    "comments        the comments of %d of %d issues never read (the backfill is under way): NOT"
                            + " complete%s%n",
                    f.unread(), f.issues(), limit);
            return false;
        }
        out.printf(
                "comments        the comments of all %d issues read at least once (%.1f %% within the day)%s%n",
                f.issues(), 100 * f.share(f.readLastDay()), limit);
        return true;
    }

    private List<CheckedTable> tables(Set<String> synced) {
        List<CheckedTable> tables = new ArrayList<>();
        if (table != null && table.equalsIgnoreCase("comments")) {
            return tables;
        }
        if (table != null) {
            CheckedTable chosen = CheckedTable.of(table)
                    .orElseThrow(
                            () -> new ConfigurationException("--table " + table + " is not a table verify compares:"
                                    + " use one of issues, comments, iterations, projectMembers, issueTypes, issueStatuses,"
                                    + " issueFields"));
            tables.add(chosen);
            return tables;
        }
        for (String name : synced) {
            CheckedTable.of(name).ifPresent(tables::add);
        }
        return tables;
    }

    private static SinkRows sinkRows(SyncApplication app, SyncSettings settings) {
        if (settings.get("coding.sink").equals("jsonl")) {
            return new JsonLinesSinkRows(Path.of(settings.get("coding.sink.jsonl.dir")));
        }
        DataSource dataSource = app.camel().getRegistry().lookupByNameAndType("codingDataSource", DataSource.class);
        if (dataSource == null) {
            throw new ConfigurationException("the JDBC sink's data source (bean codingDataSource) is not in the"
                    + " routes: verify reads the sink the routes of routes/sinks/jdbc.camel.yaml write");
        }
        return new JdbcSinkRows(
                dataSource, "the JDBC sink " + StoreSettings.masked(settings.get("coding.sink.jdbc.url")));
    }

    /** The source the table's reader appends to, as its endpoint in the routes names it. */
    private static SourceId source(SyncApplication app, CheckedTable table, String project) {
        return app.codingEndpoints().stream()
                .filter(e -> e.getTable() == table.table())
                .map(CodingEndpoint::logSource)
                .filter(s -> s.project().equals(project))
                .findFirst()
                .orElseGet(() -> new SourceId(
                        app.camel()
                                .getComponent("coding", CodingComponent.class)
                                .getConfiguration()
                                .getTeamName(),
                        project,
                        table.uriName()));
    }

    /**
     * The issue rows' typed custom field values, as the issues reader adds them before it logs an event (read from
     * CODING's field definitions once, only when a repaired issue has custom fields).
     */
    private static UnaryOperator<ChangeEvent> normalizer(CodingApiClient client, SyncApplication app, String project) {
        String team = app.camel()
                .getComponent("coding", CodingComponent.class)
                .getConfiguration()
                .getTeamName();
        CustomFieldDefinitions definitions = new CustomFieldDefinitions(
                () -> new SchemaDiscovery(client, team, project, Instant::now).discover(),
                () -> null,
                System::currentTimeMillis,
                Duration.ofMinutes(10));
        return definitions::apply;
    }

    private static void print(PrintStream out, TableReport report, long emitted) {
        out.printf(
                "%-15s CODING %d rows, sink %d rows: %s%n",
                report.table().uriName(),
                report.codingRows(),
                report.sinkRows(),
                report.complete() ? "complete" : "NOT complete");
        kind(out, "missing", "in CODING, not in the sink", report.missing());
        kind(out, "gone", "in the sink, no longer in CODING", report.gone());
        kind(
                out,
                "stale",
                report.table().versioned() ? "another version in the sink" : "other content in the sink",
                report.stale());
        if (emitted >= 0 && !report.complete()) {
            out.printf("  repaired      %d changes appended to the change log%n", emitted);
        }
    }

    private static void kind(PrintStream out, String name, String meaning, TableReport.Kind kind) {
        if (kind.count() > 0) {
            out.printf("  %-13s %d %s, e.g. %s%n", name, kind.count(), meaning, String.join(" ", kind.sample()));
        }
    }

    private static void printCalls(PrintStream out, CodingApiClient client) {
        out.println("API calls       " + client.callCount() + " (list calls only, at the lowest priority)");
    }
}
