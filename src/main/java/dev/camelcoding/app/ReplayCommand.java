package dev.camelcoding.app;

import dev.camelcoding.component.sink.ReplayResult;
import java.util.Properties;

/**
 * {@code replay}: sends the dead letters through the pipeline to the sink again (e.g. after a sink outage). The work
 * is {@code DeadLetters.replay()}; this prints its counts and exits 1 when dead letters are left.
 */
final class ReplayCommand {

    static final java.util.Set<String> SOURCES = java.util.Set.of("coding-issues", "coding-comments",
            "coding-project-members", "coding-iterations");

    int run(String[] args) throws Exception {
        Properties overrides = Options.parse(args);
        ReplayResult result = replay(overrides);
        System.out.println("Replayed " + result.replayed() + " dead letters; " + result.stillWaiting()
                + " still waiting in " + SyncApplication.effectiveSettings(overrides).getProperty("coding.dead-letter.dir")
                + (result.complete() ? "." : " (./coding-sync status shows why; run replay again once fixed)."));
        return result.complete() ? 0 : 1;
    }

    /** The pipeline and the sink, started without the coding: sources (so CODING is not called). */
    static SyncApplication startWithoutSources(Properties overrides) throws Exception {
        Properties settings = new Properties();
        settings.putAll(overrides);
        settings.setProperty("camel.main.auto-startup", "false");
        SyncApplication app = new SyncApplication(settings);
        app.start();
        try {
            for (var route : app.camel().getRoutes()) {
                if (!SOURCES.contains(route.getId())) {
                    app.camel().getRouteController().startRoute(route.getId());
                }
            }
        } catch (Exception e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** Starts the pipeline and the sink without the coding: sources and replays the dead letters. */
    static ReplayResult replay(Properties overrides) {
        try (SyncApplication app = startWithoutSources(overrides)) {
            return app.camel().createProducerTemplate().requestBody("direct:coding-replay-dead-letters",
                    (Object) null, ReplayResult.class);
        } catch (org.apache.camel.CamelExecutionException e) {
            throw new ConfigurationException("the replay stopped: " + SyncApplication.rootMessage(e)
                    + " (nothing is lost: run replay again)");
        } catch (Exception e) {
            if (e instanceof ConfigurationException c) {
                throw c;
            }
            throw new ConfigurationException("the replay stopped: " + SyncApplication.rootMessage(e));
        }
    }
}
