package dev.camelcoding.app.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What {@link TestPostgres} and {@link TestKafka} share: the address of a server that an environment variable names
 * or that is started once per test JVM, and the scratch directories such servers live in (owned by the JVM that made
 * them, so a later JVM can clean up after one that was killed). Two server classes stay: how each starts and stops
 * has nothing in common.
 */
final class TestServers {

    private static final String OWNER_FILE = "owner.pid";

    private TestServers() {}

    /** A server's address: {@code env} when it is set, else {@code start}ed on the first call; a failed start sticks. */
    static final class Address {
        private final String what;
        private final String env;
        private final Supplier<String> start;
        private String address;
        private RuntimeException failure;

        Address(String what, String env, Supplier<String> start) {
            this.what = what;
            this.env = env;
            this.start = start;
        }

        synchronized String get() {
            if (address == null) {
                if (failure != null) { // do not make every later test wait for another failing start
                    throw new IllegalStateException(what + " failed to start earlier in this JVM", failure);
                }
                String external = System.getenv(env);
                try {
                    address = external != null && !external.isBlank() ? external.trim() : start.get();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }
            return address;
        }
    }

    /** A fresh directory {@code tmp/prefix*} owned by this JVM (its pid in {@value #OWNER_FILE}). */
    static Path ownedDirectory(Path tmp, String prefix, String what) {
        try {
            Path dir = Files.createTempDirectory(tmp, prefix);
            Files.writeString(
                    dir.resolve(OWNER_FILE),
                    Long.toString(ProcessHandle.current().pid()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for " + what + " under " + tmp, e);
        }
    }

    /** The directories {@code tmp/prefix*} whose owning JVM is gone (killed before its shutdown hook ran). */
    static List<Path> abandonedDirectories(Path tmp, String prefix) {
        try (Stream<Path> dirs = Files.list(tmp)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(prefix) && Files.isDirectory(d))
                    .filter(d -> ownerGone(d.resolve(OWNER_FILE)))
                    .toList();
        } catch (IOException | RuntimeException e) {
            System.err.println("[TestServers] could not look for abandoned directories in " + tmp + ": " + e);
            return List.of();
        }
    }

    private static boolean ownerGone(Path ownerFile) {
        try {
            long pid = Long.parseLong(
                    Files.readString(ownerFile, StandardCharsets.UTF_8).trim());
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false; // being created right now, or not ours: leave it alone
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[TestServers] could not delete " + dir + ": " + e);
        }
    }

    /** {@code count} distinct free TCP ports (all held open at once while they are chosen, so they differ). */
    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                socket.setReuseAddress(true);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket
                }
            }
        }
    }

    /** The last 30 lines of a log, for a failure message. */
    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no " + file + ")";
        }
    }
}
