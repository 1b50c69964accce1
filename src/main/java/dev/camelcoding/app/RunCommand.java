package dev.camelcoding.app;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.IssueQuery;
import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.component.CodingEndpoint;
import dev.camelcoding.component.team.ProjectSelection;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code run}: the routes against a real CODING team until stopped, with progress while the backfill runs. When
 * CODING refuses the sync for good (a table's consumer stopped on a permanent failure), it stops and exits with
 * {@link ExitCode#CODING_REFUSED} and one line saying what to fix.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Sync the configured CODING project (coding.project), or several projects of the team"
                + " (coding.projects: * or names and globs, less coding.projects.exclude; the list is read again every"
                + " coding.projects.refresh-interval, and a project CODING refuses stops alone, with one line) until"
                + " stopped (Ctrl-C or SIGTERM: a clean stop, exit code 0). Exit code 2 for a configuration mistake"
                + " (a value, or a path it cannot write), 3 when CODING refuses the credential, a permission or the"
                + " project. With coding.observe.enabled=true: health, metrics and the monitoring page"
                + " (http://<coding.observe.host>:<coding.observe.port>/observe/page) on the observe server."
                + " With coding.store.url and coding.sink.jdbc.url on one database, the JDBC sink commits each batch"
                + " and its change log offset in one transaction (one INFO line at start says which way it runs)."
                + " Several processes on one coding.store.url that each write a sink of their own need a"
                + " coding.sink.consumer-group each (as Kafka consumer groups), or their sinks split the changes.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(
            names = "--progress-seconds",
            paramLabel = "N",
            defaultValue = "10",
            description = "seconds between progress lines (default ${DEFAULT-VALUE}): per table the rows delivered"
                    + " (comments: issues read of all issues), phase, pace over the last minute, ETA at that pace and"
                    + " how far the sink is behind CODING; one line when a table's backfill completes. With several"
                    + " projects, one line per project (a backfilling one ends with about how long it has left) and"
                    + " one for the team")
    int progressSeconds;

    @Override
    public Integer call() throws Exception {
        if (progressSeconds < 1) {
            throw new ConfigurationException(
                    "--progress-seconds=" + progressSeconds + " is not allowed: use a whole number of seconds from 1");
        }
        SyncSettings settings = config.settings();
        SyncApplication app = new SyncApplication(settings);
        SettingsCheck check = new SettingsCheck(settings);
        ProjectSelection selection = check.requireCodingProjects();
        new WritablePaths(settings).check();
        java.util.List<String> tables = java.util.List.copyOf(check.tables());
        System.out.printf(
                "Syncing %s/%s (mode %s, tables %s) into the %s sink. Ctrl-C to stop.%n",
                app.setting("coding.team"),
                selection.isTeam() ? "{" + selection.describe() + "}" : app.setting("coding.project"),
                app.setting("coding.mode"),
                app.setting("coding.tables"),
                app.setting("coding.sink"));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> cleanStop(app, stopped), "coding-sync-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            app.start();
            ProgressMeter progress = app.progress();
            // a team's ETA is not one project's issue count: the progress lines show rows without it
            long total = selection.isTeam() ? 0 : issueTotal(app);
            long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(progressSeconds);
            while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
                var refused = app.refusedEndpoint();
                if (refused.isPresent()) {
                    CodingEndpoint endpoint = refused.get();
                    System.err.println("coding-sync run: " + endpoint.getTable().uriName() + ": "
                            + endpoint.health().problem() + ": "
                            + endpoint.health().permanentFailure().getMessage());
                    keepExitCode(hook);
                    app.close();
                    return ExitCode.CODING_REFUSED.code();
                }
                if (System.nanoTime() >= nextProgress) {
                    progress.report(total, tables).forEach(System.out::println);
                    nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(progressSeconds);
                }
            }
            return ExitCode.OK.code();
        } finally {
            keepExitCode(hook);
        }
    }

    /** Any way out of run but a signal (a failed start, CODING's refusal) keeps its exit code: no clean-stop hook. */
    private static void keepExitCode(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal stopped run: the hook is running and ends the JVM with the clean stop's code
        }
    }

    /**
     * Ctrl-C (SIGINT) or SIGTERM: the routes stop and the state store closes (cursors flushed), then the JVM ends
     * with exit code 0, a clean stop, instead of the 130 or 143 (128 + signal) the JVM gives once its hooks are done.
     * Only a signal runs this hook: every other way out of {@code run} removes it first, keeping its own exit code.
     */
    private static void cleanStop(SyncApplication app, CountDownLatch stopped) {
        int code = ExitCode.OK.code();
        try {
            app.close();
        } catch (RuntimeException e) {
            System.err.println("coding-sync run: the stop was not clean: " + SyncApplication.rootMessage(e));
            code = ExitCode.CHECK_FAILED.code();
        }
        stopped.countDown();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /** The number of issues CODING reports (one call with a page of one row), for the ETA; 0 when unknown. */
    static long issueTotal(SyncApplication app) {
        try {
            CodingComponent component = app.camel().getComponent("coding", CodingComponent.class);
            try (CodingApiClient client =
                    new CodingApiClient(component.getConfiguration().clientOptions())) {
                return client.issuePage(IssueQuery.byUpdateTime(app.setting("coding.project"), 1), 1)
                        .totalCount();
            }
        } catch (RuntimeException unknown) {
            return 0;
        }
    }
}
