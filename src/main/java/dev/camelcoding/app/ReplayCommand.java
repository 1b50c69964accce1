package dev.camelcoding.app;

import dev.camelcoding.sink.ReplayResult;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code replay}: sends the dead letters (rows of the store {@code coding.store.url} names) through the pipeline to
 * the sink again (e.g. after a sink outage). The work is {@code DeadLetters.replay()}, a transactional query
 * (crash-safe; several processes may replay one store at once); this prints its counts and exits 1 when dead letters
 * are left.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Send the dead letters (events the sink"
                + " rejected, kept in the store coding.store.url names) through the pipeline to the sink again; those"
                + " that fail again stay, with the new reason and one more attempt. Exit code 1 while any are left."
                + " Safe to interrupt: the next replay resumes.")
final class ReplayCommand implements Callable<Integer> {

    static final java.util.Set<String> SOURCES = java.util.Set.of(
            "coding-issues", "coding-comments", "coding-project-members", "coding-iterations", "coding-projects");

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() {
        SyncSettings settings = config.settings();
        ReplayResult result = replay(settings);
        System.out.println("Replayed " + result.replayed() + " dead letters; " + result.stillWaiting()
                + " still waiting in the store " + new StoreSettings(settings).describe()
                + (result.complete() ? "." : " (./coding-sync status shows why; run replay again once fixed)."));
        return result.complete() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
    }

    /** For tests: the pipeline and the sink with these keys set (as --set would), without the coding: sources. */
    static SyncApplication startWithoutSources(Properties overrides) {
        return startWithoutSources(new SyncSettings(overrides));
    }

    /** The pipeline and the sink, started without the coding: sources (so CODING is not called). */
    static SyncApplication startWithoutSources(SyncSettings settings) {
        SyncApplication app = new SyncApplication(settings);
        try {
            app.start(false);
            for (var route : app.camel().getRoutes()) {
                if (!SOURCES.contains(route.getId())) {
                    app.camel().getRouteController().startRoute(route.getId());
                }
            }
        } catch (Exception e) {
            app.close();
            if (e instanceof ConfigurationException c) {
                throw c;
            }
            throw new ConfigurationException("cannot start the sink: " + SyncApplication.rootMessage(e));
        }
        return app;
    }

    /** Starts the pipeline and the sink without the coding: sources and replays the dead letters. */
    static ReplayResult replay(SyncSettings settings) {
        try (SyncApplication app = startWithoutSources(settings)) {
            return app.camel()
                    .createProducerTemplate()
                    .requestBody("direct:coding-replay-dead-letters", (Object) null, ReplayResult.class);
        } catch (org.apache.camel.CamelExecutionException e) {
            throw new ConfigurationException(
                    "the replay stopped: " + SyncApplication.rootMessage(e) + " (nothing is lost: run replay again)");
        }
    }
}
