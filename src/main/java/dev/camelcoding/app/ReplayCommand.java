package dev.camelcoding.app;

import java.util.Properties;

/** {@code replay}: sends the dead letters through the pipeline to the sink again (e.g. after a sink outage). */
final class ReplayCommand {

    static final java.util.Set<String> SOURCES = java.util.Set.of("coding-issues", "coding-comments",
            "coding-project-members", "coding-iterations");

    int run(String[] args) throws Exception {
        Properties overrides = Options.parse(args);
        // Only the pipeline and the sink are needed: the coding: sources are not started, so CODING is not called.
        overrides.setProperty("camel.main.auto-startup", "false");
        try (SyncApplication app = new SyncApplication(overrides)) {
            app.start();
            for (var route : app.camel().getRoutes()) {
                if (!SOURCES.contains(route.getId())) {
                    app.camel().getRouteController().startRoute(route.getId());
                }
            }
            Object replayed = app.camel().createProducerTemplate()
                    .requestBody("direct:coding-replay-dead-letters", (Object) null);
            System.out.println("Replayed " + replayed + " dead letters into the " + app.setting("coding.sink") + " sink.");
        }
        return 0;
    }
}
