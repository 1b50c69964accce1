package dev.camelcoding.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The application jar that the application benchmarks start as a child process ({@code coding-sync run}), as users
 * run it. The benchmarks are not in that jar (they ship in no product jar), so the child's class path is the jar
 * itself, not the benchmark's own class path: what is measured is exactly what {@code ./coding-sync} runs.
 */
final class AppJar {

    /** Set by {@code ./coding-bench} to its repository's jar, so a benchmark runs from any working directory. */
    static final String PROPERTY = "bench.app.jar";

    static final String MAIN_CLASS = "dev.camelcoding.app.CodingSync";

    private AppJar() {}

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
