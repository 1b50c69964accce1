package dev.camelcoding.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code replay}: sends the dead letters through the pipeline to the sink again (e.g. after a sink outage). */
@Command(name = "replay", mixinStandardHelpOptions = true, description = "Send the dead letters (events the sink"
        + " rejected) through the pipeline to the sink again; those that fail again stay.")
final class ReplayCommand implements Callable<Integer> {

    static final java.util.Set<String> SOURCES = java.util.Set.of("coding-issues", "coding-comments",
            "coding-project-members", "coding-iterations");

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        // Only the pipeline and the sink are needed: the coding: sources are not started, so CODING is not called.
        try (SyncApplication app = new SyncApplication(config.settings())) {
            app.start(false);
            for (var route : app.camel().getRoutes()) {
                if (!SOURCES.contains(route.getId())) {
                    app.camel().getRouteController().startRoute(route.getId());
                }
            }
            Object replayed = app.camel().createProducerTemplate()
                    .requestBody("direct:coding-replay-dead-letters", (Object) null);
            System.out.println("Replayed " + replayed + " dead letters into the " + app.setting("coding.sink") + " sink.");
        }
        return ExitCode.OK.code();
    }
}
