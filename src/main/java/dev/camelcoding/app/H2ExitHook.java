package dev.camelcoding.app;

import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts H2's own JVM exit hook after the application's stop. H2 closes every embedded database it opened in a shutdown
 * hook of its own, and the JVM runs all shutdown hooks at once: on Ctrl-C it closed the change log and the sink while
 * the routes were still stopping, so releasing the readers' leases and reading offsets failed with H2's "Database is
 * already closed (... add DB_CLOSE_ON_EXIT=FALSE ...)". That setting is no way out: H2 refuses it together with
 * {@code AUTO_SERVER=TRUE}, which the embedded log and the default sink need so that {@code status} and a SQL shell can
 * read them while a sync runs.
 *
 * <p>So while an application runs, H2's hook is taken out of the JVM's; when the application has stopped (routes,
 * consumers, leases, then data sources), it is given back, or, if the JVM is already exiting, run right then: H2 closes
 * what is still open, after everything that needed it.
 */
final class H2ExitHook {

    private static final Logger LOG = LoggerFactory.getLogger(H2ExitHook.class);
    private static final Object LOCK = new Object();
    /** Applications running with H2's hook held back: the first takes it out, the last gives it back. */
    private static int holders;
    /** H2's hook while held back (null: not held, or H2 had registered none). */
    private static Thread held;

    private H2ExitHook() {}

    /** Takes H2's hook out of the JVM's shutdown hooks until {@link #release()}; nothing when H2 has none. */
    static void holdBack() {
        synchronized (LOCK) {
            if (holders++ > 0) {
                return;
            }
            H2Closer closer = H2Closer.find();
            if (closer == null) {
                return;
            }
            // H2 adds and removes its hook under its class's lock, as databases open and all close
            synchronized (closer.h2Class()) {
                try {
                    if (Runtime.getRuntime().removeShutdownHook(closer.hook())) {
                        held = closer.hook();
                    }
                } catch (IllegalStateException exiting) {
                    // the JVM already exits: H2's hook runs as it would have
                }
            }
        }
    }

    /** Gives H2's hook back (the JVM goes on), or runs it now (the JVM exits and the application has stopped). */
    static void release() {
        synchronized (LOCK) {
            if (holders == 0 || --holders > 0 || held == null) {
                return;
            }
            Thread hook = held;
            held = null;
            H2Closer closer = H2Closer.find();
            synchronized (closer.h2Class()) {
                try {
                    // every database H2 registered closed meanwhile: H2 no longer counts on its hook, and adds it
                    // again with the next database it opens (adding it here too would make that open fail)
                    if (closer.registered()) {
                        Runtime.getRuntime().addShutdownHook(hook);
                    }
                } catch (IllegalStateException exiting) {
                    hook.run(); // closes the H2 databases still open, now that nothing uses them
                }
            }
        }
    }

    /** H2's exit hook (org.h2.engine.OnExitDatabaseCloser): its class, its instance, whether H2 counts it added. */
    private record H2Closer(Class<?> h2Class, Thread hook, Field registeredField) {

        static H2Closer find() {
            try {
                Class<?> type = Class.forName("org.h2.engine.OnExitDatabaseCloser");
                Field instance = type.getDeclaredField("INSTANCE");
                instance.setAccessible(true);
                Field registered = type.getDeclaredField("registered");
                registered.setAccessible(true);
                return new H2Closer(type, (Thread) instance.get(null), registered);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError otherH2) {
                // another H2 version: its hook stays where it is (a stop may then log that a database closed first)
                LOG.debug("H2's exit hook not found: {}", otherH2.toString());
                return null;
            }
        }

        boolean registered() {
            try {
                return registeredField.getBoolean(null);
            } catch (IllegalAccessException e) {
                return false;
            }
        }
    }
}
