package dev.camelcoding.app.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for the tests.
 *
 * <p>{@link #jdbcUrl()} answers the JDBC URL of a running server with a database made for the tests (user
 * {@code postgres}, no password):
 * <ul>
 *   <li>the environment variable {@code CODING_TEST_POSTGRES_URL} when it is set (CI starts one server for the whole
 *       run with {@code .ci/postgres.sh} and passes it that way);</li>
 *   <li>otherwise a server of its own, started once per JVM on the first call by the same script,
 *       {@code .ci/postgres.sh start} (initdb into a fresh directory {@code /tmp/camel-coding-pg-*}, 127.0.0.1 and a
 *       free port, database {@code coding}; as root it runs as the {@code postgres} user, since PostgreSQL refuses
 *       root), stopped and deleted by a JVM shutdown hook. One way to start PostgreSQL, for CI, these tests and the
 *       component's change log tests alike.</li>
 * </ul>
 * The database is shared by every test of the JVM (and, in CI, of the whole run): use table names of your own.
 */
public final class TestPostgres {

    /** The environment variable naming a server that is already running. */
    public static final String URL_ENV = "CODING_TEST_POSTGRES_URL";
    /** The database the tests get. */
    public static final String DATABASE = "coding";

    private static final String DIR_PREFIX = "camel-coding-pg-";

    private static final TestServers.Address SERVER =
            new TestServers.Address("PostgreSQL", URL_ENV, TestPostgres::startServer);

    private TestPostgres() {}

    /** The JDBC URL of a running PostgreSQL server, started on the first call unless {@value #URL_ENV} names one. */
    public static String jdbcUrl() {
        return SERVER.get();
    }

    /** A new connection to {@link #jdbcUrl()}; the caller closes it. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String startServer() {
        long started = System.nanoTime();
        Path script = findScript();
        // under /tmp: as root the server runs as the postgres user, who must reach the directory
        Path tmp = Files.isDirectory(Path.of("/tmp")) ? Path.of("/tmp") : Path.of(System.getProperty("java.io.tmpdir"));
        for (Path abandoned : TestServers.abandonedDirectories(tmp, DIR_PREFIX)) {
            stopAndDelete(script, abandoned); // left by a test JVM killed before its shutdown hook ran
        }
        Path dir = TestServers.ownedDirectory(tmp, DIR_PREFIX, "PostgreSQL");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(script, dir), "stop-test-postgres"));
        String url = script(script, "start", dir);
        System.out.printf(
                "[TestPostgres] PostgreSQL at %s in %s, ready in %d ms%n",
                url, dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return url;
    }

    /** Runs {@code .ci/postgres.sh COMMAND DIR}; answers the last line it printed (start prints the JDBC URL). */
    private static String script(Path script, String command, Path dir) {
        try {
            Process process = new ProcessBuilder("bash", script.toString(), command, dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String last = null;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    last = line;
                }
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)
                    || process.exitValue() != 0
                    || ("start".equals(command) && last == null)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " " + command + " " + dir + " failed (its output is above);"
                        + " server log:\n" + TestServers.tail(dir.resolve("server.log")));
            }
            return last == null ? "" : last.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stopAndDelete(Path script, Path dir) {
        try {
            script(script, "stop", dir);
        } catch (RuntimeException e) {
            System.err.println("[TestPostgres] could not stop the server in " + dir + ": " + e.getMessage());
            return; // keep the directory: the server may still be using it
        }
        TestServers.deleteTree(dir);
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
