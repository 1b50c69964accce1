package dev.camelcoding.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The application's settings, in one precedence for every command and for the Camel Main that runs the routes:
 * {@code --set} over the {@code --config} file over environment variables ({@code CODING_SINK_JDBC_URL} for
 * {@code coding.sink.jdbc.url}, Camel's naming) over routes/application.properties. The three upper layers are merged
 * here into one set of override properties; Camel's own environment lookup is switched off (it would put environment
 * variables above {@code --set}), so both this resolver and Main see exactly these layers. A {@code coding.*} key
 * that is not a setting, in any layer, is refused ({@link KnownSettings}).
 */
final class SyncSettings {

    static final String ROUTES_DIR = "routes";
    static final String DATA_DIR = "coding.data-dir";

    private final Properties overrides;
    private final CamelContext resolver;

    /**
     * @param configFile  the --config file, or null
     * @param commandLine the --set pairs
     * @param environment the process environment (System.getenv(); a map in tests)
     */
    SyncSettings(Path configFile, Properties commandLine, Map<String, String> environment) {
        KnownSettings known = KnownSettings.load();
        Properties layered = new Properties();
        environment.keySet().stream().sorted().forEach(variable -> {
            known.requireKnownVariable(variable);
            known.keyOf(variable).ifPresent(key -> layered.setProperty(key, environment.get(variable)));
        });
        if (configFile != null) {
            Properties file = read(configFile);
            file.stringPropertyNames().stream()
                    .sorted()
                    .forEach(key -> known.requireKnown(key, "--config " + configFile + ": "));
            layered.putAll(file);
        }
        commandLine.stringPropertyNames().stream().sorted().forEach(key -> known.requireKnown(key, "--set "));
        layered.putAll(commandLine);
        this.overrides = layered;
        // An initialised, never started context: only its properties component is used, configured as
        // SyncApplication's Main configures its own (initialising it gives the type converter lookups need).
        this.resolver = new DefaultCamelContext();
        configure(resolver);
        resolver.init();
        absoluteDataDirectory();
    }

    SyncSettings(Path configFile, Properties commandLine) {
        this(configFile, commandLine, System.getenv());
    }

    SyncSettings(Properties overrides) {
        this(null, overrides);
    }

    /** Gives a context's properties component these settings: the defaults file, the layers, no environment lookup. */
    void configure(CamelContext camel) {
        PropertiesComponent properties = camel.getPropertiesComponent();
        properties.setLocation(locations());
        properties.setOverrideProperties(overrides);
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent camelOwn) {
            // the environment is a layer of the overrides already, below --config and --set
            camelOwn.setEnvironmentVariableMode(
                    org.apache.camel.component.properties.PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        }
    }

    /**
     * The data directory made absolute, as the top layer: every default file under it (the H2 sink, the change log,
     * the state file, the dead letters) then follows it, and H2 accepts it (it refuses a path like data/coding).
     */
    private void absoluteDataDirectory() {
        String dir = get(DATA_DIR).trim();
        if (!dir.isEmpty()) {
            overrides.setProperty(
                    DATA_DIR, Path.of(dir).toAbsolutePath().normalize().toString());
        }
    }

    private static Properties read(Path file) {
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new ConfigurationException("--config " + file + ": no such readable file");
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(
                    "--config " + file + ": cannot be read as a properties file: " + e.getMessage());
        }
        Properties trimmed = new Properties();
        properties
                .stringPropertyNames()
                .forEach(k ->
                        trimmed.setProperty(k.trim(), properties.getProperty(k).trim()));
        return trimmed;
    }

    /** The value of a key, or "" when it is not set anywhere. */
    String get(String key) {
        return find(key).orElse("");
    }

    Optional<String> find(String key) {
        return resolver.getPropertiesComponent().resolveProperty(key);
    }

    /** The Camel properties location of the defaults: routes/ of the cwd, else the jar's. */
    String locations() {
        return routesAreFiles()
                ? "file:" + ROUTES_DIR + "/application.properties"
                : "classpath:routes/application.properties";
    }

    /** The layers above application.properties (environment, --config, --set), merged: Camel Main's overrides. */
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
        return "routes/application.properties, the environment variable " + KnownSettings.variable(key) + ", or --set "
                + key + "=...";
    }
}
