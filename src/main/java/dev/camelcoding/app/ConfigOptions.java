package dev.camelcoding.app;

import java.nio.file.Files;
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
            description = "a properties file read after"
                    + " routes/application.properties (its keys win over that file's; environment variables and --set win"
                    + " over it)")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "set one key (repeatable); wins over --config,"
                    + " environment variables and routes/application.properties")
    Map<String, String> set = new LinkedHashMap<>();

    /** The settings these options give, resolved the way the routes resolve them (see {@link SyncSettings}). */
    SyncSettings settings() {
        if (config != null && !Files.isReadable(config)) {
            throw new ConfigurationException("--config " + config + ": no such readable file");
        }
        Properties overrides = new Properties();
        set.forEach((key, value) -> overrides.setProperty(key.trim(), value.trim()));
        return new SyncSettings(config, overrides);
    }
}
