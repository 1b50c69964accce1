package dev.camelcoding.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code coding.*} keys there are: those of routes/application.properties, the one file that documents every key
 * the application reads. A key that is not among them is a typo (it would change nothing), so it is refused with the
 * nearest known key. Also maps environment variables to keys, by Camel's rule ({@code coding.sink.jdbc.url} is
 * {@code CODING_SINK_JDBC_URL}).
 */
final class KnownSettings {

    static final String PREFIX = "coding.";
    static final String ENVIRONMENT_PREFIX = "CODING_";

    /**
     * {@code CODING_*} environment variables that are not settings, so not refused: the JVM options of the
     * {@code ./coding-sync} script, the OAuth client secret {@code authorize} reads, and the PostgreSQL URL of the
     * tests and benchmarks. Documented in docs/configuration.md.
     */
    static final Set<String> NOT_SETTINGS =
            Set.of("CODING_SYNC_JAVA_OPTS", "CODING_OAUTH_CLIENT_SECRET", "CODING_TEST_POSTGRES_URL");

    private final Properties defaults;
    private final Map<String, String> keyOfVariable;

    private KnownSettings(Properties defaults) {
        this.defaults = defaults;
        this.keyOfVariable = keys().stream().collect(Collectors.toMap(KnownSettings::variable, Function.identity()));
    }

    /** routes/application.properties of the working directory (a clone), else the copy inside the jar. */
    static KnownSettings load() {
        Properties defaults = new Properties();
        try {
            if (SyncSettings.routesAreFiles()) {
                try (Reader in = Files.newBufferedReader(
                        Path.of(SyncSettings.ROUTES_DIR, "application.properties"), StandardCharsets.UTF_8)) {
                    defaults.load(in);
                }
            } else {
                try (InputStream in =
                        KnownSettings.class.getClassLoader().getResourceAsStream("routes/application.properties")) {
                    if (in == null) {
                        throw new IllegalStateException("routes/application.properties is not in the jar");
                    }
                    defaults.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read routes/application.properties: " + e.getMessage(), e);
        }
        return new KnownSettings(defaults);
    }

    /** The known coding.* keys, sorted. */
    Set<String> keys() {
        return defaults.stringPropertyNames().stream()
                .filter(k -> k.startsWith(PREFIX))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The environment variable Camel reads for a key. */
    static String variable(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    /** The key an environment variable sets, if it sets one. */
    Optional<String> keyOf(String variable) {
        return Optional.ofNullable(keyOfVariable.get(variable));
    }

    /** Refuses a coding.* key that is not known; {@code where} says where it was given (--set, the file...). */
    void requireKnown(String key, String where) {
        if (key.startsWith(PREFIX) && !defaults.containsKey(key)) {
            throw new ConfigurationException(where + key + " is not a setting: did you mean " + nearest(key)
                    + "? (the settings are the keys of routes/application.properties)");
        }
    }

    /** Refuses a CODING_* environment variable that is neither a key's variable nor one of {@link #NOT_SETTINGS}. */
    void requireKnownVariable(String variable) {
        if (variable.startsWith(ENVIRONMENT_PREFIX)
                && !NOT_SETTINGS.contains(variable)
                && keyOf(variable).isEmpty()) {
            String nearest = keyOfVariable.keySet().stream()
                    .min(Comparator.comparingInt((String v) -> distance(variable, v))
                            .thenComparing(v -> v))
                    .orElseThrow();
            throw new ConfigurationException("environment variable " + variable + " is not a setting: did you mean "
                    + nearest + " (" + keyOfVariable.get(nearest) + ")? (CODING_* variables are settings, except "
                    + String.join(", ", new TreeSet<>(NOT_SETTINGS)) + ")");
        }
    }

    /** The known key nearest to a mistyped one (fewest edits). */
    String nearest(String key) {
        return keys().stream()
                .min(Comparator.comparingInt((String k) -> distance(key, k)).thenComparing(k -> k))
                .orElseThrow();
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
