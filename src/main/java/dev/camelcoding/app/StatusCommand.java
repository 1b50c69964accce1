package dev.camelcoding.app;

import dev.camelcoding.component.CodingEndpoint;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.sink.DeadLetters;
import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.status.SyncPhase;
import dev.camelcoding.component.status.TableStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code status}: per table, the sync's phase and cursor, the last poll and what it found, the lag behind CODING,
 * throttling and the last failure; the change log's sources when there is one; and the dead letters waiting for
 * replay. Reads the state store the settings name ({@link StateStoreSettings}: the file under {@code coding.data-dir}
 * or the {@code coding.state.jdbc.url} database) through {@link CodingStatusReader}, so it works whether the sync runs
 * or not, and with either store.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Per table: phase, progress (the comments backfill: issues read, pace, time left), cursor, how"
                + " far the sink is behind CODING, last poll,"
                + " throttling, last failure; the change log's reader, head, tail and consumer lag; the dead letters waiting."
                + " Works whether a sync runs or not.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() throws java.io.IOException {
        SyncSettings settings = config.settings();
        PrintStream out = System.out;
        StateStoreSettings states = new StateStoreSettings(settings);
        Instant now = Instant.now();
        List<TableStatus> tables = new ArrayList<>();
        ChangeLogStatusPrinter logStatus = new ChangeLogStatusPrinter(settings, out);
        try (StateStoreSettings.Opened store = states.openForReading()) {
            // a table read through the change log keeps its reader's state in the log's store (committed with each
            // page), the others in the configured state store: each key is looked up in the log's first
            logStatus.withReaderState(readerState -> {
                CodingStatusReader reader = new CodingStatusReader(
                        readerState == null ? store.repository() : new FirstFound(readerState, store.repository()));
                for (String name : new SettingsCheck(settings).tables()) {
                    tables.add(read(reader, CodingTable.fromUri(name), settings));
                }
                return null;
            });
        }
        if (tables.stream()
                .allMatch(
                        t -> t.phase() == SyncPhase.NOT_STARTED && t.lastPoll().isEmpty())) {
            out.println("No sync state in " + states.describe() + " yet: start one with ./coding-sync run (or demo).");
        } else {
            out.println("state in " + states.describe());
        }
        for (TableStatus table : tables) {
            print(out, table, now);
        }
        logStatus.print(now);
        DeadLetters deadLetters = new DeadLetters();
        deadLetters.setDirectory(settings.find("coding.dead-letter.dir").orElse("data/dead-letters"));
        out.printf(
                "dead letters    %d waiting in %s%s%n",
                deadLetters.count(),
                deadLetters.file(),
                deadLetters.count() > 0 ? " (./coding-sync replay sends them again)" : "");
        return ExitCode.OK.code();
    }

    /**
     * The table's status under the state key its endpoint uses. Without coding.team (a simulator or proxy named by
     * coding.api-url), the endpoint's team option is empty or unset depending on how it was configured: the one of the
     * two that has state is the endpoint's.
     */
    private static TableStatus read(CodingStatusReader reader, CodingTable table, SyncSettings settings) {
        String team = settings.get("coding.team");
        List<String> teams = team.isBlank() ? java.util.Arrays.asList("", null) : List.of(team);
        TableStatus first = null;
        for (String candidate : teams) {
            TableStatus status = reader.read(
                    table,
                    CodingEndpoint.stateKeyPrefix(
                            table, candidate, settings.get("coding.project"), settings.get("coding.issue-type"), null));
            if (status.phase() != SyncPhase.NOT_STARTED || status.lastPoll().isPresent()) {
                return status;
            }
            first = first == null ? status : first;
        }
        return first;
    }

    private static void print(PrintStream out, TableStatus table, Instant now) {
        out.println(table.table().uriName());
        out.printf(
                "  phase         %s%s%n",
                table.phase().name().toLowerCase().replace('_', '-'),
                table.passPage().isPresent() ? " (page " + table.passPage().getAsInt() + ")" : "");
        table.passTotal()
                .ifPresent(total -> out.printf("  snapshot      %d rows in CODING as the pass began%n", total));
        table.cursor().ifPresent(cursor -> out.printf("  cursor        %s (newest change delivered)%n", cursor));
        behind(table, now).ifPresent(behind -> out.printf("  behind CODING %s%n", behind));
        if (table.lastPoll().isEmpty() && table.comments().isPresent()) {
            // a backfill's first poll runs until its budget is spent: its progress is saved as it goes
            out.printf(
                    "  last poll     under way, progress saved %s%n",
                    ago(Optional.of(Instant.ofEpochMilli(table.comments().get().computedAt())), now));
        } else {
            out.printf(
                    "  last poll     %s (%d events; %d in all)%n",
                    ago(table.lastPoll(), now), table.lastPollEvents(), table.totalEvents());
        }
        table.lastFailure()
                .ifPresent(failure -> out.printf(
                        "  FAILING       %s: %s%s%n",
                        failure.problem().word(),
                        failure.message(),
                        failure.problem().permanent()
                                ? " (permanent: the table's route stopped; fix this, then run again)"
                                : ""));
        if (table.throttledPolls() > 0) {
            out.printf("  throttled     %d polls failed on CODING's rate limit%n", table.throttledPolls());
        }
        table.lastCensus().ifPresent(at -> out.printf("  last census   %s%n", ago(Optional.of(at), now)));
        table.rowsKnown().ifPresent(rows -> out.printf("  rows known    %d%n", rows));
        table.comments().ifPresent(f -> {
            out.printf(
                    "  comments read %.1f %% of %d issues within the hour, %.1f %% within the day, %.1f %% within"
                            + " the week%n",
                    100 * f.share(f.readLastHour()),
                    f.issues(),
                    100 * f.share(f.readLastDay()),
                    100 * f.share(f.readLastWeek()));
            if (f.oldestReadAt() > 0) {
                out.printf(
                        "  oldest read   %s%n",
                        ago(Optional.of(java.time.Instant.ofEpochMilli(f.oldestReadAt())), now));
            }
            if (f.rescanAllowancePerMinute() > 0 || f.rescanDemandPerMinute() > 0) {
                out.printf(
                        "  rescans       the schedule needs %.1f calls/min, the budget allows %.1f%s%n",
                        f.rescanDemandPerMinute(),
                        f.rescanAllowancePerMinute(),
                        f.overCapacity()
                                ? " (over capacity: issues are read later than their interval; raise"
                                        + " commentRescanShare or rateLimit)"
                                : "");
            }
            if (f.unread() > 0) {
                double perSecond = f.backfillReadsPerMinute() / 60;
                out.printf(
                        "  backfill      %d/%d issues read, %s; about %s left%n",
                        f.read(),
                        f.issues(),
                        perSecond > 0
                                ? String.format("%.1f issues/s over the minute before the last save", perSecond)
                                : "no pace measured yet (estimate from the budget)",
                        Durations.readable(Duration.ofSeconds(f.backfillEtaSeconds())));
            } else if (f.issues() > 0) {
                out.printf("  backfill      complete: %d/%d issues read%n", f.read(), f.issues());
            }
        });
    }

    /**
     * How far the sink is behind CODING ({@link TableStatus#behind}): 0 when the table was caught up at its last poll
     * (said so, with when that was: a stopped sync is only known caught up as of then), else the age of the newest
     * change delivered while older ones wait.
     */
    private static Optional<String> behind(TableStatus table, Instant now) {
        return table.behind(now)
                .map(behind -> behind.isZero()
                        ? "0 s (caught up at its last poll, "
                                + Durations.readable(
                                        Duration.between(table.lastPoll().orElse(now), now))
                                + " ago)"
                        : Durations.readable(behind) + " ("
                                + table.phase().name().toLowerCase().replace('_', '-')
                                + (table.lastFailure().isPresent() ? ", failing" : "") + ")");
    }

    static String ago(Optional<Instant> at, Instant now) {
        return at.map(t -> t + " (" + Durations.readable(Duration.between(t, now)) + " ago)")
                .orElse("never");
    }

    /** A state repository read-only view: a key's value in the first repository that has it. */
    private record FirstFound(
            org.apache.camel.spi.StateRepository<String, String> first,
            org.apache.camel.spi.StateRepository<String, String> second)
            implements org.apache.camel.spi.StateRepository<String, String> {

        @Override
        public String getState(String key) {
            String value = first.getState(key);
            return value != null ? value : second.getState(key);
        }

        @Override
        public void setState(String key, String value) {
            throw new UnsupportedOperationException("status only reads the state");
        }

        @Override
        public void start() {}

        @Override
        public void stop() {}
    }
}
