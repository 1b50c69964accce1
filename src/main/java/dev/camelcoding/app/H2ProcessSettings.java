package dev.camelcoding.app;

/**
 * H2 settings of the application's process, given as system properties before H2's first class loads (H2 reads them
 * once, in {@code org.h2.engine.SysProperties}); a value the user gives with {@code -D} wins.
 *
 * <p>{@code h2.objectCache=false}: H2 otherwise looks every string it binds or reads up in a small cache of equal
 * values to share them, hashing each in full. The sync's strings are a row's JSON text (about 1 KB an issue, bound to
 * the change log, read back, bound to the sink), almost never equal to a cached one: the lookups were about 5 % of a
 * backfill's pipeline CPU in a JFR profile, for nothing. It changes no durability setting (WRITE_DELAY=0 stays).
 */
final class H2ProcessSettings {

    static final String OBJECT_CACHE = "h2.objectCache";

    private H2ProcessSettings() {}

    /** Sets the application's defaults the user did not set. */
    static void apply() {
        if (System.getProperty(OBJECT_CACHE) == null) {
            System.setProperty(OBJECT_CACHE, "false");
        }
    }
}
