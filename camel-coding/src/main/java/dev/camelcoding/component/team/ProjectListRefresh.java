package dev.camelcoding.component.team;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A request to read a team's project list now ({@code coding-sync projects --refresh}), kept in the store so that it
 * reaches every running sync of the team, in this process or another, without a port or a signal: each run's
 * {@link ProjectRoutes} looks at it every {@link ProjectListRefreshRequests#CHECK_EVERY} and refreshes once per new
 * request number, then records its answer.
 *
 * @param number      the request's number: one more than the previous request's (what a run compares, not clocks)
 * @param requestedAt when it was asked (the asking machine's clock, epoch milliseconds)
 * @param answeredAt  when a run last refreshed for this number; null until one did
 * @param running     how many projects that run syncs after its refresh; null until answered
 * @param started     the projects that refresh started (new, listed again, or answering again); null until answered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProjectListRefresh(
        long number, long requestedAt, Long answeredAt, Integer running, java.util.List<String> started) {

    /** Whether a run has refreshed for this request. */
    public boolean answered() {
        return answeredAt != null;
    }

    ProjectListRefresh answer(long now, int runningNow, java.util.List<String> startedNow) {
        return new ProjectListRefresh(number, requestedAt, now, runningNow, java.util.List.copyOf(startedNow));
    }
}
