package dev.camelcoding.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The options every command takes: {@code --config file.properties} and {@code --set key=value}. */
final class Options {

    private Options() {
    }

    static Properties parse(String[] args) {
        Properties overrides = new Properties();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    Path file = Path.of(value(args, ++i, "--config"));
                    try (InputStream in = Files.newInputStream(file)) {
                        overrides.load(in);
                    } catch (IOException e) {
                        throw new ConfigurationException("cannot read " + file + ": " + e.getMessage());
                    }
                }
                case "--set" -> {
                    String pair = value(args, ++i, "--set");
                    int eq = pair.indexOf('=');
                    if (eq < 1) {
                        throw new ConfigurationException("--set needs key=value, got " + pair);
                    }
                    overrides.setProperty(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
                default -> throw new ConfigurationException("unknown option " + args[i]
                        + " (use --config file.properties and --set key=value)");
            }
        }
        return overrides;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new ConfigurationException(option + " needs a value");
        }
        return args[index];
    }
}
