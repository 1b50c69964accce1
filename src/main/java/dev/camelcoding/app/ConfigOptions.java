package dev.camelcoding.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The options of every command that reads the settings: {@code --config file.properties} and {@code --set k=v}. */
final class ConfigOptions {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "a properties file whose keys win over environment variables (CODING_*) and"
                    + " routes/application.properties; --set wins over it")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "set one key (repeatable); wins over --config,"
                    + " environment variables and routes/application.properties. A coding.* key that is not a"
                    + " setting is refused (exit code 2)")
    Map<String, String> set = new LinkedHashMap<>();

    /** The settings these options give, resolved the way the routes resolve them (see {@link SyncSettings}). */
    SyncSettings settings() {
        Properties overrides = new Properties();
        set.forEach((key, value) -> overrides.setProperty(key.trim(), value.trim()));
        return new SyncSettings(config, overrides);
    }
}
