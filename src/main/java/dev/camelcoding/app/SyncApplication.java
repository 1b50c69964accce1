package dev.camelcoding.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The routes of routes/ running under Camel Main, configured like this: routes/application.properties, then
 * environment variables ({@code CODING_TOKEN} for {@code coding.token}), then explicit overrides (command-line
 * {@code --set key=value}, or a test's properties). The sink route file is chosen by {@code coding.sink}.
 */
final class SyncApplication implements AutoCloseable {

    static final String ROUTES_DIR = "routes";

    private final Properties settings;
    private final Main main = new Main();

    SyncApplication(Properties overrides) {
        this.settings = effectiveSettings(overrides);
        if (!java.util.List.of("jdbc", "jsonl", "kafka", "log").contains(setting("coding.sink"))) {
            throw new ConfigurationException("coding.sink '" + setting("coding.sink")
                    + "' is unknown: use jdbc, jsonl, kafka or log");
        }
    }

    /** application.properties, overridden by CODING_* environment variables, overridden by {@code overrides}. */
    static Properties effectiveSettings(Properties overrides) {
        Properties all = new Properties();
        all.putAll(defaults());
        for (Map.Entry<String, String> env : System.getenv().entrySet()) {
            if (env.getKey().startsWith("CODING_")) {
                all.setProperty(propertyName(env.getKey()), env.getValue());
            }
        }
        all.putAll(overrides);
        return all;
    }

    /** CODING_SINK_JDBC_URL -> coding.sink.jdbc.url (the dashes of our keys are written as underscores too). */
    static String propertyName(String environmentVariable) {
        String key = environmentVariable.toLowerCase().replace('_', '.');
        for (Object known : defaults().keySet()) {
            if (known.toString().replace('-', '.').equals(key)) {
                return known.toString();
            }
        }
        return key;
    }

    static Properties defaults() {
        Properties properties = new Properties();
        try (var in = routesLocationIsFile() ? Files.newInputStream(Path.of(ROUTES_DIR, "application.properties"))
                : SyncApplication.class.getResourceAsStream("/routes/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (java.io.IOException e) {
            throw new ConfigurationException("cannot read routes/application.properties: " + e.getMessage());
        }
        return properties;
    }

    private static boolean routesLocationIsFile() {
        return Files.isRegularFile(Path.of(ROUTES_DIR, "application.properties"));
    }

    String setting(String key) {
        return settings.getProperty(key, "");
    }

    Properties settings() {
        return settings;
    }

    /** Starts the routes; a configuration mistake becomes a {@link ConfigurationException} with one clear line. */
    void start() {
        String sink = setting("coding.sink");
        String prefix = routesLocationIsFile() ? "file:" + ROUTES_DIR + "/" : "classpath:routes/";
        main.setOverrideProperties(settings);
        main.configure().withRoutesIncludePattern(prefix + "coding-*.camel.yaml," + prefix + "sinks/" + sink
                + ".camel.yaml");
        main.configure().withDurationMaxSeconds(0);
        try {
            main.start();
        } catch (Exception e) {
            main.stop();
            throw new ConfigurationException(rootMessage(e));
        }
    }

    CamelContext camel() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }

    /** The innermost message of a failure: the one that says what to fix (Camel wraps it several times). */
    static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        String message = failure.getMessage();
        while (cause != null) {
            if (cause instanceof IllegalArgumentException || cause instanceof dev.camelcoding.client.CodingApiException) {
                return cause.getMessage();
            }
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
            cause = cause.getCause();
        }
        return message;
    }
}
