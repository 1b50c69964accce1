package dev.camelcoding.app;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.changelog.ChangeLogStatus;
import dev.camelcoding.component.changelog.ReaderLease;
import dev.camelcoding.component.polling.CommentFreshness;
import dev.camelcoding.component.status.PollFailure;
import dev.camelcoding.component.status.SyncPhase;
import dev.camelcoding.component.status.TableStatus;
import dev.camelcoding.sink.DeadLetters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Builds the {@link StatusReport} of the tables the settings sync, from each table's {@link TableStatus} (read through
 * {@code CodingStatusReader}: by {@code status} from the store it opens, by the running process through its
 * endpoints), the change log ({@link ChangeLogStatusPrinter}) and the dead letters. One builder for the text, the JSON
 * and the page, so they show the same figures.
 */
final class StatusReports {

    private final SyncSettings settings;

    /*
     * The store's readers, made once per store and kept: making them creates the tables they read when missing (DDL
     * and a schema catalog lookup each time), which the running sync's monitoring page, taking a report a second
     * while watched, repeated for every report. One thread builds the reports of one StatusReports.
     */
    private DataSource readersStore;
    private ChangeLogStatus changeLogStatus;
    private DeadLetters deadLetterCount;

    StatusReports(SyncSettings settings) {
        this.settings = settings;
    }

    /**
     * The report at {@code now} of {@code sources} (see {@link ReportedSources}), with each one's status as
     * {@code statusOf} reads it, the change log and the dead letters from {@code store} (null when no run has made
     * the store yet), the store described as {@code storeName}; and per project and for the team, their totals.
     */
    StatusReport build(
            List<ReportedSources.Ref> sources,
            Function<ReportedSources.Ref, TableStatus> statusOf,
            String storeName,
            DataSource store,
            Instant now) {
        StatusReport.ChangeLog log =
                store == null ? null : ChangeLogStatusPrinter.read(storeName, () -> changeLogStatus(store));
        List<StatusReport.Source> reported = new ArrayList<>();
        boolean anyState = false;
        for (ReportedSources.Ref ref : sources) {
            TableStatus status = statusOf.apply(ref);
            anyState |=
                    status.phase() != SyncPhase.NOT_STARTED || status.lastPoll().isPresent();
            reported.add(source(ref.project(), status, log, now));
        }
        StatusReport.DeadLetterCount deadLetters = deadLetters(storeName, store);
        return new StatusReport(
                now,
                storeName,
                anyState,
                List.copyOf(reported),
                SourceTotals.perProject(reported, deadLetters.groups()),
                SourceTotals.team(reported, deadLetters.waiting()),
                log,
                deadLetters,
                new StatusReport.CallBudget(rateLimit()));
    }

    /** The tables the settings sync, for the project they name (the report's first project). */
    Map<String, List<CodingTable>> configured() {
        String project = settings.get("coding.project");
        List<CodingTable> tables = new ArrayList<>();
        for (String name : new SettingsCheck(settings).tables()) {
            tables.add(CodingTable.fromUri(name));
        }
        Map<String, List<CodingTable>> configured = new LinkedHashMap<>();
        configured.put(project, List.copyOf(tables));
        return configured;
    }

    private StatusReport.Source source(String project, TableStatus table, StatusReport.ChangeLog log, Instant now) {
        String team = settings.get("coding.team");
        String tableName = table.table().uriName();
        Optional<PollFailure> failure = table.lastFailure();
        StatusReport.Health health = failure.isPresent()
                ? StatusReport.Health.DOWN
                : table.lastPoll().isPresent() ? StatusReport.Health.UP : StatusReport.Health.NOT_STARTED;
        if (health == StatusReport.Health.NOT_STARTED && table.phase() != SyncPhase.NOT_STARTED) {
            health = StatusReport.Health.UP; // a backfill's first poll saves its progress before it ends
        }
        return new StatusReport.Source(
                team,
                project,
                tableName,
                phaseName(table.phase()),
                health,
                failure.map(DownReason::of).orElse(null),
                rows(table, pageSize()),
                table.passPage().isPresent() ? table.passPage().getAsInt() : null,
                table.passTotal().isPresent() ? table.passTotal().getAsLong() : null,
                table.cursor().orElse(null),
                table.behind(now).map(java.time.Duration::toSeconds).orElse(null),
                table.lastPoll().orElse(null),
                outcome(table),
                table.lastPollEvents(),
                table.totalEvents(),
                table.throttledPolls(),
                table.lastCensus().orElse(null),
                table.rowsKnown().isPresent() ? table.rowsKnown().getAsLong() : null,
                table.comments().map(StatusReports::comments).orElse(null),
                reader(log, project, tableName),
                BackfillEstimate.of(table, pageSize()).orElse(null));
    }

    /** The phase as status has always written it: lower case, words joined by '-'. */
    static String phaseName(SyncPhase phase) {
        return phase.name().toLowerCase().replace('_', '-');
    }

    private static String outcome(TableStatus table) {
        if (table.lastPoll().isEmpty()) {
            return table.comments().isPresent() ? "under way" : "never";
        }
        return table.lastFailure().isPresent() ? "failed" : "ok";
    }

    /**
     * Progress in the table's own unit (see {@link StatusReport.Rows}). During a snapshot or catch-up pass of issues,
     * the rows of the pages before the next one (the reader saves its next page only after handing the page's rows
     * over), of CODING's total as the pass began.
     */
    private static StatusReport.Rows rows(TableStatus table, int pageSize) {
        if (table.comments().isPresent()) {
            CommentFreshness f = table.comments().get();
            return new StatusReport.Rows(f.read(), f.issues(), "issues read");
        }
        if (table.rowsKnown().isPresent()) {
            long rows = table.rowsKnown().getAsLong();
            return new StatusReport.Rows(rows, rows, "rows");
        }
        Long total = table.passTotal().isPresent() ? table.passTotal().getAsLong() : null;
        if (total != null && table.passPage().isPresent() && pageSize > 0) {
            long pagesRead = Math.max(0, table.passPage().getAsInt() - 1L);
            return new StatusReport.Rows(Math.min(total, pagesRead * pageSize), total, "rows");
        }
        return new StatusReport.Rows(table.totalEvents(), total, "events");
    }

    private static StatusReport.Comments comments(CommentFreshness f) {
        return new StatusReport.Comments(
                f.issues(),
                f.read(),
                f.unread(),
                f.share(f.readLastHour()),
                f.share(f.readLastDay()),
                f.share(f.readLastWeek()),
                f.oldestReadAt() > 0 ? Instant.ofEpochMilli(f.oldestReadAt()) : null,
                f.computedAt() > 0 ? Instant.ofEpochMilli(f.computedAt()) : null,
                f.backfillReadsPerMinute() / 60,
                f.backfillEtaSeconds(),
                f.rescanDemandPerMinute(),
                f.rescanAllowancePerMinute(),
                f.overCapacity());
    }

    /** The reader of the log source of this project's table (the team is left out: a simulator has none). */
    private static StatusReport.Reader reader(StatusReport.ChangeLog log, String project, String table) {
        if (log == null || log.sources() == null) {
            return null;
        }
        return log.sources().stream()
                .filter(s -> s.source().endsWith("/" + project + "/" + table))
                .map(StatusReport.LogSource::reader)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    static StatusReport.Reader reader(ReaderLease lease) {
        return new StatusReport.Reader(
                lease.holder(), lease.epoch(), lease.since().orElse(null), lease.expiresAt(), lease.running());
    }

    /** The dead letters waiting, per project and table (one query), and their sum. */
    private StatusReport.DeadLetterCount deadLetters(String storeName, DataSource store) {
        if (store == null) {
            return new StatusReport.DeadLetterCount(0, storeName, List.of());
        }
        List<StatusReport.DeadLetterGroup> groups = readersOn(store).waiting().stream()
                .map(w -> new StatusReport.DeadLetterGroup(w.project(), w.table(), w.waiting()))
                .toList();
        return new StatusReport.DeadLetterCount(
                groups.stream().mapToLong(StatusReport.DeadLetterGroup::waiting).sum(), storeName, groups);
    }

    /** The change log's reader on {@code store}, made on first use (a failure to make it is tried again next time). */
    private ChangeLogStatus changeLogStatus(DataSource store) {
        readersOn(store);
        if (changeLogStatus == null) {
            changeLogStatus = new ChangeLogStatus(store);
        }
        return changeLogStatus;
    }

    /** The dead letters on {@code store} (their table made on first count); forgets the readers of another store. */
    private DeadLetters readersOn(DataSource store) {
        if (readersStore != store) {
            readersStore = store;
            changeLogStatus = null;
            deadLetterCount = new DeadLetters();
            deadLetterCount.setDataSource(store);
        }
        return deadLetterCount;
    }

    /** The rows of one page ({@code coding.page-size}), as the endpoints read them; 0 when unset. */
    private int pageSize() {
        try {
            return Integer.parseInt(settings.get("coding.page-size").trim());
        } catch (NumberFormatException unset) {
            return 0;
        }
    }

    private double rateLimit() {
        try {
            return Double.parseDouble(settings.get("coding.rate-limit"));
        } catch (NumberFormatException unset) {
            return 0;
        }
    }
}
