package dev.camelcoding.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.polling.ResyncRequest;
import dev.camelcoding.component.polling.ResyncRequests;
import dev.camelcoding.component.polling.StateStore;
import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.status.SyncPhase;
import dev.camelcoding.component.status.TableStatus;
import dev.camelcoding.component.store.StoreStateRepository;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code resync}: asks for a new full pass of one table while the others keep running. The request is a
 * {@link ResyncRequest} written in the state store the settings name, under the table's state key prefix, where the
 * table's reader looks at the start of every poll: a running {@code run} on the database store takes it at its next
 * poll, and a {@code run} started later takes it at its first. With {@code --wait} the command follows the request
 * until the pass is complete and prints what it emitted.
 */
@Command(
        name = "resync",
        mixinStandardHelpOptions = true,
        description = {
            "Asks for a new full pass of one table while the others keep running: every row is emitted again"
                    + " (mode \"resync\" in the event's source; the sink's version guard applies) and, once the pass"
                    + " is complete, the rows it did not see are deleted. issues: a full pass by Code, then the"
                    + " issues known but not seen are deleted; comments: every issue's comments read again (all"
                    + " made due; the comments gone deleted); iterations, projectMembers, issueTypes, issueStatuses,"
                    + " issueFields: the next poll emits every row and deletes what is gone. status shows the phase"
                    + " resync while the pass runs.",
            "The request is kept in the store (coding.store.url, or the embedded file under coding.data-dir): a"
                    + " running run takes it at its next poll, else run takes it when it starts next. Asking again"
                    + " before the pass starts makes one pass."
        })
final class ResyncCommand implements Callable<Integer> {

    private static final Duration FOLLOW_EVERY = Duration.ofMillis(500);

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(
            names = "--table",
            required = true,
            paramLabel = "TABLE",
            description =
                    "the table to read again (issues, comments, iterations, projectMembers, issueTypes, issueStatuses,"
                            + " issueFields); one of coding.tables")
    String table;

    @Option(names = "--project", paramLabel = "PROJECT", description = "the project (default: coding.project)")
    String project;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "wait up to this many seconds for the pass to complete and print its result (default"
                    + " ${DEFAULT-VALUE}: only ask); exit 1 when it is not complete by then")
    long waitSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (project != null) {
            config.set.put("coding.project", project);
        }
        SyncSettings settings = config.settings();
        SettingsCheck check = new SettingsCheck(settings);
        CodingTable chosen = chosenTable(check);
        StoreSettings states = new StoreSettings(settings);
        PrintStream out = System.out;
        if (!states.exists()) {
            throw new ConfigurationException("--table " + chosen.uriName() + ": no sync state in " + states.describe()
                    + " yet; the first run reads the table whole anyway");
        }
        // the store a running sync reads at every poll: the request reaches it (the embedded file is served by the
        // running sync, AUTO_SERVER)
        try (StoreSettings.Opened opened = states.open()) {
            opened.store().define(StoreStateRepository.PART);
            StoreStateRepository repository = new StoreStateRepository(opened.store());
            StateStore store = new StateStore(repository, prefix(repository, chosen, settings), new ObjectMapper());
            ResyncRequest asked = ResyncRequests.ask(store, System.currentTimeMillis());
            out.println("resync of " + chosen.uriName() + " in project " + settings.get("coding.project")
                    + " requested at " + Instant.ofEpochMilli(asked.requestedAt()) + " in " + states.describe());
            return follow(store, asked, Instant.now().plusSeconds(Math.max(0, waitSeconds)), out);
        }
    }

    private int follow(StateStore store, ResyncRequest asked, Instant until, PrintStream out)
            throws InterruptedException {
        boolean reportedTaken = false;
        while (true) {
            Optional<ResyncRequest> now = ResyncRequests.current(store);
            boolean same = now.map(r -> r.requestedAt() == asked.requestedAt()).orElse(false);
            if (same && now.get().done()) {
                ResyncRequest done = now.get();
                out.println("pass complete at " + Instant.ofEpochMilli(done.doneAt()) + ": " + done.rows()
                        + " rows read, " + done.deleted() + " deleted");
                return ExitCode.OK.code();
            }
            if (same && now.get().running() && !reportedTaken) {
                out.println("taken by a running sync at "
                        + Instant.ofEpochMilli(now.get().takenAt()));
                reportedTaken = true;
            }
            if (!Instant.now().isBefore(until)) {
                if (!reportedTaken) {
                    out.println("not taken yet: the table's reader takes it at the start of its next poll");
                }
                return waitSeconds > 0 ? ExitCode.CHECK_FAILED.code() : ExitCode.OK.code();
            }
            Thread.sleep(FOLLOW_EVERY.toMillis());
        }
    }

    private CodingTable chosenTable(SettingsCheck check) {
        CodingTable chosen;
        try {
            chosen = CodingTable.fromUri(table);
        } catch (IllegalArgumentException unknown) {
            throw new ConfigurationException("--table " + table + ": " + unknown.getMessage());
        }
        if (check.tables().stream().noneMatch(name -> CodingTable.fromUri(name) == chosen)) {
            throw new ConfigurationException(
                    "--table " + table + ": not synced (coding.tables=" + String.join(",", check.tables()) + ")");
        }
        return chosen;
    }

    /**
     * The table's state key prefix, as status finds it (with the team empty or unset, see StatusCommand#read). A table
     * without state has never been read: its first run reads it whole anyway, so there is nothing to ask.
     */
    private static String prefix(StoreStateRepository repository, CodingTable chosen, SyncSettings settings) {
        TableStatus status = StatusCommand.read(new CodingStatusReader(repository), chosen, settings);
        if (status.phase() == SyncPhase.NOT_STARTED && status.lastPoll().isEmpty()) {
            throw new ConfigurationException("--table " + chosen.uriName() + ": no sync state for it yet; the first"
                    + " run reads the table whole anyway");
        }
        return status.stateKey();
    }
}
