package dev.camelcoding.app;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.CodingEndpoint;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.polling.CommentFreshness;
import dev.camelcoding.component.status.SyncPhase;
import dev.camelcoding.component.status.TableStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Progress of a sync, per table, from what the pipeline delivered: an exchange of a {@code coding-*} source route
 * completes only after the sink took it, whatever the sink (jdbc, jsonl, kafka, log). Progress counts <em>rows</em>,
 * not events: a row is counted when it first appears ({@code r} or {@code c}) and taken off when deleted ({@code d});
 * an update ({@code u}, and every iteration an overwrite pass emits again) is no new row. The meter keeps no key:
 * a set of every key delivered grew with the table (some 100 bytes a row, 100 MB of live heap at a million issues,
 * the largest thing the application held). A row read again after a crash (at most the page in flight) is counted
 * twice; the issues' rows are capped at CODING's total. The committed facts of each table (its phase, a
 * snapshot pass's total, the comments backfill's issues read and pace, the rows a listing knows) come from its state
 * store, as {@code status} reads them, so a restart starts from what was committed. Rates are the current pace (the
 * last minute), and ETAs are taken from them.
 */
final class ProgressMeter extends EventNotifierSupport {

    private static final Set<SyncPhase> BACKFILLING =
            Set.of(SyncPhase.SNAPSHOT, SyncPhase.CATCH_UP, SyncPhase.BACKFILL);

    /** The exchange property keeping an exchange's events as the source handed them over. */
    private static final String EVENTS = "CamelCodingProgressEvents";

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    /** Per table, rows that appeared this run less those deleted (see the class comment: no key is kept). */
    private final Map<String, AtomicLong> rowsDelivered = new ConcurrentHashMap<>();
    /** Per table, the overwrite pass counted last (its rows are the table's). */
    private final Map<String, String> passes = new ConcurrentHashMap<>();

    private final Map<String, DeliveryRate> rates = new ConcurrentHashMap<>();

    /**
     * The projects whose events were delivered, and per project and table ({@code project/table}) the rows that
     * appeared less those deleted and the pace: with several projects (one process syncing them, issue 19) each
     * progress line says its project.
     */
    private final Set<String> projects = ConcurrentHashMap.newKeySet();

    private final Map<String, RowTally> projectRows = new ConcurrentHashMap<>();
    private final Map<String, DeliveryRate> projectRates = new ConcurrentHashMap<>();
    /** A project's table's committed status, empty without a state. */
    private final java.util.function.BiFunction<String, String, Optional<TableStatus>> projectStatuses;
    /** A table's committed status, empty without a state (the demo's meter, a table not synced). */
    private final Function<String, Optional<TableStatus>> statuses;
    /** Per table, what the first look at its state found, for the rows committed before this run and completion. */
    private final Map<String, Start> starts = new ConcurrentHashMap<>();

    private final Map<String, TableStatus> lastStatus = new ConcurrentHashMap<>();

    private final long startedNanos = System.nanoTime();

    /** The rows of one page ({@code coding.page-size}), for a pass's rows left; 0 when unknown (no estimate). */
    private final int pageSize;

    /** The phase a table had at this run's first look (taken as the meter starts). */
    private final Map<String, SyncPhase> phasesAtStart = new ConcurrentHashMap<>();

    /** The rows a table had committed at this run's first report, and whether its completion was announced. */
    private static final class Start {
        final SyncPhase phase;
        final long rows;
        boolean announced;

        Start(SyncPhase phase, long rows) {
            this.phase = phase;
            this.rows = rows;
        }
    }

    /**
     * The meter of {@code app}, reading each table's state through its route's endpoint. The application creates it
     * and registers it before its routes start ({@link #countFrom}), then takes each table's phase at start
     * ({@link #notePhasesAtStart}): a meter added to a running application missed what was delivered before it was
     * there (a small project's whole backfill, on a busy machine), and the demo waited for counts that never came.
     */
    ProgressMeter(SyncApplication app) {
        this(
                table -> app.codingEndpoints().stream()
                        .filter(endpoint -> endpoint.getTable().uriName().equals(table))
                        .findFirst()
                        .flatMap(ProgressMeter::status),
                (project, table) -> app.codingEndpoints().stream()
                        .filter(endpoint -> endpoint.getTable().uriName().equals(table)
                                && project.equals(endpoint.getConfiguration().getProjectName()))
                        .findFirst()
                        .flatMap(ProgressMeter::status),
                pageSize(app.setting("coding.page-size")));
    }

    private static int pageSize(String setting) {
        try {
            return setting == null ? 0 : Integer.parseInt(setting.trim());
        } catch (NumberFormatException unset) {
            return 0;
        }
    }

    /** Each table's phase as the application's routes started (for "caught up before this run"). */
    void notePhasesAtStart(SyncApplication app) {
        for (CodingEndpoint endpoint : app.codingEndpoints()) {
            status(endpoint)
                    .ifPresent(status ->
                            phasesAtStart.putIfAbsent(endpoint.getTable().uriName(), status.phase()));
        }
    }

    /** A meter of deliveries alone, with no table's state (the tests'). */
    static ProgressMeter withoutState() {
        return new ProgressMeter(table -> Optional.empty(), (project, table) -> Optional.empty(), 0);
    }

    /** A meter of deliveries whose tables have these states, one project's (the tests'). */
    static ProgressMeter withStates(Function<String, Optional<TableStatus>> statuses) {
        return new ProgressMeter(statuses, (project, table) -> Optional.empty(), 0);
    }

    /** A meter of deliveries whose projects' tables have these states (the tests'). */
    static ProgressMeter withProjectStates(
            java.util.function.BiFunction<String, String, Optional<TableStatus>> projectStatuses, int pageSize) {
        return new ProgressMeter(table -> Optional.empty(), projectStatuses, pageSize);
    }

    private ProgressMeter(
            Function<String, Optional<TableStatus>> statuses,
            java.util.function.BiFunction<String, String, Optional<TableStatus>> projectStatuses,
            int pageSize) {
        this.projectStatuses = projectStatuses;
        this.pageSize = pageSize;
        // a read that fails for a moment (a state store busy or closing) shows the table's last status read, not
        // none: the phase would flicker to "running"
        this.statuses = table -> {
            Optional<TableStatus> status = statuses.apply(table);
            status.ifPresent(s -> lastStatus.put(table, s));
            return status.isPresent() ? status : Optional.ofNullable(lastStatus.get(table));
        };
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    /**
     * Counts the deliveries of {@code camel}'s routes; called before the routes start, so nothing is missed. (Camel
     * fires exchange events only when a notifier was there as it started, unless told otherwise.)
     */
    void countFrom(CamelContext camel) {
        // started here: Camel skips a notifier that is not started, and starts only those it had as it initialised
        org.apache.camel.support.service.ServiceHelper.startService(this);
        camel.getManagementStrategy().addEventNotifier(this);
        camel.getCamelContextExtension().setEventNotificationApplicable(true);
    }

    private static Optional<TableStatus> status(CodingEndpoint endpoint) {
        try {
            return Optional.of(endpoint.status());
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // a state store closing under a stop: this line shows deliveries alone
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSendingEvent
                || event instanceof CamelEvent.ExchangeCompletedEvent
                || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String routeId = exchange.getFromRouteId();
        if (routeId == null || !routeId.startsWith("coding-") || routeId.equals("coding-normalize")) {
            return;
        }
        if (event instanceof CamelEvent.ExchangeSendingEvent) {
            // the events as the source handed them over, kept before a sink replaces the body (the JSON Lines sink
            // makes a batch one text, so counting the body after it found nothing: progress 0 with that sink)
            if (exchange.getProperty(EVENTS) == null) {
                exchange.setProperty(EVENTS, List.copyOf(dev.camelcoding.sink.Batches.events(exchange)));
            }
            return;
        }
        // a batch exchange (coding.batch-size) counts each of its events
        boolean completed = event instanceof CamelEvent.ExchangeCompletedEvent && exchange.getException() == null;
        @SuppressWarnings("unchecked")
        List<Exchange> events = exchange.getProperty(EVENTS, List.class);
        for (Exchange one : events != null ? events : dev.camelcoding.sink.Batches.events(exchange)) {
            count(one, completed);
        }
    }

    private void count(Exchange exchange, boolean completed) {
        String table = exchange.getMessage().getHeader(CodingConstants.TABLE, String.class);
        String op = exchange.getMessage().getHeader(CodingConstants.OP, String.class);
        if (table == null || op == null) {
            return;
        }
        counts.computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet();
        counts.computeIfAbsent(table + "/" + op, t -> new AtomicLong()).incrementAndGet();
        counts.computeIfAbsent("op/" + op, t -> new AtomicLong()).incrementAndGet();
        if (!completed) {
            return;
        }
        rates.computeIfAbsent(table, t -> new DeliveryRate(System::nanoTime)).record(1);
        String pass = exchange.getMessage().getHeader(CodingConstants.PASS_ID, String.class);
        String project = exchange.getMessage().getHeader(CodingConstants.PROJECT, String.class);
        if (project != null) {
            projects.add(project);
            String source = project + "/" + table;
            projectRates
                    .computeIfAbsent(source, t -> new DeliveryRate(System::nanoTime))
                    .record(1);
            projectRows
                    .computeIfAbsent(source, t -> new RowTally())
                    .add(op, pass, exchange.getMessage().getBody());
        }
        if (pass != null) {
            // an overwrite pass says the table is exactly its rows: a new pass counts from none
            AtomicLong rows = rowsDelivered.computeIfAbsent(table, t -> new AtomicLong());
            if (!pass.equals(passes.put(table, pass))) {
                rows.set(0);
            }
            if (!"d".equals(op)) {
                rows.incrementAndGet();
            }
            // a pass that logs only its changed rows ends with the keys of every row it saw: those are the rows
            if (exchange.getMessage().getBody() instanceof CodingChange change
                    && change.pass() != null
                    && change.pass().keys() != null) {
                rows.set(change.pass().keys().size());
            }
            return;
        }
        long rowChange = rowChange(op);
        if (rowChange != 0) {
            rowsDelivered.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(rowChange);
        }
    }

    /**
     * A project's table's rows delivered this run, counted as the table's are (see {@link #count(Exchange, boolean)}):
     * an overwrite pass counts from none, a pass that logs its changed rows alone ends with every key it saw.
     */
    private static final class RowTally {
        private long rows;
        private String pass;

        synchronized void add(String op, String passId, Object body) {
            if (passId == null) {
                rows += rowChange(op);
                return;
            }
            if (!passId.equals(pass)) {
                pass = passId;
                rows = 0;
            }
            if (!"d".equals(op)) {
                rows++;
            }
            if (body instanceof CodingChange change
                    && change.pass() != null
                    && change.pass().keys() != null) {
                rows = change.pass().keys().size();
            }
        }

        synchronized long rows() {
            return Math.max(0, rows);
        }
    }

    /** What an event does to a table's row count: a row read or created appears, a deleted one goes. */
    private static long rowChange(String op) {
        return switch (op) {
            case "r", "c" -> 1;
            case "d" -> -1;
            default -> 0;
        };
    }

    /** Events per table delivered or failed (the demo's summary). */
    long count(String table) {
        AtomicLong n = counts.get(table);
        return n == null ? 0 : n.get();
    }

    long count(String table, String op) {
        return count(table + "/" + op);
    }

    /** Events per table. */
    Map<String, Long> tables() {
        Map<String, Long> tables = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (!k.contains("/")) {
                tables.put(k, v.get());
            }
        });
        return tables;
    }

    /** Events per op. */
    Map<String, Long> ops() {
        Map<String, Long> ops = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith("op/")) {
                ops.put(k.substring(3), v.get());
            }
        });
        return ops;
    }

    /** Rows delivered this run: rows that appeared, deletes taken off (never below none). */
    long delivered(String table) {
        AtomicLong rows = rowsDelivered.get(table);
        return rows == null ? 0 : Math.max(0, rows.get());
    }

    /** Deliveries per second over the last minute. */
    double rate(String table) {
        DeliveryRate rate = rates.get(table);
        return rate == null ? 0 : rate.perSecond();
    }

    /**
     * The rows of a table as far as they were delivered: a listing's rows as its state knows them after its last
     * poll (which handed them over before it saved), else the rows committed before this run plus the rows that
     * appeared in it.
     */
    long rows(String table) {
        Optional<TableStatus> status = statuses.apply(table);
        if (status.isPresent() && status.get().rowsKnown().isPresent()) {
            return status.get().rowsKnown().getAsLong();
        }
        Start start = starts.get(table);
        return (start == null ? 0 : start.rows) + delivered(table);
    }

    /** One progress line: rows per table; issues with CODING's total also get a rate and an ETA. */
    String line(long issuesTotal) {
        return line(issuesTotal, List.of("issues", "comments", "iterations", "projectMembers"));
    }

    /** The progress line of {@code tables} (see {@link #report}). */
    String line(long issuesTotal, List<String> tables) {
        List<String> report = report(issuesTotal, tables);
        return report.get(report.size() - 1);
    }

    /**
     * What to print now: a line for each table whose backfill completed since the last report, then the progress
     * line: per table its rows (done/total where the total is known), phase, current rate, ETA and how far the sink is
     * behind CODING.
     */
    List<String> report(long issuesTotal, List<String> tables) {
        if (projects.size() > 1) {
            return perProject(tables);
        }
        Instant now = Instant.now();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String table : tables) {
            Optional<TableStatus> status = statuses.apply(table);
            SyncPhase phase = status.map(TableStatus::phase).orElse(null);
            Start start = starts.computeIfAbsent(table, t -> {
                SyncPhase atStart = phasesAtStart.getOrDefault(t, phase);
                return new Start(atStart, committedRows(atStart, status, issuesTotal));
            });
            line.append(line.length() == 0 ? "" : "  ").append(table).append(' ');
            if (table.equals("comments")
                    && status.flatMap(TableStatus::comments).isPresent()) {
                comments(line, status.get(), status.get().comments().get());
            } else {
                rowsOf(line, table, status, issuesTotal);
            }
            behind(status, now).ifPresent(behind -> line.append(", behind ").append(behind));
            line.append(')');
            if (allDelivered(table, status, issuesTotal)) {
                completion(table, start, phase, status, issuesTotal).ifPresent(lines::add);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    /**
     * With several projects, one line per project, saying it: per table its rows (a listing's as its state knows
     * them), phase, pace and how far the sink is behind CODING; a backfilling project ends with about how long it has
     * left ({@link BackfillEstimate}, from its state as {@code status} reads it). CODING's total of issues is one
     * project's (the one {@code run} asked), so no line claims it for the others. Then the team's line: how many
     * projects and tables are backfilling, and about how long the longest has left.
     */
    private List<String> perProject(List<String> tables) {
        Instant now = Instant.now();
        List<String> lines = new ArrayList<>();
        List<StatusReport.Eta> teamBackfilling = new ArrayList<>();
        int projectsBackfilling = 0;
        for (String project : new java.util.TreeSet<>(projects)) {
            StringBuilder line = new StringBuilder("project ").append(project).append(':');
            List<StatusReport.Eta> backfilling = new ArrayList<>();
            for (String table : tables) {
                String source = project + "/" + table;
                Optional<TableStatus> status = projectStatuses.apply(project, table);
                if (status.isEmpty() && !projectRows.containsKey(source)) {
                    continue; // a table this project does not sync (or has not delivered yet, without a state)
                }
                RowTally tally = projectRows.get(source);
                long rows = status.flatMap(s -> s.rowsKnown().isPresent()
                                ? Optional.of(s.rowsKnown().getAsLong())
                                : Optional.empty())
                        .orElse(tally == null ? 0 : tally.rows());
                DeliveryRate rate = projectRates.get(source);
                line.append("  ")
                        .append(table)
                        .append(' ')
                        .append(rows)
                        .append(" (")
                        .append(phaseName(status))
                        .append(", ")
                        .append(rate(rate == null ? 0 : rate.perSecond()))
                        .append("/s");
                behind(status, now).ifPresent(behind -> line.append(", behind ").append(behind));
                line.append(')');
                status.flatMap(s -> BackfillEstimate.of(s, pageSize)).ifPresent(backfilling::add);
            }
            BackfillEstimate.longest(backfilling)
                    .ifPresent(left -> line.append("; ").append(BackfillEstimate.words(left.seconds())));
            if (!backfilling.isEmpty()) {
                projectsBackfilling++;
                teamBackfilling.addAll(backfilling);
            }
            lines.add(line.toString());
        }
        StringBuilder team = new StringBuilder("team: ").append(projects.size()).append(" projects");
        int backfillingProjects = projectsBackfilling;
        BackfillEstimate.longest(teamBackfilling)
                .ifPresentOrElse(
                        left -> team.append(", ")
                                .append(backfillingProjects)
                                .append(" backfilling (")
                                .append(left.sources())
                                .append(left.sources() == 1 ? " table), " : " tables), ")
                                .append(BackfillEstimate.words(left.seconds())),
                        () -> team.append(", none backfilling"));
        lines.add(team.toString());
        return lines;
    }

    /**
     * Whether the rows a table's reader has read were delivered too (a change log may still be handing them on): the
     * issues once CODING's total, a listing once the rows its state knows (else "iterations: backfill complete, 0
     * rows" was printed while the two iterations were still in the log). A listing whose state knows no rows yet (its
     * first poll was refused, or has not been saved) has delivered nothing of its first pass. The comments'
     * completion is their reads'.
     */
    private boolean allDelivered(String table, Optional<TableStatus> status, long issuesTotal) {
        if (table.equals("issues")) {
            return issuesTotal <= 0 || rows(table) >= issuesTotal;
        }
        if (table.equals("comments")) {
            return true;
        }
        OptionalLong known = status.map(TableStatus::rowsKnown).orElse(OptionalLong.empty());
        return known.isPresent() && delivered(table) >= known.getAsLong();
    }

    /**
     * Rows committed before this run: all of CODING's when the snapshot had ended before it started. The phase is the
     * one at the run's start, not at the first report: a backfill that ended before the first report (a small
     * project, a {@code --progress-seconds} longer than its backfill) was counted as committed before the run and
     * again as delivered in it ("backfill complete, 600 rows" for 300 issues).
     */
    private static long committedRows(SyncPhase phaseAtStart, Optional<TableStatus> status, long issuesTotal) {
        if (status.isEmpty() || status.get().rowsKnown().isPresent()) {
            return 0;
        }
        TableStatus s = status.get();
        if (s.table().uriName().equals("issues")) {
            if (phaseAtStart == SyncPhase.INCREMENTAL) {
                return Math.max(0, issuesTotal);
            }
            return 0; // a snapshot resumed at its page: the pages before it are re-counted as they are delivered
        }
        return 0;
    }

    /**
     * The rows a line says a table has: the issues' never more than CODING has (a row read again after a crash is
     * counted twice, see the class comment), the progress line's figure and the completion line's alike.
     */
    private long shownRows(String table, long issuesTotal) {
        long rows = rows(table);
        return table.equals("issues") && issuesTotal > 0 ? Math.min(rows, issuesTotal) : rows;
    }

    private void rowsOf(StringBuilder line, String table, Optional<TableStatus> status, long issuesTotal) {
        long rows = shownRows(table, issuesTotal);
        long total = table.equals("issues")
                ? issuesTotal
                : status.flatMap(s -> s.passTotal().isPresent()
                                ? Optional.of(s.passTotal().getAsLong())
                                : Optional.empty())
                        .orElse(0L);
        if (total > 0) {
            rows = Math.min(rows, total);
            line.append(rows).append('/').append(total);
        } else {
            line.append(rows);
        }
        line.append(" (").append(phaseName(status));
        double rate = rate(table);
        line.append(", ").append(rate(rate)).append("/s");
        if (total > 0) {
            long left = total - rows;
            line.append(", ETA ").append(left <= 0 ? "done" : rate > 0 ? Durations.readableSeconds(left / rate) : "?");
        }
    }

    /** The comments backfill counts issues read (one call each, the slow part), at its pace over the last minute. */
    private void comments(StringBuilder line, TableStatus status, CommentFreshness freshness) {
        line.append(freshness.read())
                .append('/')
                .append(freshness.issues())
                .append(" issues read, ")
                .append(delivered("comments"))
                .append(" comments (")
                .append(phaseName(Optional.of(status)));
        if (freshness.unread() > 0) {
            double perSecond = freshness.backfillReadsPerMinute() / 60;
            line.append(", ")
                    .append(rate(perSecond))
                    .append(" issues/s, ETA ")
                    .append(perSecond > 0 ? Durations.readableSeconds(freshness.unread() / perSecond) : "?");
        } else {
            line.append(", ").append(rate(rate("comments"))).append("/s");
        }
    }

    private static Optional<String> behind(Optional<TableStatus> status, Instant now) {
        return status.flatMap(s -> s.behind(now)).map(Durations::readable);
    }

    /** One line when a table that was backfilling is caught up (and, for issues, every row was delivered). */
    private Optional<String> completion(
            String table, Start start, SyncPhase phase, Optional<TableStatus> status, long issuesTotal) {
        if (start.announced || phase == null || BACKFILLING.contains(phase)) {
            return Optional.empty();
        }
        if (start.phase != null && !BACKFILLING.contains(start.phase) && start.phase != SyncPhase.NOT_STARTED) {
            return Optional.empty(); // caught up before this run: nothing completed in it
        }
        if (phase == SyncPhase.NOT_STARTED) {
            return Optional.empty();
        }
        start.announced = true;
        String took = Durations.readable(Duration.ofNanos(System.nanoTime() - startedNanos));
        String what = status.flatMap(TableStatus::comments)
                .map(f -> f.issues() + " issues' comments read")
                .orElseGet(() -> shownRows(table, issuesTotal) + " rows");
        return Optional.of(table + ": backfill complete, " + what + " (after " + took + " of this run)");
    }

    private static String phaseName(Optional<TableStatus> status) {
        return status.map(s -> s.phase().name().toLowerCase().replace('_', '-')).orElse("running");
    }

    private static String rate(double perSecond) {
        return perSecond >= 10 || perSecond == 0 ? String.format("%.0f", perSecond) : String.format("%.1f", perSecond);
    }
}
