package dev.camelcoding.component.polling;

import dev.camelcoding.component.schema.ReferenceAnswers;
import dev.camelcoding.component.team.ProjectIds;
import java.time.Duration;

/**
 * What a table's poller shares with the other readers of its component: CODING's reference answers (with the schema)
 * and the project ids of the team's project list (for the members table).
 *
 * @param reference the component's latest reference answers
 * @param freshFor  how old an answer this table reuses: its own poll delay, so its rows are never older than they
 *                  would be had it called CODING itself at each poll
 * @param projectIds the ids the team's project list showed (empty for a one-project sync)
 */
public record SharedAnswers(ReferenceAnswers reference, Duration freshFor, ProjectIds projectIds) {

    /** Nothing shared: every poll calls CODING (a poller made on its own: tests, the change log's backfill). */
    public static SharedAnswers none() {
        return new SharedAnswers(ReferenceAnswers.unshared(), Duration.ZERO, new ProjectIds());
    }
}
