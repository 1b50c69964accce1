package dev.camelcoding.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The application jar that the application benchmarks start as a child process ({@code coding-sync run}), as users
 * run it. The benchmarks are not in that jar (they ship in no product jar), so the child's class path is the jar
 * itself, not the benchmark's own class path: what is measured is exactly what {@code ./coding-sync} runs.
 */
final class AppJar {

    /** Set by {@code ./coding-bench} to its repository's jar, so a benchmark runs from any working directory. */
    static final String PROPERTY = "bench.app.jar";

    static final String MAIN_CLASS = "dev.camelcoding.app.CodingSync";

    /**
     * The collector {@code ./coding-sync} starts the application with unless {@code CODING_SYNC_JAVA_OPTS} chooses
     * one (the script's {@code default_collector}; {@code ShippedAppJarTest} checks the two agree).
     */
    static final String LAUNCHER_DEFAULT_COLLECTOR = "-XX:+UseSerialGC";

    private static final Pattern CHOOSES_A_COLLECTOR = Pattern.compile("-XX:\\+Use[A-Za-z0-9]*GC");

    private AppJar() {}

    /**
     * The JVM options {@code ./coding-sync} gives the application for these user options ({@code
     * CODING_SYNC_JAVA_OPTS}): the launcher's default collector unless they choose one, then theirs.
     */
    static List<String> launcherJvmOptions(String userOptions) {
        List<String> options = new ArrayList<>();
        if (!CHOOSES_A_COLLECTOR.matcher(userOptions).find()) {
            options.add(LAUNCHER_DEFAULT_COLLECTOR);
        }
        for (String option : userOptions.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                options.add(option);
            }
        }
        return options;
    }

    /** The jar: {@code -Dbench.app.jar}, else {@code target/app/coding-sync.jar} under the working directory. */
    static String path() {
        String configured = System.getProperty(PROPERTY);
        Path jar = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("target", "app", "coding-sync.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the application jar " + jar.toAbsolutePath() + " is missing: run the"
                    + " benchmark with ./coding-bench (it builds the jar), or build it with mvn -DskipTests package");
        }
        return jar.toAbsolutePath().toString();
    }
}
