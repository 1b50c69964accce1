package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.state.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters: change events a sink rejected, kept as JSON lines with the reason
 * ({@code {"id":..., "attempts":..., "failed_at":..., "reason":..., "error":..., "root_cause":...,
 * "headers":{CamelCoding*}, "event":{...}}}) in {@code <directory>/dead-letters.jsonl}, and replayed from there into
 * the pipeline once the sink works again.
 *
 * <p>Recording is durable: a dead letter is appended and forced to disk before the route that failed returns, so the
 * source only treats the event as handled once it is safe.
 *
 * <p>Replay is crash-safe and idempotent, also while the application records new dead letters in another process:
 * <ol>
 *   <li>under the append lock ({@code dead-letters.lock}, a file lock every writer takes), the file is renamed to
 *       {@code dead-letters.jsonl.replaying}; later dead letters start a new {@code dead-letters.jsonl};</li>
 *   <li>each line is sent; once it is settled (taken by the sink, or recorded again as a dead letter) its id is
 *       appended to {@code dead-letters.jsonl.replayed};</li>
 *   <li>at the end both files are deleted.</li>
 * </ol>
 * A replay that finds a {@code .replaying} file (the last one was killed) resumes it, skipping the ids already settled.
 * Lines are identified by their {@code id}, so a line recorded twice by a crash between two steps is sent once. At
 * most the one event in flight when a replay is killed is sent again: the sinks apply it idempotently (the JDBC sink's
 * version guard; the dedup key on every event for append logs). Only one replay runs at a time
 * ({@code dead-letters.replay.lock}).
 */
public class DeadLetters implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    public static final String FILE_NAME = "dead-letters.jsonl";
    static final String REPLAYING = FILE_NAME + ".replaying";
    static final String SETTLED = FILE_NAME + ".replayed";
    static final String APPEND_LOCK = "dead-letters.lock";
    static final String REPLAY_LOCK = "dead-letters.replay.lock";
    /** Carries a dead letter's id through its replay, so a failure records it again under the same id. */
    public static final String ID_HEADER = "CodingDeadLetterId";
    /** How many times the event has failed before this attempt (set on replay). */
    public static final String ATTEMPTS_HEADER = "CodingDeadLetterAttempts";

    private static final byte[] NEWLINE = {'\n'};

    private final ObjectMapper mapper = new ObjectMapper();
    /** Serialises this instance's writers; the file lock serialises processes (and instances) among each other. */
    private final ReentrantLock appendLock = new ReentrantLock();

    private DurableFiles files = DurableFiles.SYSTEM;
    private CamelContext camelContext;
    private String directory = "data/dead-letters";
    private String replayUri = "direct:coding-normalize";

    /**
     * Turns the failed exchange into its dead-letter line and appends it durably to the file. A batch exchange (a
     * {@code List<Exchange>} body) becomes one line per event, all appended and forced to disk together.
     */
    public void record(Exchange exchange) throws IOException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        List<String> lines = new ArrayList<>();
        List<ObjectNode> recorded = new ArrayList<>();
        for (Exchange event : Batches.events(exchange)) {
            ObjectNode line = line(event, cause);
            recorded.add(line);
            lines.add(mapper.writeValueAsString(line));
        }
        append(lines);
        for (ObjectNode line : recorded) {
            JsonNode headers = line.path("headers");
            LOG.warn(
                    "Dead letter: {} {} rejected by the sink ({}); kept in {} for replay",
                    headers.path("CamelCodingTable").asText(),
                    headers.path("CamelCodingKey").asText(),
                    line.has("root_cause")
                            ? line.path("root_cause").asText()
                            : line.path("reason").asText(),
                    file());
        }
    }

    private ObjectNode line(Exchange exchange, Exception cause) {
        ObjectNode line = mapper.createObjectNode();
        String id = exchange.getMessage().getHeader(ID_HEADER, String.class);
        line.put("id", id != null ? id : UUID.randomUUID().toString());
        Integer attempts = exchange.getMessage().getHeader(ATTEMPTS_HEADER, Integer.class);
        line.put("attempts", attempts == null ? 1 : attempts + 1);
        line.put("failed_at", Instant.now().toString());
        line.put("reason", cause == null ? "unknown" : String.valueOf(cause.getMessage()));
        line.put("error", cause == null ? null : cause.getClass().getName());
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != null && root != cause) {
            // wrappers such as Spring's "bad SQL grammar []" hide the database's own words
            line.put("root_cause", root.getClass().getSimpleName() + ": " + root.getMessage());
        }
        ObjectNode headers = line.putObject("headers");
        for (Map.Entry<String, Object> header :
                exchange.getMessage().getHeaders().entrySet()) {
            if (header.getKey().startsWith("CamelCoding") && header.getValue() != null) {
                headers.put(header.getKey(), header.getValue().toString());
            }
        }
        String body = exchange.getMessage().getBody(String.class);
        try {
            line.set("event", mapper.readTree(body));
        } catch (IOException notJson) {
            line.put("event", body);
        }
        return line;
    }

    /**
     * Sends every dead letter through the pipeline again; those that fail again stay in the file.
     *
     * @return how many were replayed, and how many still wait (failed again, or recorded while the replay ran)
     */
    public ReplayResult replay() throws IOException {
        Path dir = files.createPrivateDirectories(Path.of(directory));
        try (FileChannel lockFile =
                        files.open(dir.resolve(REPLAY_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock exclusive = tryLock(lockFile)) {
            if (exclusive == null) {
                throw new IllegalStateException("another replay of " + file() + " is running: wait for it to end");
            }
            int replayed = 0;
            boolean resumed = Files.exists(dir.resolve(REPLAYING));
            if (resumed) {
                LOG.info("Resuming the replay of {} that was interrupted", dir.resolve(REPLAYING));
                Pass pass = replayTaken(dir);
                replayed += pass.replayed();
                if (pass.keptAgain() > 0) { // those are back in the file: do not try them twice in one replay
                    return finish(replayed);
                }
            }
            if (take(dir)) {
                replayed += replayTaken(dir).replayed();
            }
            return finish(replayed);
        }
    }

    private ReplayResult finish(int replayed) throws IOException {
        long waiting = count();
        LOG.info("Replayed {} dead letters; {} still waiting in {}", replayed, waiting, file());
        return new ReplayResult(replayed, waiting);
    }

    /** Renames the file to its .replaying name under the append lock, so no append can land in the renamed file. */
    private boolean take(Path dir) throws IOException {
        files.delete(dir.resolve(SETTLED)); // left by a replay killed after deleting .replaying: nothing pending
        return withAppendLock(() -> {
            if (!Files.exists(file())) {
                return false;
            }
            files.move(file(), dir.resolve(REPLAYING));
            return true;
        });
    }

    private record Pass(int replayed, int keptAgain) {}

    private Pass replayTaken(Path dir) throws IOException {
        Path taken = dir.resolve(REPLAYING);
        Path settled = dir.resolve(SETTLED);
        Set<String> done = new HashSet<>(completeLines(settled));
        int replayed = 0;
        int keptAgain = 0;
        try (ProducerTemplate template = camelContext.createProducerTemplate()) {
            for (String text : completeLines(taken)) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode line = parse(text);
                String id = id(line, text);
                if (!done.add(id)) {
                    continue; // settled before an interruption, or the same dead letter recorded twice
                }
                if (line == null) {
                    append(List.of(text)); // not ours to interpret: keep it for a person to look at
                    keptAgain++;
                } else if (send(template, line, id)) {
                    replayed++;
                } else {
                    keptAgain++;
                }
                files.append(settled, (id + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        // order matters: without .replaying, a leftover .replayed is known to be stale
        files.delete(taken);
        files.delete(settled);
        return new Pass(replayed, keptAgain);
    }

    /** Sends one dead letter; false when it failed again (then it is back in the file, under the same id). */
    private boolean send(ProducerTemplate template, JsonNode line, String id) throws IOException {
        Exchange result = template.send(replayUri, exchange -> {
            line.path("headers")
                    .fields()
                    .forEachRemaining(h -> exchange.getMessage()
                            .setHeader(h.getKey(), h.getValue().asText()));
            JsonNode event = line.path("event");
            exchange.getMessage().setBody(event.isTextual() ? event.asText() : event.toString());
            exchange.getMessage().setHeader("CodingReplay", true);
            exchange.getMessage().setHeader(ID_HEADER, id);
            exchange.getMessage()
                    .setHeader(ATTEMPTS_HEADER, line.path("attempts").asInt(1));
        });
        if (result.getException() != null) {
            // not handled by a dead-letter channel (none configured, or recording failed): keep it ourselves
            ObjectNode again = line.deepCopy();
            again.put("id", id);
            again.put("reason", String.valueOf(result.getException().getMessage()));
            append(List.of(mapper.writeValueAsString(again)));
            return false;
        }
        // handled by the route's dead-letter channel, which recorded it again through record()
        return result.getProperty(Exchange.EXCEPTION_CAUGHT) == null;
    }

    /** How many dead letters wait for replay (each id once, in the file and in an interrupted replay). */
    public long count() throws IOException {
        Path dir = Path.of(directory);
        Set<String> ids = new HashSet<>();
        Set<String> settled = new HashSet<>();
        if (Files.exists(dir.resolve(REPLAYING))) {
            settled.addAll(completeLines(dir.resolve(SETTLED)));
            for (String text : completeLines(dir.resolve(REPLAYING))) {
                if (!text.isBlank()) {
                    ids.add(id(parse(text), text));
                }
            }
            ids.removeAll(settled);
        }
        for (String text : completeLines(file())) {
            if (!text.isBlank()) {
                ids.add(id(parse(text), text));
            }
        }
        return ids.size();
    }

    public Path file() {
        return Path.of(directory, FILE_NAME);
    }

    /** Appends lines durably under the append lock; a line a crash cut short is closed first so it stays apart. */
    private void append(List<String> lines) throws IOException {
        files.createPrivateDirectories(Path.of(directory));
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        withAppendLock(() -> {
            Path file = file();
            if (endsWithoutNewline(file)) {
                files.append(file, NEWLINE);
            }
            files.append(file, bytes);
            return null;
        });
    }

    private static boolean endsWithoutNewline(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, channel.size() - 1);
            return last.get(0) != '\n';
        }
    }

    private interface LockedAction<T> {
        T run() throws IOException;
    }

    private <T> T withAppendLock(LockedAction<T> action) throws IOException {
        appendLock.lock();
        try (FileChannel lockFile =
                files.open(Path.of(directory, APPEND_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = null;
            while (lock == null) {
                try {
                    lock = lockFile.lock();
                } catch (OverlappingFileLockException heldByAnotherInstanceOfThisJvm) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
            try {
                return action.run();
            } finally {
                lock.release();
            }
        } finally {
            appendLock.unlock();
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    /** The lines of a file that end with a newline: a last line without one is an append a crash cut short. */
    private static List<String> completeLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int start = 0;
        for (int newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
            lines.add(text.substring(start, newline));
            start = newline + 1;
        }
        return lines;
    }

    private JsonNode parse(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** A line's id; lines written before ids existed are identified by their content. */
    private static String id(JsonNode line, String text) {
        if (line != null && line.hasNonNull("id")) {
            return line.get("id").asText();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public String getReplayUri() {
        return replayUri;
    }

    public void setReplayUri(String replayUri) {
        this.replayUri = replayUri;
    }

    /** For tests: the flushes to observe or interrupt. */
    public void setDurableFiles(DurableFiles files) {
        this.files = files;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
