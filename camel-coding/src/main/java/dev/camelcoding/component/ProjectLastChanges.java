package dev.camelcoding.component;

import dev.camelcoding.component.polling.TablePoller;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each project last changed on CODING, in CODING's time: the newest UpdatedAt its issues table saw. One per
 * component, shared by a project's routes.
 *
 * <p>Why: the idle schedule of a new consumer would count its start as a change and poll at the base delay for
 * {@code idleBackoffAfter}. Only the issues carry a project-wide time of the last change; the tables without one
 * (members, iterations, the reference tables) take their project's issues' figure, so a dormant project's every
 * table starts backed off, not just its issues.
 */
public final class ProjectLastChanges {

    private final ConcurrentHashMap<String, Long> newest = new ConcurrentHashMap<>();

    /** {@code poller}'s newest change (if its rows carry one) counts for its project. */
    public void record(String team, String project, TablePoller poller) {
        poller.newestChange().ifPresent(at -> newest.merge(key(team, project), at, Math::max));
    }

    /** The project's newest change, in CODING's time, if its issues table has seen one. */
    public OptionalLong lastChange(String team, String project) {
        Long at = newest.get(key(team, project));
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /**
     * After a poll of {@code poller}: records its newest change, and tells {@code schedule} when the project last
     * changed, on this machine's clock, if both the project's last change and CODING's now ({@code codingNow}, from
     * the Date header of its answers) are known. Otherwise the schedule keeps the start as its last change.
     */
    public void tell(
            IdlePollSchedule schedule,
            String team,
            String project,
            TablePoller poller,
            OptionalLong codingNow,
            long localNow) {
        record(team, project, poller);
        OptionalLong last = lastChange(team, project);
        if (last.isPresent() && codingNow.isPresent()) {
            schedule.lastChangeKnown(IdlePollSchedule.lastChangeAt(last.getAsLong(), codingNow.getAsLong(), localNow));
        }
    }

    private static String key(String team, String project) {
        return team + "/" + project;
    }
}
