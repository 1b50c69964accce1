package dev.camelcoding.app;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Every directory and file {@code run} writes, checked before anything starts, so {@code test} finds what {@code run}
 * would die on, and {@code run} says it in one line (exit code 2) instead of a stack trace: the data directory, the
 * store's file (embedded, or the H2 file coding.store.url names), the default H2 sink file, the JSON Lines directory
 * and the OAuth credentials file. The check is an actual create attempt (a probe file, removed), not only the
 * permission bits: root ignores those, and a parent that is a regular file stops everyone.
 */
final class WritablePaths {

    private final SyncSettings settings;

    WritablePaths(SyncSettings settings) {
        this.settings = settings;
    }

    /** Throws a {@link ConfigurationException} naming the key and the path for the first one that cannot be written. */
    void check() {
        Path dataDir = Path.of(settings.get(SyncSettings.DATA_DIR));
        directory(SyncSettings.DATA_DIR, dataDir);
        StoreSettings store = new StoreSettings(settings);
        if (store.embedded()) {
            file(SyncSettings.DATA_DIR + " (the store)", store.embeddedFile());
        } else {
            h2File(settings.get(StoreSettings.URL_KEY)).ifPresent(file -> file(StoreSettings.URL_KEY, file));
        }
        switch (settings.get("coding.sink")) {
            case "jdbc" ->
                h2File(settings.get("coding.sink.jdbc.url")).ifPresent(file -> file("coding.sink.jdbc.url", file));
            case "jsonl" -> directory("coding.sink.jsonl.dir", Path.of(settings.get("coding.sink.jsonl.dir")));
            default -> {}
        }
        String credentials = settings.get(AuthorizeCommand.CREDENTIALS_KEY).trim();
        if (!credentials.isEmpty()) {
            // tokens are refreshed and rotated in place: run rewrites the file
            file(AuthorizeCommand.CREDENTIALS_KEY, Path.of(credentials));
        }
    }

    /** The database file of an embedded H2 URL (jdbc:h2:file:path or jdbc:h2:path), none for mem:, tcp: or ssl:. */
    static Optional<Path> h2File(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length());
        int options = rest.indexOf(';');
        String name = options < 0 ? rest : rest.substring(0, options);
        if (name.startsWith("mem:") || name.startsWith("tcp:") || name.startsWith("ssl:") || name.startsWith("zip:")) {
            return Optional.empty();
        }
        name = name.startsWith("file:") ? name.substring("file:".length()) : name;
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return name.isBlank() ? Optional.empty() : Optional.of(Path.of(name + ".mv.db"));
    }

    private void directory(String key, Path directory) {
        Path path = directory.toAbsolutePath().normalize();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw unwritable(key, path, path + " is a file, not a directory");
        }
        probe(key, path, nearestExisting(key, path, path));
    }

    private void file(String key, Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            throw unwritable(key, path, path + " is a directory, not a file");
        }
        if (Files.exists(path)) {
            try (FileChannel ignored = FileChannel.open(path, StandardOpenOption.WRITE)) {
                return; // opened for writing, nothing written
            } catch (IOException e) {
                throw unwritable(key, path, "cannot open it for writing: " + e.getMessage());
            }
        }
        probe(key, path, nearestExisting(key, path, path.getParent()));
    }

    /** The path itself or its nearest ancestor that exists: the directory a create would happen in; must be one. */
    private static Path nearestExisting(String key, Path path, Path start) {
        Path existing = start;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw unwritable(key, path, "no part of it exists");
        }
        if (!Files.isDirectory(existing)) {
            throw unwritable(key, path, existing + " is a file, not a directory");
        }
        return existing;
    }

    /** Creates and removes a probe file in the directory a write would happen in. */
    private static void probe(String key, Path path, Path directory) {
        try {
            Path probe = Files.createTempFile(directory, ".coding-sync-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw unwritable(key, path, "cannot write in " + directory + " (" + e.getMessage() + ")");
        }
    }

    private static ConfigurationException unwritable(String key, Path path, String why) {
        return new ConfigurationException(
                key + ": " + path + " cannot be written: " + why + "; use a path this user can create and write");
    }
}
