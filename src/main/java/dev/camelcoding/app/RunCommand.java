package dev.camelcoding.app;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.IssueQuery;
import dev.camelcoding.component.CodingComponent;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code run}: the routes against a real CODING team until stopped, with progress while the backfill runs. */
final class RunCommand {

    int run(String[] args) throws Exception {
        Properties overrides = Options.parse(args);
        SyncApplication app = new SyncApplication(overrides);
        require(app, "coding.team", "the CODING team (the <team> of https://<team>.coding.net/)");
        require(app, "coding.project", "the project's URL name");
        ProgressMeter progress = new ProgressMeter();
        System.out.printf("Syncing %s/%s (mode %s) into the %s sink. Ctrl-C to stop.%n", app.setting("coding.team"),
                app.setting("coding.project"), app.setting("coding.mode"), app.setting("coding.sink"));
        app.start();
        app.camel().getManagementStrategy().addEventNotifier(progress);
        long total = issueTotal(app);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "coding-sync-stop"));
        while (!stopped.await(10, TimeUnit.SECONDS)) {
            System.out.println(progress.line(total));
        }
        return 0;
    }

    /** The number of issues CODING reports (one call with a page of one row), for the ETA; 0 when unknown. */
    static long issueTotal(SyncApplication app) {
        try {
            CodingComponent component = app.camel().getComponent("coding", CodingComponent.class);
            try (CodingApiClient client = new CodingApiClient(component.getConfiguration().clientOptions())) {
                return client.issuePage(IssueQuery.byUpdateTime(app.setting("coding.project"), 1), 1).totalCount();
            }
        } catch (RuntimeException unknown) {
            return 0;
        }
    }

    private static void require(SyncApplication app, String key, String what) {
        if (app.setting(key).isBlank()) {
            throw new ConfigurationException(key + " is not set: " + what + " (routes/application.properties, the"
                    + " environment variable " + key.toUpperCase().replace('.', '_').replace('-', '_') + ", or --set "
                    + key + "=...)");
        }
    }
}
