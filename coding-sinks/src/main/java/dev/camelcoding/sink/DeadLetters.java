package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StorePart;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters: change events a sink rejected, kept as rows of the store's table {@value #TABLE} (id, the project and
 * table of the event, key, the reason and the database's own words, the event's text and its headers, how many attempts
 * failed, when it was first recorded, last failed and replayed), and replayed from there into the pipeline once the
 * sink works again: all of them, or one project's (and table's). The project is kept so that {@code status} and the
 * monitoring page can say whose they are when one store serves several projects.
 *
 * <p>Recording is durable: the row is committed before the route that failed returns (or with the caller's store
 * transaction, which it joins), so the source only treats the event as handled once it is safe.
 *
 * <p>Replay is a transactional query, with no rename protocol: a transaction selects the next waiting letters
 * ({@link #setReplayChunk chunk}, one by default) locking them ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL, so two
 * processes replaying at once never take the same letter), hands each to the pipeline, marks it replayed (or counts
 * the attempt and keeps the new reason when it failed again) and commits. A replay killed midway rolls back the chunk
 * in flight: those letters wait for the next replay, and at most that chunk reaches the sink twice (the sinks apply it
 * idempotently: the JDBC sink's version guard, the dedup key for append logs). A letter that fails again is not tried
 * twice in one replay.
 */
public class DeadLetters implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    static final String TABLE = "CODING_DEAD_LETTERS";
    /** Carries a dead letter's id through its replay, so a failure counts against the same letter. */
    public static final String ID_HEADER = "CodingDeadLetterId";
    /** How many times the event has failed before this attempt (set on replay). */
    public static final String ATTEMPTS_HEADER = "CodingDeadLetterAttempts";
    /** Replayed letters are kept this long (what was replayed, and when), then deleted by a later replay. */
    static final Duration KEEP_REPLAYED = Duration.ofDays(30);

    /**
     * The schema part: one row per dead letter. Version 2 added the event's project ({@code PROJECT}, from the
     * {@code CamelCodingProject} header; null for an event without one): a store holding version 1 starts the part
     * afresh, as every part does (no release yet, nothing migrated).
     */
    public static final StorePart PART = new StorePart(
            "dead letters",
            2,
            List.of(TABLE),
            dialect -> List.of(
                    "CREATE TABLE IF NOT EXISTS " + TABLE + " (ID VARCHAR(100) NOT NULL PRIMARY KEY,"
                            + " PROJECT VARCHAR(200), SINK_TABLE VARCHAR(100), EVENT_KEY VARCHAR(2000), REASON "
                            + dialect.textType()
                            + ", ERROR VARCHAR(500), ROOT_CAUSE " + dialect.textType() + ", HEADERS "
                            + dialect.textType() + " NOT NULL, EVENT " + dialect.textType() + ", ATTEMPTS INT NOT NULL,"
                            + " RECORDED_MS BIGINT NOT NULL, FAILED_MS BIGINT NOT NULL, REPLAYED_MS BIGINT)",
                    "CREATE INDEX IF NOT EXISTS " + TABLE + "_WAITING ON " + TABLE + " (REPLAYED_MS, FAILED_MS)"));

    private static final String COLUMNS =
            "ID, PROJECT, SINK_TABLE, EVENT_KEY, REASON, ERROR, ROOT_CAUSE, HEADERS, EVENT,"
                    + " ATTEMPTS, RECORDED_MS, FAILED_MS";

    /**
     * Which dead letters a replay or a count takes: one project's, one table's, both, or (nulls) every one.
     *
     * @param project the events' project ({@code CamelCodingProject}), null for any
     * @param table   the events' table ({@code CamelCodingTable}, e.g. {@code issues}), null for any
     */
    public record Selection(String project, String table) {

        /** Every dead letter. */
        public static final Selection ALL = new Selection(null, null);

        String where() {
            return (project != null ? " AND PROJECT = ?" : "") + (table != null ? " AND SINK_TABLE = ?" : "");
        }

        /** Binds {@link #where()}'s parameters from {@code index} on; the next free index. */
        int bind(PreparedStatement statement, int index) throws SQLException {
            if (project != null) {
                statement.setString(index++, project);
            }
            if (table != null) {
                statement.setString(index++, table);
            }
            return index;
        }
    }

    /**
     * The dead letters waiting of one project's table.
     *
     * @param project the events' project, null for events without one
     * @param table   the events' table
     * @param waiting how many wait for replay
     */
    public record Waiting(String project, String table, long waiting) {}

    private final ObjectMapper mapper = new ObjectMapper();
    /**
     * The letters this instance is replaying now, with how they failed again (empty while they have not): a failure
     * of a replayed letter is counted by the replay's own transaction, which holds the letter's row.
     */
    private final Map<String, Optional<Failure>> replaying = new ConcurrentHashMap<>();

    private CamelContext camelContext;
    private DataSource dataSource;
    private volatile CodingStore store;
    private String replayUri = "direct:coding-normalize";
    private int replayChunk = 1;
    private LongSupplier clock = System::currentTimeMillis;

    /** Why an event failed: the exception's message, its class, and the innermost cause's words. */
    private record Failure(String reason, String error, String rootCause) {

        static Failure of(Exception cause) {
            Throwable root = cause;
            while (root != null && root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return new Failure(
                    cause == null ? "unknown" : String.valueOf(cause.getMessage()),
                    cause == null ? null : cause.getClass().getName(),
                    // wrappers such as Spring's "bad SQL grammar []" hide the database's own words
                    root != null && root != cause ? root.getClass().getSimpleName() + ": " + root.getMessage() : null);
        }

        String words() {
            return rootCause != null ? rootCause : reason;
        }
    }

    /**
     * Records the failed exchange as dead letters: one row per event (a batch exchange, a {@code List<Exchange>}
     * body, is several), committed together, in the caller's store transaction when one is open.
     */
    public void record(Exchange exchange) {
        Failure failure = Failure.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        List<Exchange> fresh = new ArrayList<>();
        for (Exchange event : Batches.events(exchange)) {
            String id = event.getMessage().getHeader(ID_HEADER, String.class);
            if (id != null && replaying.containsKey(id)) {
                replaying.put(id, Optional.of(failure)); // the replay counts it, in its transaction
            } else {
                fresh.add(event);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        long now = clock.getAsLong();
        store().inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Exchange event : fresh) {
                    bindNew(insert, event, failure, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
        for (Exchange event : fresh) {
            LOG.warn(
                    "Dead letter: {} {} rejected by the sink ({}); kept in the store {} for replay",
                    event.getMessage().getHeader("CamelCodingTable"),
                    event.getMessage().getHeader("CamelCodingKey"),
                    failure.words(),
                    store().name());
        }
    }

    private void bindNew(PreparedStatement insert, Exchange event, Failure failure, long now) throws SQLException {
        String id = event.getMessage().getHeader(ID_HEADER, String.class);
        Integer attempts = event.getMessage().getHeader(ATTEMPTS_HEADER, Integer.class);
        ObjectNode headers = mapper.createObjectNode();
        for (Map.Entry<String, Object> header : event.getMessage().getHeaders().entrySet()) {
            if (header.getKey().startsWith("CamelCoding") && header.getValue() != null) {
                headers.put(header.getKey(), header.getValue().toString());
            }
        }
        insert.setString(1, id != null ? id : UUID.randomUUID().toString());
        insert.setString(2, event.getMessage().getHeader("CamelCodingProject", String.class));
        insert.setString(3, event.getMessage().getHeader("CamelCodingTable", String.class));
        insert.setString(4, event.getMessage().getHeader("CamelCodingKey", String.class));
        insert.setString(5, failure.reason());
        insert.setString(6, failure.error());
        insert.setString(7, failure.rootCause());
        insert.setString(8, headers.toString());
        insert.setString(9, event.getMessage().getBody(String.class));
        insert.setInt(10, attempts == null ? 1 : attempts + 1);
        insert.setLong(11, now);
        insert.setLong(12, now);
    }

    /**
     * Sends every waiting dead letter through the pipeline again; those that fail again keep waiting, with the new
     * reason and one more attempt.
     *
     * @return how many were replayed, and how many still wait (failed again, or recorded while the replay ran)
     */
    public ReplayResult replay() {
        return replay(Selection.ALL);
    }

    /**
     * Sends the waiting dead letters of {@code selection} (null: every one) through the pipeline again, as
     * {@link #replay()} does; the others keep waiting.
     *
     * @return how many were replayed, and how many of the selection still wait
     */
    public ReplayResult replay(Selection selection) {
        Selection chosen = selection == null ? Selection.ALL : selection;
        long started = clock.getAsLong();
        int replayed = 0;
        int failedAgain = 0;
        try (ProducerTemplate template = camelContext.createProducerTemplate()) {
            while (true) {
                Chunk chunk = store().inTransaction(connection -> replayChunk(connection, template, started, chosen));
                if (chunk.taken() == 0) {
                    break;
                }
                replayed += chunk.replayed();
                failedAgain += chunk.taken() - chunk.replayed();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the replay's producer: " + e.getMessage(), e);
        }
        long deleted = store().inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + TABLE + " WHERE REPLAYED_MS IS NOT NULL AND REPLAYED_MS < ?")) {
                delete.setLong(1, clock.getAsLong() - KEEP_REPLAYED.toMillis());
                return (long) delete.executeUpdate();
            }
        });
        long waiting = count(chosen);
        LOG.info(
                "Replayed {} dead letters{} ({} failed again); {} still waiting in the store {}{}",
                replayed,
                describe(chosen),
                failedAgain,
                waiting,
                store().name(),
                deleted > 0 ? "; " + deleted + " replayed over " + KEEP_REPLAYED.toDays() + " days ago deleted" : "");
        return new ReplayResult(replayed, waiting);
    }

    private record Chunk(int taken, int replayed) {}

    /** One transaction: the next waiting letters (that did not fail since {@code started}), locked, sent, settled. */
    private Chunk replayChunk(Connection connection, ProducerTemplate template, long started, Selection selection)
            throws SQLException {
        List<Letter> letters = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT ID, HEADERS, EVENT, ATTEMPTS FROM " + TABLE
                + " WHERE REPLAYED_MS IS NULL AND FAILED_MS <= ?" + selection.where()
                + " ORDER BY FAILED_MS, ID FETCH FIRST " + replayChunk + " ROWS ONLY"
                + store().dialect().lockRowsSkippingLocked())) {
            select.setLong(1, started);
            selection.bind(select, 2);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    letters.add(new Letter(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4)));
                }
            }
        }
        int replayed = 0;
        for (Letter letter : letters) {
            Optional<Failure> failed = send(template, letter);
            if (failed.isEmpty()) {
                replayed++;
                try (PreparedStatement done =
                        connection.prepareStatement("UPDATE " + TABLE + " SET REPLAYED_MS = ? WHERE ID = ?")) {
                    done.setLong(1, clock.getAsLong());
                    done.setString(2, letter.id());
                    done.executeUpdate();
                }
            } else {
                try (PreparedStatement again = connection.prepareStatement("UPDATE " + TABLE
                        + " SET ATTEMPTS = ATTEMPTS + 1, REASON = ?, ERROR = ?, ROOT_CAUSE = ?, FAILED_MS = ?"
                        + " WHERE ID = ?")) {
                    again.setString(1, failed.get().reason());
                    again.setString(2, failed.get().error());
                    if (failed.get().rootCause() == null) {
                        again.setNull(3, Types.VARCHAR);
                    } else {
                        again.setString(3, failed.get().rootCause());
                    }
                    // after the replay's start: a letter that failed again is not taken twice in one replay
                    again.setLong(4, Math.max(clock.getAsLong(), started + 1));
                    again.setString(5, letter.id());
                    again.executeUpdate();
                }
            }
        }
        return new Chunk(letters.size(), replayed);
    }

    private record Letter(String id, String headers, String event, int attempts) {}

    /** Sends one dead letter through the pipeline; how it failed again, or empty when the sink took it. */
    private Optional<Failure> send(ProducerTemplate template, Letter letter) {
        replaying.put(letter.id(), Optional.empty());
        try {
            JsonNode headers = parse(letter.headers());
            Exchange result = template.send(replayUri, exchange -> {
                headers.fields()
                        .forEachRemaining(h -> exchange.getMessage()
                                .setHeader(h.getKey(), h.getValue().asText()));
                exchange.getMessage().setBody(letter.event());
                exchange.getMessage().setHeader("CodingReplay", true);
                exchange.getMessage().setHeader(ID_HEADER, letter.id());
                exchange.getMessage().setHeader(ATTEMPTS_HEADER, letter.attempts());
            });
            Optional<Failure> recorded = replaying.get(letter.id());
            if (recorded.isPresent()) {
                return recorded; // the route's dead-letter channel handed it back to record()
            }
            if (result.getException() != null) {
                // not handled by a dead-letter channel (none configured, or recording failed)
                return Optional.of(Failure.of(result.getException()));
            }
            return Optional.empty();
        } finally {
            replaying.remove(letter.id());
        }
    }

    private JsonNode parse(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            return node != null && node.isObject() ? node : mapper.createObjectNode();
        } catch (IOException notJson) {
            return mapper.createObjectNode();
        }
    }

    /** How many dead letters wait for replay. */
    public long count() {
        return count(Selection.ALL);
    }

    /** How many dead letters of {@code selection} wait for replay. */
    public long count(Selection selection) {
        return store().inTransaction(connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM " + TABLE + " WHERE REPLAYED_MS IS NULL" + selection.where())) {
                selection.bind(count, 1);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    /** The dead letters waiting per project and table (by project, then table; those without a project first). */
    public List<Waiting> waiting() {
        return store().inTransaction(connection -> {
            List<Waiting> groups = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT PROJECT, SINK_TABLE, COUNT(*) FROM "
                            + TABLE + " WHERE REPLAYED_MS IS NULL GROUP BY PROJECT, SINK_TABLE"
                            + " ORDER BY PROJECT NULLS FIRST, SINK_TABLE");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    groups.add(new Waiting(rows.getString(1), rows.getString(2), rows.getLong(3)));
                }
            }
            return List.copyOf(groups);
        });
    }

    private static String describe(Selection selection) {
        if (selection.project() == null && selection.table() == null) {
            return "";
        }
        return " of " + (selection.project() != null ? "project " + selection.project() : "every project")
                + (selection.table() != null ? ", table " + selection.table() : "");
    }

    /** The store the letters are kept in, opened (its table created) on first use. */
    public CodingStore store() {
        CodingStore opened = store;
        if (opened == null) {
            synchronized (this) {
                if (store == null) {
                    if (dataSource == null) {
                        throw new IllegalStateException(
                                "DeadLetters needs the store's dataSource (the routes'" + " codingStore bean)");
                    }
                    CodingStore created = CodingStore.open("of the dead letters", dataSource);
                    created.define(PART);
                    store = created;
                }
                opened = store;
            }
        }
        return opened;
    }

    /** The store's DataSource (the routes' {@code codingStore}). */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    /** Uses this store (its transactions joined by {@link #record}) instead of opening one on the DataSource. */
    public void setStore(CodingStore store) {
        store.define(PART);
        this.store = store;
    }

    public String getReplayUri() {
        return replayUri;
    }

    public void setReplayUri(String replayUri) {
        this.replayUri = replayUri;
    }

    /** Letters per replay transaction (1 by default: a replay killed midway sends at most one letter twice). */
    public void setReplayChunk(int replayChunk) {
        if (replayChunk < 1) {
            throw new IllegalArgumentException("replayChunk must be 1 or more, got " + replayChunk);
        }
        this.replayChunk = replayChunk;
    }

    /** For tests: the clock of the recorded, failed and replayed times. */
    void setClock(LongSupplier clock) {
        this.clock = clock;
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
