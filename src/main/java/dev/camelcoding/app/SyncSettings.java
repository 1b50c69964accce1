package dev.camelcoding.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The application's settings, resolved by Camel's own properties component exactly as the Camel Main that runs the
 * routes resolves them: routes/application.properties, then the {@code --config} file, then environment variables
 * ({@code CODING_SINK_JDBC_URL} for {@code coding.sink.jdbc.url}, Camel's own rule), then {@code --set} overrides.
 * Every command reads its settings through this one path, so what {@code test} checks is what {@code run} does.
 */
final class SyncSettings {

    static final String ROUTES_DIR = "routes";

    private final Path configFile;
    private final Properties overrides;
    private final CamelContext resolver;

    SyncSettings(Path configFile, Properties overrides) {
        this.configFile = configFile;
        this.overrides = new Properties();
        this.overrides.putAll(overrides);
        // An initialised, never started context: only its properties component is used, configured as
        // SyncApplication's Main configures its own (initialising it gives the type converter lookups need).
        this.resolver = new DefaultCamelContext();
        PropertiesComponent properties = resolver.getPropertiesComponent();
        properties.setLocation(locations());
        properties.setOverrideProperties(this.overrides);
        resolver.init();
    }

    SyncSettings(Properties overrides) {
        this(null, overrides);
    }

    /** The value of a key, or "" when it is not set anywhere. */
    String get(String key) {
        return find(key).orElse("");
    }

    Optional<String> find(String key) {
        return resolver.getPropertiesComponent().resolveProperty(key);
    }

    /** The Camel properties locations: --config, then application.properties (routes/ of the cwd, else the jar's). */
    String locations() {
        String routes = routesAreFiles()
                ? "file:" + ROUTES_DIR + "/application.properties"
                : "classpath:routes/application.properties";
        // Camel takes a key from the first location that has it: the --config file goes first to win
        return configFile == null ? routes : "file:" + configFile + "," + routes;
    }

    /** The --set overrides, for Camel Main (they win over everything else there too). */
    Properties overrides() {
        Properties copy = new Properties();
        copy.putAll(overrides);
        return copy;
    }

    /** Route files: routes/ of the working directory when it has them (a clone), else the copy inside the jar. */
    static boolean routesAreFiles() {
        return Files.isRegularFile(Path.of(ROUTES_DIR, "application.properties"));
    }

    static String routesPrefix() {
        return routesAreFiles() ? "file:" + ROUTES_DIR + "/" : "classpath:routes/";
    }

    /** How to set a key, for messages: the file, the environment variable Camel reads, or --set. */
    static String howToSet(String key) {
        return "routes/application.properties, the environment variable "
                + key.toUpperCase().replace('.', '_').replace('-', '_') + ", or --set " + key + "=...";
    }
}
