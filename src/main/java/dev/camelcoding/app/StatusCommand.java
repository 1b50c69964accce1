package dev.camelcoding.app;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.StateKeyPrefix;
import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.status.SyncPhase;
import dev.camelcoding.component.status.TableStatus;
import dev.camelcoding.component.store.StoreStateRepository;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code status}: per project with sources in the store and per table, the sync's phase and cursor, the last poll and what it found, the lag behind CODING,
 * throttling and the last failure; the change log's sources; and the dead letters waiting for replay. Reads the store
 * the settings name ({@link StoreSettings}: the embedded file under {@code coding.data-dir} or the
 * {@code coding.store.url} database) through {@link CodingStatusReader}, so it works whether the sync runs or not.
 * Text and {@code --json} both print one {@link StatusReport}.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Per table: phase, progress (a backfill: rows or issues left and about how long at its recent"
                + " pace), cursor, how"
                + " far the sink is behind CODING, last poll,"
                + " throttling, last failure; the change log's reader, head, tail and consumer lag; the dead letters waiting."
                + " Every project with sources in the store is shown (processes sharing coding.store.url, or one"
                + " syncing several projects): with several, grouped by project, each with its totals, then the team's"
                + " total. Dead letters per project and table. Works whether a sync runs or not. --json: the same figures as"
                + " one JSON document.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(
            names = "--json",
            description = "print the status as one JSON document (the figures of the text, typed; the same document"
                    + " the monitoring page's /observe/page/status.json carries as its \"status\")")
    boolean json;

    @Option(
            names = "--project",
            paramLabel = "P",
            description = "show project P alone (the store may hold several projects' sources: every process that"
                    + " shares it, or syncs several projects, writes there; by default status shows each project"
                    + " and the team's total)")
    String project;

    @Override
    public Integer call() throws java.io.IOException {
        SyncSettings settings = config.settings();
        PrintStream out = System.out;
        StatusReport report = report(settings, Instant.now(), project);
        if (json) {
            out.println(StatusJson.write(report));
            return ExitCode.OK.code();
        }
        if (!report.anyState()) {
            out.println(
                    "No sync state in " + report.stateStore() + " yet: start one with ./coding-sync run (or demo).");
        } else {
            out.println("state in " + report.stateStore());
        }
        boolean grouped = report.projects().size() > 1;
        for (StatusReport.Totals ofProject : report.projects()) {
            if (grouped) {
                out.printf("project %s%n", name(ofProject));
                out.printf("  %s%n", ProjectTotalsText.line(ofProject));
            }
            for (StatusReport.Source source : report.sources()) {
                if (java.util.Objects.equals(source.project(), ofProject.project())) {
                    print(out, source, report.at());
                }
            }
        }
        if (grouped) {
            out.printf("team total      %s%n", ProjectTotalsText.line(report.total()));
        }
        ChangeLogStatusPrinter.print(out, report.changeLog(), report.at());
        out.printf(
                "dead letters    %d waiting in %s%s%n",
                report.deadLetters().waiting(),
                report.deadLetters().store(),
                report.deadLetters().waiting() > 0 ? " (./coding-sync replay sends them again)" : "");
        for (StatusReport.DeadLetterGroup group : report.deadLetters().groups()) {
            // per project and table: replay --project P --table T sends one group again
            out.printf(
                    "  %-13s %d waiting%n",
                    (group.project() == null ? "(no project)" : group.project()) + "/" + group.table(),
                    group.waiting());
        }
        return ExitCode.OK.code();
    }

    /** The status report of the store the settings name, opened for reading (a running sync keeps writing it). */
    static StatusReport report(SyncSettings settings, Instant now) {
        return report(settings, now, null);
    }

    /**
     * The status report of every project with sources in the store the settings name (the settings' project first),
     * or of {@code project} alone when it is not null.
     */
    static StatusReport report(SyncSettings settings, Instant now, String project) {
        StoreSettings store = new StoreSettings(settings);
        StatusReports reports = new StatusReports(settings);
        if (!store.exists()) {
            // no run made the embedded store yet: say so without creating it
            CodingStatusReader nothing = new CodingStatusReader(new MemoryStateRepository());
            List<ReportedSources.Ref> sources = ReportedSources.of(reports.configured(), List.of(), project);
            return reports.build(
                    sources, ref -> read(nothing, ref.table(), settings, ref.project()), store.describe(), null, now);
        }
        try (StoreSettings.Opened opened = store.open()) {
            opened.store().define(StoreStateRepository.PART);
            StoreStateRepository repository = new StoreStateRepository(opened.store());
            CodingStatusReader reader = new CodingStatusReader(repository);
            List<ReportedSources.Ref> sources =
                    ReportedSources.of(reports.configured(), StoredSources.in(repository), project);
            return reports.build(
                    sources,
                    ref -> read(reader, ref.table(), settings, ref.project()),
                    store.describe(),
                    opened.dataSource(),
                    now);
        }
    }

    private static String name(StatusReport.Totals project) {
        return project.team() == null || project.team().isBlank()
                ? project.project()
                : project.team() + "/" + project.project();
    }

    /**
     * The table's status under the state key its endpoint uses. Without coding.team (a simulator or proxy named by
     * coding.api-url), the endpoint's team option is empty or unset depending on how it was configured: the one of the
     * two that has state is the endpoint's.
     */
    static TableStatus read(CodingStatusReader reader, CodingTable table, SyncSettings settings) {
        return read(reader, table, settings, settings.get("coding.project"));
    }

    /** The status of {@code project}'s table (another project's, in a store several projects share). */
    static TableStatus read(CodingStatusReader reader, CodingTable table, SyncSettings settings, String project) {
        String team = settings.get("coding.team");
        List<String> teams = team.isBlank() ? java.util.Arrays.asList("", null) : List.of(team);
        TableStatus first = null;
        for (String candidate : teams) {
            TableStatus status = reader.read(
                    table, StateKeyPrefix.of(table, candidate, project, settings.get("coding.issue-type"), null));
            if (status.phase() != SyncPhase.NOT_STARTED || status.lastPoll().isPresent()) {
                return status;
            }
            first = first == null ? status : first;
        }
        return first;
    }

    private static void print(PrintStream out, StatusReport.Source table, Instant now) {
        out.println(table.table());
        out.printf(
                "  phase         %s%s%n",
                table.phase(), table.passPage() != null ? " (page " + table.passPage() + ")" : "");
        if (table.passTotal() != null) {
            out.printf("  snapshot      %d rows in CODING as the pass began%n", table.passTotal());
        }
        if (table.eta() != null && table.comments() == null) { // the comments' backfill line below says it
            out.printf("  time left     %s%n", timeLeft(table.eta()));
        }
        if (table.cursor() != null) {
            out.printf("  cursor        %s (newest change delivered)%n", table.cursor());
        }
        behind(table, now).ifPresent(behind -> out.printf("  behind CODING %s%n", behind));
        if (table.lastPoll() == null
                && table.comments() != null
                && table.comments().computedAt() != null) {
            // a backfill's first poll runs until its budget is spent: its progress is saved as it goes
            out.printf(
                    "  last poll     under way, progress saved %s%n",
                    ago(Optional.of(table.comments().computedAt()), now));
        } else {
            out.printf(
                    "  last poll     %s (%d events; %d in all)%n",
                    ago(Optional.ofNullable(table.lastPoll()), now), table.lastPollEvents(), table.totalEvents());
        }
        if (table.down() != null) {
            out.printf(
                    "  FAILING       %s: %s%s%n",
                    table.down().problem(),
                    table.down().message(),
                    table.down().permanent()
                            ? " (permanent: the table's route stopped; fix this, then run again)"
                            : "");
        }
        if (table.throttledPolls() > 0) {
            out.printf("  throttled     %d polls failed on CODING's rate limit%n", table.throttledPolls());
        }
        if (table.lastCensus() != null) {
            out.printf("  last census   %s%n", ago(Optional.of(table.lastCensus()), now));
        }
        if (table.rowsKnown() != null) {
            out.printf("  rows known    %d%n", table.rowsKnown());
        }
        StatusReport.Comments f = table.comments();
        if (f == null) {
            return;
        }
        out.printf(
                "  comments read %.1f %% of %d issues within the hour, %.1f %% within the day, %.1f %% within"
                        + " the week%n",
                100 * f.shareReadLastHour(), f.issues(), 100 * f.shareReadLastDay(), 100 * f.shareReadLastWeek());
        if (f.oldestReadAt() != null) {
            out.printf("  oldest read   %s%n", ago(Optional.of(f.oldestReadAt()), now));
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
            double perSecond = f.backfillIssuesPerSecond();
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
    }

    /**
     * How far the sink is behind CODING ({@link TableStatus#behind}): 0 when the table was caught up at its last poll
     * (said so, with when that was: a stopped sync is only known caught up as of then), else the age of the newest
     * change delivered while older ones wait.
     */
    private static Optional<String> behind(StatusReport.Source table, Instant now) {
        if (table.behindSeconds() == null) {
            return Optional.empty();
        }
        Duration behind = Duration.ofSeconds(table.behindSeconds());
        return Optional.of(
                behind.isZero()
                        ? "0 s (caught up at its last poll, "
                                + Durations.readable(
                                        Duration.between(table.lastPoll() == null ? now : table.lastPoll(), now))
                                + " ago)"
                        : Durations.readable(behind) + " (" + table.phase() + (table.down() != null ? ", failing" : "")
                                + ")");
    }

    /** E.g. {@code about 4 min left (12000 rows left at 48.0 rows/s)}. */
    static String timeLeft(StatusReport.Eta eta) {
        return BackfillEstimate.words(eta.seconds()) + " (" + eta.left() + " " + eta.unit() + " left"
                + (eta.perSecond() != null ? String.format(" at %.1f %s/s)", eta.perSecond(), paceUnit(eta)) : ")");
    }

    private static String paceUnit(StatusReport.Eta eta) {
        return eta.unit().equals("issues read") ? "issues" : eta.unit();
    }

    static String ago(Optional<Instant> at, Instant now) {
        return at.map(t -> t + " (" + Durations.readable(Duration.between(t, now)) + " ago)")
                .orElse("never");
    }
}
