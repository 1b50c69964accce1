package dev.camelcoding.app.it;

import com.sun.security.auth.module.UnixSystem;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests.
 *
 * <p>{@link #jdbcUrl()} answers the JDBC URL of a running server with a database made for the tests (user
 * {@code postgres}, no password):
 * <ul>
 *   <li>the environment variable {@code CODING_TEST_POSTGRES_URL} when it is set (CI starts one server for the whole
 *       run with {@code .ci/postgres.sh} and passes it that way);</li>
 *   <li>otherwise a server of its own, started once per JVM on the first call: {@code initdb} into a fresh directory
 *       {@code /tmp/camel-coding-pg-*}, {@code pg_ctl start} on 127.0.0.1 and a free port, database {@code coding};
 *       stopped and deleted by a JVM shutdown hook. As root (PostgreSQL refuses to run as root) the server runs as
 *       the {@code postgres} user.</li>
 * </ul>
 * The database is shared by every test of the JVM (and, in CI, of the whole run): use table names of your own.
 */
public final class TestPostgres {

    /** The environment variable naming a server that is already running. */
    public static final String URL_ENV = "CODING_TEST_POSTGRES_URL";
    /** The database the tests get. */
    public static final String DATABASE = "coding";

    private static final String DIR_PREFIX = "camel-coding-pg-";
    private static final int START_ATTEMPTS = 3;

    private static final TestServers.Address SERVER = new TestServers.Address("PostgreSQL", URL_ENV,
            TestPostgres::startServer);

    private TestPostgres() {
    }

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
        Path bin = findBinaries();
        boolean root = new UnixSystem().getUid() == 0;
        Path tmp = Path.of("/tmp");
        if (!Files.isDirectory(tmp)) {
            tmp = Path.of(System.getProperty("java.io.tmpdir"));
        }
        removeStaleServers(tmp, bin, root);

        Path dir = TestServers.ownedDirectory(tmp, DIR_PREFIX, "PostgreSQL");
        try {
            if (root) {
                UserPrincipal postgres;
                try {
                    postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                } catch (IOException e) {
                    throw new IllegalStateException("PostgreSQL refuses to run as root and there is no 'postgres' user"
                            + " to run it as: install PostgreSQL with its Debian package (apt-get install postgresql)"
                            + " or set " + URL_ENV, e);
                }
                Files.setOwner(dir, postgres);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for PostgreSQL under " + tmp, e);
        }
        Path data = dir.resolve("data");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(dir, bin, root, "fast"), "stop-test-postgres"));

        run(dir, "initdb", root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "-A", "trust", "--no-sync", "--no-locale", "-E", "UTF8"), 120);

        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = TestServers.freePorts(1)[0];
            try {
                // -w: pg_ctl itself waits until the server accepts connections (at most -t seconds).
                run(dir, "pg_ctl-start", root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                        "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                        "-o", "-h 127.0.0.1 -p " + port + " -k " + data + " -c fsync=off"
                                + " -c synchronous_commit=off -c full_page_writes=off",
                        "start"), 90);
            } catch (IllegalStateException e) {
                // Most likely someone took the port between choosing it and the server's bind: try another one.
                lastFailure = e;
                continue;
            }
            String base = "jdbc:postgresql://127.0.0.1:" + port + "/";
            try (Connection c = DriverManager.getConnection(base + "postgres?user=postgres");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL started on port " + port + " but CREATE DATABASE "
                        + DATABASE + " failed; server log: " + dir.resolve("server.log"), e);
            }
            System.out.printf("[TestPostgres] PostgreSQL (%s) on 127.0.0.1:%d in %s, ready in %d ms%n",
                    bin, port, dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return base + DATABASE + "?user=postgres";
        }
        throw new IllegalStateException("PostgreSQL did not start after " + START_ATTEMPTS + " attempts; server log:\n"
                + TestServers.tail(dir.resolve("server.log")), lastFailure);
    }

    /** The newest /usr/lib/postgresql/N/bin (Debian, Ubuntu), else the directory of initdb and pg_ctl on the PATH. */
    private static Path findBinaries() {
        Optional<Path> debian = Optional.empty();
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                debian = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(b -> version(b.getParent().getFileName().toString())));
            } catch (IOException e) {
                // fall back to the PATH
            }
        }
        if (debian.isPresent()) {
            return debian.get();
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path b = Path.of(entry);
            if (Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))) {
                return b;
            }
        }
        throw new IllegalStateException("The tests need a PostgreSQL server and found none: neither "
                + URL_ENV + " is set nor are PostgreSQL's initdb and pg_ctl installed (looked in"
                + " /usr/lib/postgresql/*/bin and on the PATH). Install them with: apt-get install postgresql"
                + " (Debian/Ubuntu), or point " + URL_ENV + " at a running server"
                + " (e.g. jdbc:postgresql://127.0.0.1:5432/coding?user=postgres).");
    }

    private static double version(String name) {
        try {
            return Double.parseDouble(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Runs a PostgreSQL command (as the postgres user when we are root), its output in dir/NAME.log. */
    private static void run(Path dir, String name, boolean root, List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (root) {
            if (Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"))
                    || onPath("runuser")) {
                full.addAll(List.of("runuser", "-u", "postgres", "--"));
                full.addAll(command);
            } else {
                full.addAll(List.of("su", "postgres", "-s", "/bin/sh", "-c", shellQuote(command)));
            }
        } else {
            full.addAll(command);
        }
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("LC_ALL", "C");
        try {
            Process p = builder.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeoutSeconds + " s: "
                        + String.join(" ", full) + "\n" + TestServers.tail(log));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(name + " failed (exit " + p.exitValue() + "): "
                        + String.join(" ", full) + "\n" + TestServers.tail(log) + "\n"
                        + TestServers.tail(dir.resolve("server.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
    }

    private static boolean onPath(String program) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }

    private static String shellQuote(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            line.append(line.length() == 0 ? "" : " ").append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }

    /** Stops the server of dir, if it runs, and deletes dir. */
    private static void stopAndDelete(Path dir, Path bin, boolean root, String mode) {
        Path data = dir.resolve("data");
        if (postmasterAlive(data.resolve("postmaster.pid"))) {
            try {
                run(dir, "pg_ctl-stop", root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                        "-m", mode, "-w", "-t", "20", "stop"), 30);
            } catch (RuntimeException e) {
                System.err.println("[TestPostgres] could not stop the server in " + dir + ": " + e.getMessage());
                return; // keep the directory: the server may still be using it
            }
        }
        TestServers.deleteTree(dir);
    }

    /** Whether the postmaster of postmaster.pid (its first line) is still running. */
    private static boolean postmasterAlive(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return !lines.isEmpty()
                    && ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return Files.exists(pidFile); // unreadable: let pg_ctl decide
        }
    }

    /** Servers left behind by test JVMs that died without running their shutdown hook (kill -9, a crash). */
    private static void removeStaleServers(Path tmp, Path bin, boolean root) {
        TestServers.abandonedDirectories(tmp, DIR_PREFIX).forEach(d -> stopAndDelete(d, bin, root, "immediate"));
    }
}
