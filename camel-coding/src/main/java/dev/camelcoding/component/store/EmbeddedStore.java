package dev.camelcoding.component.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's default database: one H2 file, {@value #FILE_NAME}{@code .mv.db}, in the data directory. The one place
 * that names the file, so the component, the application and {@code status} open the same one.
 */
public final class EmbeddedStore {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);
    /** The H2 database name in the data directory (H2 adds {@code .mv.db}). */
    public static final String FILE_NAME = "coding-store";
    /** The user the embedded file is created with (H2 refuses any other user on that file afterwards). */
    public static final String USER = "sa";

    /** What an earlier build kept in the data directory instead of the store: the state file and the change log. */
    static final List<String> EARLIER_BUILD_FILES = List.of("coding-state.dat", "changelog.mv.db");

    /** Data directories already announced in this JVM: the line is said once per directory, not per open. */
    private static final Set<Path> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private EmbeddedStore() {}

    /**
     * The JDBC URL of the store in {@code dataDirectory}. AUTO_SERVER: {@code status} (another process) reads it while
     * {@code run} writes it; WRITE_DELAY=0: a commit is on disk before anything is acknowledged on it. The {@code async:}
     * file system: H2's default file channel is closed by an interrupt of the thread writing it, and H2 then closes the
     * whole database; Camel interrupts its consumers' threads when it stops, so a cursor being saved at that moment
     * took the store down for every other reader in the process.
     */
    public static String url(Path dataDirectory) {
        return "jdbc:h2:async:" + dataDirectory.toAbsolutePath().normalize().resolve(FILE_NAME)
                + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0;AUTO_SERVER=TRUE";
    }

    /** The file H2 keeps the store in. */
    public static Path file(Path dataDirectory) {
        return dataDirectory.resolve(FILE_NAME + ".mv.db");
    }

    /**
     * Says in one line when {@code dataDirectory} holds an earlier build's files and no store yet: that build's
     * cursors are not read (there has been no release, so nothing is migrated), the sync starts a fresh backfill.
     */
    public static void announceEarlierBuild(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        if (Files.exists(file(directory)) || !ANNOUNCED.add(directory)) {
            return;
        }
        List<String> found = EARLIER_BUILD_FILES.stream()
                .filter(name -> Files.exists(directory.resolve(name)))
                .toList();
        if (!found.isEmpty()) {
            LOG.warn(
                    "The data directory {} holds an earlier build's state ({}), which this build does not read:"
                            + " starting a fresh backfill into the store {} (those files can be deleted)",
                    directory,
                    String.join(", ", found),
                    file(directory).getFileName());
        }
    }
}
