package dev.camelcoding.component.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes that survive a power loss, on private files. What acknowledges data (a cursor, a delivery id, a dead letter)
 * must be on disk before the acknowledgement: a write is followed by {@link FileChannel#force(boolean)}, and a file
 * that a rename (or a create) put into a directory is only durable once the directory itself is forced too, which
 * Java has no method for: opening the directory for reading and forcing that channel works on Linux and macOS.
 *
 * <p>Files are created {@code 0600} and directories {@code 0700}: the data directory holds cursors, delivery ids and
 * whole rows of the project, which other users of the machine have no business reading. On file systems without POSIX
 * permissions (Windows, some mounts) the permissions are skipped and the writes stay durable.
 *
 * <p>An instance is immutable; {@link #SYSTEM} is the real thing. Tests give their own {@link Sync} to see that a
 * write goes through the fsync path and to simulate a crash between its steps.
 */
public final class DurableFiles {

    /** The two flushes a durable write needs; replaceable so tests can observe or interrupt them. */
    public interface Sync {

        /** Forces a file's content to the device. */
        void force(Path file, FileChannel channel) throws IOException;

        /** Forces a directory's entries (a rename, a create) to the device. */
        void forceDirectory(Path directory) throws IOException;
    }

    /** fsync for real. */
    public static final Sync FSYNC = new Sync() {
        @Override
        public void force(Path file, FileChannel channel) throws IOException {
            channel.force(true);
        }

        @Override
        public void forceDirectory(Path directory) throws IOException {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException | UnsupportedOperationException notOnThisPlatform) {
                // Windows cannot open a directory as a channel; there NTFS journals the rename itself
            }
        }
    };

    /** Durable writes with real fsync. */
    public static final DurableFiles SYSTEM = new DurableFiles(FSYNC);

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    static final String TEMPORARY_SUFFIX = ".tmp";

    private final Sync sync;

    public DurableFiles(Sync sync) {
        this.sync = sync;
    }

    /**
     * Creates a directory and its missing parents {@code 0700}; an existing directory is narrowed to {@code 0700} (it
     * is ours: a data directory made by an earlier version was world-readable).
     */
    public Path createPrivateDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (!Files.isDirectory(absolute)) {
            Path parent = absolute.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                createPrivateDirectories(parent);
            }
            try {
                if (posix(parent)) {
                    Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
                } else {
                    Files.createDirectory(absolute);
                }
                if (parent != null) {
                    sync.forceDirectory(parent);
                }
            } catch (FileAlreadyExistsException createdMeanwhile) {
                // another thread or process made it: fine
            }
        }
        restrict(absolute, DIRECTORY_MODE);
        return absolute;
    }

    /**
     * Replaces a file's whole content atomically: the content goes to a temporary file in the same directory, is
     * forced, and is renamed over the file; then the directory is forced. A crash at any point leaves either the old
     * content or the new one, never a mix (a stale temporary file may stay; the next write replaces it).
     */
    public void writeAtomically(Path file, byte[] content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + TEMPORARY_SUFFIX);
        Files.deleteIfExists(temporary);
        try (FileChannel channel = open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(channel, content);
            sync.force(temporary, channel);
        }
        try {
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "cannot replace " + absolute + " atomically on this file system: keep the data"
                            + " directory on a local disk",
                    e);
        }
        sync.forceDirectory(directory);
    }

    /** Appends bytes to a file (created {@code 0600} when missing) and forces them, and a new file's directory entry. */
    public void append(Path file, byte[] content) throws IOException {
        Path absolute = file.toAbsolutePath();
        boolean created = !Files.exists(absolute);
        try (FileChannel channel =
                open(absolute, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            writeFully(channel, content);
            sync.force(absolute, channel);
        }
        if (created) {
            sync.forceDirectory(absolute.getParent());
        }
    }

    /** Renames a file atomically (replacing the target) and forces the directory, so the rename survives a crash. */
    public void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        sync.forceDirectory(to.toAbsolutePath().getParent());
    }

    /** Deletes a file when it exists and forces its directory, so the delete is not undone by a crash. */
    public boolean delete(Path file) throws IOException {
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            sync.forceDirectory(file.toAbsolutePath().getParent());
        }
        return deleted;
    }

    /** Opens a file for writing, created {@code 0600} when missing (an existing file is narrowed to {@code 0600}). */
    public FileChannel open(Path file, StandardOpenOption... options) throws IOException {
        Set<StandardOpenOption> set = Set.of(options);
        FileChannel channel = posix(file.toAbsolutePath().getParent())
                ? FileChannel.open(file, set, new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)})
                : FileChannel.open(file, set);
        try {
            restrict(file, FILE_MODE);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** Forces an open channel through this instance's {@link Sync}. */
    public void force(Path file, FileChannel channel) throws IOException {
        sync.force(file, channel);
    }

    private static void writeFully(FileChannel channel, byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (posix(path) && !Files.getPosixFilePermissions(path).equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
        }
    }

    private static boolean posix(Path path) {
        return path != null
                && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
