package dev.camelcoding.component.team;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.polling.StateStore;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.spi.StateRepository;

/**
 * Where a team's {@link ProjectListRefresh} request lives: the readers' state repository of the store (the table
 * {@code CODING_STATE} of the embedded file or of the shared PostgreSQL store), under a key of the team's own that is
 * no source's ({@code team-projects/<team>:refresh}; sources' keys start with {@code coding:}).
 */
public final class ProjectListRefreshRequests {

    /**
     * How often a running team sync looks for a request: one read of one row of the store, no CODING call; the bound
     * on how long {@code projects --refresh} waits for the running sync.
     */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(2);

    static final String NAME = "refresh";

    private final StateStore store;

    public ProjectListRefreshRequests(StateRepository<String, String> repository, String team) {
        this.store = new StateStore(repository, "team-projects/" + team, new ObjectMapper());
    }

    /** Asks every running sync of the team to read its project list now; answers the request as stored. */
    public ProjectListRefresh ask(long now) {
        long number = current().map(ProjectListRefresh::number).orElse(0L) + 1;
        ProjectListRefresh asked = new ProjectListRefresh(number, now, null, null, null);
        store.write(NAME, asked);
        return asked;
    }

    /** The last request made for the team, if any. */
    public Optional<ProjectListRefresh> current() {
        return store.read(NAME, ProjectListRefresh.class);
    }

    /**
     * Records a run's answer to {@code request}, unless a newer request replaced it meanwhile (that one stays
     * unanswered, for the next look).
     */
    void answer(ProjectListRefresh request, long now, int running, java.util.List<String> started) {
        Optional<ProjectListRefresh> latest = current();
        if (latest.isPresent() && latest.get().number() == request.number()) {
            store.write(NAME, request.answer(now, running, started));
        }
    }
}
