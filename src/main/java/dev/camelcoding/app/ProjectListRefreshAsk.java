package dev.camelcoding.app;

import dev.camelcoding.component.store.StoreStateRepository;
import dev.camelcoding.component.team.ProjectListRefresh;
import dev.camelcoding.component.team.ProjectListRefreshRequests;
import dev.camelcoding.component.team.ProjectSelection;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code coding-sync projects --refresh}: writes a {@link ProjectListRefresh} request in the store the settings name,
 * where every running {@code run} of the team looks every {@link ProjectListRefreshRequests#CHECK_EVERY} (the same
 * path as {@code resync}: no port, no signal, works across machines on a shared PostgreSQL store), and with a wait
 * follows it until a run has answered.
 */
final class ProjectListRefreshAsk {

    private static final Duration FOLLOW_EVERY = Duration.ofMillis(250);

    private final SyncSettings settings;
    private final ProjectSelection selection;

    ProjectListRefreshAsk(SyncSettings settings, ProjectSelection selection) {
        this.settings = settings;
        this.selection = selection;
    }

    int ask(Duration wait) {
        if (!selection.isTeam()) {
            throw new ConfigurationException("--refresh: coding.project syncs one project and reads no project list;"
                    + " set coding.projects (* or names and globs) for a team selection");
        }
        StoreSettings states = new StoreSettings(settings);
        if (!states.exists()) {
            throw new ConfigurationException("--refresh: no sync state in " + states.describe() + " yet; the first"
                    + " run reads the project list when it starts anyway");
        }
        PrintStream out = System.out;
        String team = settings.get("coding.team");
        try (StoreSettings.Opened opened = states.open()) {
            opened.store().define(StoreStateRepository.PART);
            ProjectListRefreshRequests requests =
                    new ProjectListRefreshRequests(new StoreStateRepository(opened.store()), team);
            ProjectListRefresh asked = requests.ask(System.currentTimeMillis());
            out.println("project list refresh of team " + team + " requested (number " + asked.number() + ") at "
                    + Instant.ofEpochMilli(asked.requestedAt()) + " in " + states.describe() + "; a running run"
                    + " reads the list within " + ProjectListRefreshRequests.CHECK_EVERY.toSeconds() + " s");
            if (wait.isZero()) {
                return ExitCode.OK.code();
            }
            Instant until = Instant.now().plus(wait);
            while (Instant.now().isBefore(until)) {
                Optional<ProjectListRefresh> now = requests.current();
                if (now.isPresent()
                        && now.get().number() == asked.number()
                        && now.get().answered()) {
                    out.println("read by a running run at "
                            + Instant.ofEpochMilli(now.get().answeredAt()) + ": "
                            + now.get().running() + " projects syncing"
                            + (now.get().started().isEmpty()
                                    ? ", none started"
                                    : ", started " + String.join(", ", now.get().started())));
                    return ExitCode.OK.code();
                }
                sleep();
            }
            out.println("no running run answered within " + wait.toSeconds() + " s: the request stays in the store"
                    + " (a run starting later reads the list anyway)");
            return ExitCode.CHECK_FAILED.code();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(FOLLOW_EVERY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the refresh", e);
        }
    }
}
