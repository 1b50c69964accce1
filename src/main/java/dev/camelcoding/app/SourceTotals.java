package dev.camelcoding.app;

import dev.camelcoding.component.status.SyncPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sums the report's sources into {@link StatusReport.Totals}: one per project, in the order their sources come, and
 * the team's total over all of them. Only figures that add up are summed (rows per unit, events, throttled polls);
 * "behind CODING" is the most any source is behind, the phase the one of the source least far along.
 */
final class SourceTotals {

    /**
     * Phases from least to most far along: a group is where its slowest table is. Listing and incremental both mean
     * caught up and following the changes; a group with both says incremental.
     */
    private static final List<String> PHASE_ORDER = List.of(
            phase(SyncPhase.NOT_STARTED),
            phase(SyncPhase.SNAPSHOT),
            phase(SyncPhase.CATCH_UP),
            phase(SyncPhase.BACKFILL),
            phase(SyncPhase.RESYNC),
            phase(SyncPhase.LISTING));

    private SourceTotals() {}

    /** One total per project, in the order the sources list them, each with its dead letters waiting. */
    static List<StatusReport.Totals> perProject(
            List<StatusReport.Source> sources, List<StatusReport.DeadLetterGroup> deadLetters) {
        Map<String, List<StatusReport.Source>> byProject = new LinkedHashMap<>();
        for (StatusReport.Source source : sources) {
            byProject.computeIfAbsent(source.project(), p -> new ArrayList<>()).add(source);
        }
        List<StatusReport.Totals> totals = new ArrayList<>();
        byProject.forEach((project, ofProject) -> {
            long letters = deadLetters.stream()
                    .filter(group -> project.equals(group.project()))
                    .mapToLong(StatusReport.DeadLetterGroup::waiting)
                    .sum();
            totals.add(sum(ofProject.get(0).team(), project, null, ofProject, letters));
        });
        return List.copyOf(totals);
    }

    /** The team's total: every source, with how many projects and the dead letters waiting. */
    static StatusReport.Totals team(List<StatusReport.Source> sources, long deadLetters) {
        Set<String> projects = new LinkedHashSet<>();
        sources.forEach(s -> projects.add(s.project()));
        return sum(null, null, projects.size(), sources, deadLetters);
    }

    private static StatusReport.Totals sum(
            String team, String project, Integer projects, List<StatusReport.Source> sources, Long deadLetters) {
        int up = 0;
        int down = 0;
        int notStarted = 0;
        String phase = null;
        Map<String, Long> rows = new TreeMap<>();
        long events = 0;
        Long behind = null;
        long throttled = 0;
        Instant lastPoll = null;
        List<StatusReport.Eta> backfilling = new ArrayList<>();
        for (StatusReport.Source source : sources) {
            if (source.eta() != null) {
                backfilling.add(source.eta());
            }
            switch (source.health()) {
                case UP -> up++;
                case DOWN -> down++;
                case NOT_STARTED -> notStarted++;
            }
            phase = slower(phase, source.phase());
            rows.merge(source.rows().unit(), source.rows().delivered(), Long::sum);
            events += source.totalEvents();
            if (source.behindSeconds() != null) {
                behind = behind == null ? source.behindSeconds() : Math.max(behind, source.behindSeconds());
            }
            throttled += source.throttledPolls();
            if (source.lastPoll() != null
                    && (lastPoll == null || source.lastPoll().isAfter(lastPoll))) {
                lastPoll = source.lastPoll();
            }
        }
        return new StatusReport.Totals(
                team,
                project,
                projects,
                sources.size(),
                up,
                down,
                notStarted,
                phase == null ? phase(SyncPhase.NOT_STARTED) : phase,
                rows,
                events,
                behind,
                throttled,
                lastPoll,
                deadLetters,
                BackfillEstimate.longest(backfilling).orElse(null));
    }

    /** The phase of the two least far along (see {@link #PHASE_ORDER}); null when both are. */
    private static String slower(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int ra = rank(a);
        int rb = rank(b);
        if (ra == rb) {
            return a.equals(phase(SyncPhase.INCREMENTAL)) ? a : b;
        }
        return ra < rb ? a : b;
    }

    private static int rank(String phase) {
        if (phase.equals(phase(SyncPhase.INCREMENTAL))) {
            return PHASE_ORDER.indexOf(phase(SyncPhase.LISTING));
        }
        int rank = PHASE_ORDER.indexOf(phase);
        return rank < 0 ? PHASE_ORDER.size() : rank;
    }

    private static String phase(SyncPhase phase) {
        return StatusReports.phaseName(phase);
    }
}
