package dev.camelcoding.app;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM that has started an application (Camel Main, the routes' beans and databases, no route consuming) and then
 * works on, as every command does between its start and its close: {@link SignalStopTest}'s child.
 */
final class StartedApplicationMain {

    private StartedApplicationMain() {}

    /** {@code args[0]}: the data directory. */
    public static void main(String[] args) throws InterruptedException {
        String jdbc = "jdbc:h2:mem:signal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        SyncApplication app = new SyncApplication(SyncHarness.sinkOnlySettings(jdbc, Path.of(args[0]), "web"));
        app.start(false);
        System.out.println("started");
        System.out.flush();
        new CountDownLatch(1).await(); // until a signal ends the JVM
    }
}
