package dev.camelcoding.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A project's (or the team's) {@link StatusReport.Totals} as the one line the text status prints for it. */
final class ProjectTotalsText {

    private ProjectTotalsText() {}

    /**
     * E.g. {@code 2 projects, 4 tables (3 UP, 1 DOWN), phase incremental; delivered 17 events, 5 rows; 22 events in
     * all; behind CODING at most 0 s; 0 throttled polls; 0 dead letters}.
     */
    static String line(StatusReport.Totals totals) {
        StringBuilder line = new StringBuilder();
        if (totals.projects() != null) {
            line.append(totals.projects()).append(totals.projects() == 1 ? " project, " : " projects, ");
        }
        line.append(totals.tables())
                .append(totals.tables() == 1 ? " table (" : " tables (")
                .append(health(totals))
                .append("), phase ")
                .append(totals.phase());
        List<String> delivered = new ArrayList<>();
        for (Map.Entry<String, Long> unit : totals.rows().entrySet()) {
            delivered.add(unit.getValue() + " " + unit.getKey());
        }
        if (!delivered.isEmpty()) {
            line.append("; delivered ").append(String.join(", ", delivered));
        }
        line.append("; ").append(totals.totalEvents()).append(" events in all");
        if (totals.behindSeconds() != null) {
            line.append("; behind CODING at most ")
                    .append(Durations.readable(Duration.ofSeconds(totals.behindSeconds())));
        }
        if (totals.backfill() != null) {
            line.append("; ")
                    .append(totals.backfill().sources())
                    .append(totals.backfill().sources() == 1 ? " table backfilling, " : " tables backfilling, ")
                    .append(BackfillEstimate.words(totals.backfill().seconds()));
        }
        line.append("; ").append(totals.throttledPolls()).append(" throttled polls");
        if (totals.deadLetters() != null) {
            line.append("; ").append(totals.deadLetters()).append(" dead letters");
        }
        return line.toString();
    }

    private static String health(StatusReport.Totals totals) {
        List<String> parts = new ArrayList<>();
        if (totals.up() > 0) {
            parts.add(totals.up() + " UP");
        }
        if (totals.down() > 0) {
            parts.add(totals.down() + " DOWN");
        }
        if (totals.notStarted() > 0) {
            parts.add(totals.notStarted() + " not started");
        }
        return String.join(", ", parts);
    }
}
