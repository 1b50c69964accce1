package dev.camelcoding.component.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default cursor store: a {@link StateRepository} in one file, {@code key=value} per line (the latest line of a
 * key wins), the format of Camel's own {@code FileStateRepository} so existing files and {@code ./coding-sync status}
 * keep working. Unlike Camel's, a cursor is only saved once it is on disk: each change is appended and forced
 * ({@link DurableFiles#append}) before {@link #setState} returns, and compaction replaces the file atomically
 * ({@link DurableFiles#writeAtomically}) so a crash while compacting leaves the old file whole.
 *
 * <p>A crash in the middle of an append can leave a last line without its newline: that line is ignored on start
 * (its cursor was never acknowledged), so the previous value of that key is used.
 *
 * <p>The file is created {@code 0600} in a directory created {@code 0700}.
 */
public class DurableFileStateRepository extends ServiceSupport implements StateRepository<String, String> {

    /** Compact when the file grows past this size; the live entries are usually a few kilobytes. */
    public static final long DEFAULT_MAX_FILE_SIZE = 64L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DurableFileStateRepository.class);

    private final Path file;
    private final DurableFiles files;
    private final long maxFileSize;
    private final Map<String, String> state = new LinkedHashMap<>();
    private final boolean readOnly;
    private long fileSize;

    public DurableFileStateRepository(Path file) {
        this(file, DurableFiles.SYSTEM, DEFAULT_MAX_FILE_SIZE);
    }

    public DurableFileStateRepository(Path file, DurableFiles files, long maxFileSize) {
        this(file, files, maxFileSize, false);
    }

    private DurableFileStateRepository(Path file, DurableFiles files, long maxFileSize, boolean readOnly) {
        this.file = file.toAbsolutePath();
        this.files = files;
        this.maxFileSize = maxFileSize;
        this.readOnly = readOnly;
    }

    /**
     * A repository that only reads {@code file} as it is on start (for {@code status}, while a sync may be writing
     * it): it creates no directory, never compacts or re-permissions the file (the writer owns it), and refuses
     * {@link #setState}. A missing file reads as empty.
     */
    public static DurableFileStateRepository readOnly(Path file) {
        return new DurableFileStateRepository(file, DurableFiles.SYSTEM, DEFAULT_MAX_FILE_SIZE, true);
    }

    public Path file() {
        return file;
    }

    @Override
    protected synchronized void doStart() throws Exception {
        if (!readOnly) {
            files.createPrivateDirectories(file.getParent());
        }
        state.clear();
        fileSize = 0;
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            fileSize = bytes.length;
            String text = new String(bytes, StandardCharsets.UTF_8);
            int lineStart = 0;
            for (int newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', lineStart)) {
                String line = text.substring(lineStart, newline);
                int eq = line.indexOf('=');
                if (eq > 0) {
                    state.put(line.substring(0, eq), line.substring(eq + 1));
                }
                lineStart = newline + 1;
            }
            if (readOnly) {
                return; // an unfinished last line is the writer's (or a crash's): ignored above, left to the writer
            }
            // text after the last newline is an append a crash cut short: it was never acknowledged
            if (lineStart < text.length()) {
                compact();
            }
            // a file written by an earlier version (or Camel's repository) was world-readable
            files.open(file, java.nio.file.StandardOpenOption.WRITE).close();
        }
    }

    @Override
    protected synchronized void doStop() {
        state.clear();
    }

    @Override
    public synchronized void setState(String key, String value) {
        if (readOnly) {
            throw new IllegalStateException("the state file " + file + " was opened read-only (for status)");
        }
        if (key.contains("=") || key.contains("\n") || value.contains("\n")) {
            throw new IllegalArgumentException(
                    "state keys may not contain '=' or newlines, values no newlines: " + key);
        }
        byte[] line = (key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            files.append(file, line);
            fileSize += line.length;
            state.put(key, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the state " + key + " in " + file + ": " + e.getMessage(), e);
        }
        if (fileSize > maxFileSize) {
            try {
                compact();
            } catch (IOException e) {
                // the change itself is on disk already; the old, longer file stays valid and is compacted next time
                LOG.warn(
                        "Cannot compact {} ({}); it keeps growing until a later compaction succeeds",
                        file,
                        e.getMessage());
            }
        }
    }

    @Override
    public synchronized String getState(String key) {
        return state.get(key);
    }

    /** Rewrites the file with the latest value of each key only. */
    private void compact() throws IOException {
        StringBuilder text = new StringBuilder();
        state.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        files.writeAtomically(file, bytes);
        fileSize = bytes.length;
    }
}
