package dev.camelcoding.component.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The delivery ids ({@code X-Coding-Delivery}) already processed, remembered for a time-to-live, so a redelivery of
 * the same Service Hook emits nothing new. A Camel {@link IdempotentRepository}: {@code add} reserves an id,
 * {@code confirm} records it once the route has processed the delivery, {@code remove} forgets a failed one so the
 * redelivery is processed.
 *
 * <p>Confirmed ids are appended to a file ({@code <timestamp> <id>} per line) and read back on start, dropping those
 * past the TTL; the file is rewritten when it holds more than twice the live ids. With no file it is memory only.
 *
 * <p>A confirmed id acknowledges a delivery (CODING gets its 200 after it), so each one is forced to disk before
 * {@code confirm} returns, and compaction replaces the file atomically ({@link DurableFiles}): after a power loss a
 * delivery already answered is still known, so its redelivery emits nothing twice. The file is {@code 0600} in a
 * {@code 0700} directory: delivery ids are not secrets, but the directory holds the cursors and dead letters too.
 * At most {@link #DEFAULT_MAX_IDS} ids are kept (the oldest go first), so a flood of deliveries cannot exhaust memory.
 */
public class DeliveryLog extends ServiceSupport implements IdempotentRepository {

    private final Path file;
    private final Duration ttl;
    private final LongSupplier clock;
    private final DurableFiles files;
    /** Ids kept at most: past it the oldest are forgotten first, so memory stays bounded whatever the traffic. */
    public static final int DEFAULT_MAX_IDS = 500_000;

    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
    private int maxIds = DEFAULT_MAX_IDS;
    private FileChannel writer;
    private long lines;

    public DeliveryLog(Path file, Duration ttl) {
        this(file, ttl, System::currentTimeMillis);
    }

    public DeliveryLog(Path file, Duration ttl, LongSupplier clock) {
        this(file, ttl, clock, DurableFiles.SYSTEM);
    }

    /** With the durable file writes given (tests observe the forces through {@link DurableFiles.Sync}). */
    public DeliveryLog(Path file, Duration ttl, LongSupplier clock, DurableFiles files) {
        this.file = file;
        this.ttl = ttl;
        this.clock = clock;
        this.files = files;
    }

    @Override
    protected synchronized void doStart() throws Exception {
        seen.clear();
        lines = 0;
        if (file == null) {
            return;
        }
        files.createPrivateDirectories(file.toAbsolutePath().getParent());
        long floor = clock.getAsLong() - ttl.toMillis();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    try {
                        long at = Long.parseLong(line.substring(0, space));
                        if (at >= floor) {
                            seen.put(line.substring(space + 1), at);
                        }
                    } catch (NumberFormatException ignored) {
                        // a line cut by a crash: skip it
                    }
                    lines++;
                }
            }
        }
        compactIfNeeded(true);
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    @Override
    public synchronized boolean add(String key) {
        long now = clock.getAsLong();
        expire(now);
        Long at = seen.get(key);
        if (at != null) {
            return false;
        }
        seen.put(key, -now); // negative: reserved, not yet confirmed
        if (seen.size() > maxIds) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    @Override
    public synchronized boolean contains(String key) {
        expire(clock.getAsLong());
        return seen.containsKey(key);
    }

    @Override
    public synchronized boolean remove(String key) {
        return seen.remove(key) != null;
    }

    @Override
    public boolean confirm(String key) {
        java.nio.channels.FileChannel appended = null;
        synchronized (this) {
            long now = clock.getAsLong();
            seen.put(key, now);
            if (file != null) {
                try {
                    ByteBuffer line = ByteBuffer.wrap((now + " " + key + "\n").getBytes(StandardCharsets.UTF_8));
                    while (line.hasRemaining()) {
                        writer.write(line);
                    }
                    appended = writer;
                    lines++;
                    compactIfNeeded(false);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot record delivery " + key + " in " + file, e);
                }
            }
        }
        if (appended != null) {
            // Forced outside the monitor: an fsync takes milliseconds, and every new delivery's add() needs the
            // monitor; concurrent confirms share their forces (one fsync covers every line written before it).
            try {
                files.force(file, appended);
            } catch (java.nio.channels.ClosedChannelException compacted) {
                // a compaction replaced the file meanwhile: it rewrote every live id, this one included, and forced it
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record delivery " + key + " in " + file, e);
            }
        }
        return true;
    }

    @Override
    public synchronized void clear() {
        seen.clear();
        try {
            compactIfNeeded(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void setMaxIds(int maxIds) {
        this.maxIds = maxIds;
    }

    /** Ids remembered now (reserved or confirmed). */
    public synchronized int size() {
        return seen.size();
    }

    private void expire(long now) {
        long floor = now - ttl.toMillis();
        Iterator<Map.Entry<String, Long>> oldest = seen.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Long> entry = oldest.next();
            if (Math.abs(entry.getValue()) >= floor) {
                break; // insertion order is time order
            }
            oldest.remove();
        }
    }

    private void compactIfNeeded(boolean force) throws IOException {
        if (file == null || (!force && lines <= 2L * seen.size() + 1000)) {
            return;
        }
        if (writer != null) {
            writer.close();
        }
        List<String> live = seen.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey())
                .toList();
        StringBuilder content = new StringBuilder();
        live.forEach(line -> content.append(line).append('\n'));
        files.writeAtomically(file, content.toString().getBytes(StandardCharsets.UTF_8));
        lines = live.size();
        writer = files.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}
