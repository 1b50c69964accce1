package dev.camelcoding.component.changelog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for the change log tests: the server named by {@code CODING_TEST_POSTGRES_URL} (CI starts one for
 * the whole run), else one started once per JVM with the repository's own {@code .ci/postgres.sh} and stopped by a
 * shutdown hook. The database is shared: every test uses a source (team) of its own.
 */
public final class ChangeLogPostgres {

    private static String url;

    private ChangeLogPostgres() {}

    /** A new, separate connection source to the server: one "node". */
    public static DataSource node() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url());
        return dataSource;
    }

    public static synchronized String url() {
        if (url == null) {
            String external = System.getenv("CODING_TEST_POSTGRES_URL");
            url = external != null && !external.isBlank() ? external.trim() : start();
        }
        return url;
    }

    private static String start() {
        try {
            Path script = findScript();
            Path dir = Files.createTempDirectory("changelog-pg-");
            Process process = new ProcessBuilder("bash", script.toString(), "start", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String last = null;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    last = line;
                }
            }
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0 || last == null) {
                throw new IllegalStateException(script + " start " + dir + " failed (see its output above)");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(script, dir)));
            return last.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Path script, Path dir) {
        try {
            new ProcessBuilder("bash", script.toString(), "stop", dir.toString())
                    .inheritIO()
                    .start()
                    .waitFor(1, TimeUnit.MINUTES);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e);
        }
    }

    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve(".ci/postgres.sh");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException(
                "no .ci/postgres.sh above " + Path.of("").toAbsolutePath());
    }
}
