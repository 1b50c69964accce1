package dev.camelcoding.component.changelog;

import static dev.camelcoding.component.changelog.ChangeLogSchema.ENTRIES;
import static dev.camelcoding.component.changelog.ChangeLogSchema.LEASES;
import static dev.camelcoding.component.changelog.ChangeLogSchema.SOURCES;

import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StoreDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@link ChangeLog} in a JDBC database: H2 (embedded, a file in the data directory, for one process) or
 * PostgreSQL (shared by processes and machines), with the same SQL apart from {@link StoreDialect}.
 *
 * <p>An append runs in one transaction that, in this order, locks the source's lease row and checks the fence (epoch
 * and expiry by the database's clock), locks the source's head row, inserts the entries with the next sequences and
 * moves the head. The lease row stays locked until commit, so a takeover cannot commit in the middle of an append,
 * and the head row lock serialises concurrent appenders, so sequences stay contiguous. The tables are created when
 * missing ({@link ChangeLogSchema}).
 *
 * <p>On H2, concurrent appenders wait for each other's row locks up to H2's {@code LOCK_TIMEOUT}; put
 * {@code ;LOCK_TIMEOUT=10000} in the URL when several threads append to one source.
 */
public class JdbcChangeLog implements ChangeLog {

    /** How many entries one retention transaction deletes at most. */
    public static final int DEFAULT_PURGE_CHUNK = 10_000;

    private static final String SOURCE_MATCH = "TEAM = ? AND PROJECT = ? AND TBL = ?";
    /**
     * Sequence order within one source, spelled as the primary key's full column list: H2 walks the key in order only
     * when ORDER BY names all of its columns; for {@code ORDER BY SEQ} it reads and sorts every later entry of the
     * source for each page (48 times slower at 50,000 entries). PostgreSQL plans both the same.
     */
    private static final String SEQUENCE_ORDER = "ORDER BY TEAM, PROJECT, TBL, SEQ";

    private static final String COLUMNS = "SEQ, APPENDED_MS, OP, KEY_JSON, VERSION_MS, TS_MS, MODE, EVENT_TEAM,"
            + " EVENT_PROJECT, EVENT_TYPE, DELIVERY_ID, INFERRED, PASS_ID, PASS_INDEX, PASS_SIZE, DEDUP_KEY, ROW_AFTER,"
            + " ROW_JSON, BEFORE_JSON, PASS_KEYS";

    private final CodingStore store;
    private final DataSource dataSource;
    private final Clock clock;
    private final StoreDialect dialect;
    private final int purgeChunk;

    /** A log in the store on {@code dataSource}, timestamping entries with the system clock. */
    public JdbcChangeLog(DataSource dataSource) {
        this(CodingStore.open("change log", dataSource));
    }

    /** A log in {@code store}, timestamping entries with the system clock. */
    public JdbcChangeLog(CodingStore store) {
        this(store, Clock.systemUTC(), DEFAULT_PURGE_CHUNK);
    }

    /** As {@link #JdbcChangeLog(CodingStore, Clock, int)} in the store on {@code dataSource}. */
    public JdbcChangeLog(DataSource dataSource, Clock clock, int purgeChunk) {
        this(CodingStore.open("change log", dataSource), clock, purgeChunk);
    }

    /**
     * A log in {@code store} whose append times come from {@code clock} (the times retention and "start at a time"
     * compare against), deleting at most {@code purgeChunk} entries per retention transaction.
     */
    public JdbcChangeLog(CodingStore store, Clock clock, int purgeChunk) {
        this.store = Objects.requireNonNull(store, "store");
        this.dataSource = store.dataSource();
        this.clock = Objects.requireNonNull(clock, "clock");
        if (purgeChunk < 1) {
            throw new IllegalArgumentException("purgeChunk must be at least 1, got " + purgeChunk);
        }
        this.purgeChunk = purgeChunk;
        this.dialect = ChangeLogSchema.create(store);
    }

    /** The store the log lives in: an append joins a transaction the caller holds on it. */
    public CodingStore store() {
        return store;
    }

    /**
     * The JDBC URL of the embedded H2 log in a data directory: the store's file ({@code EmbeddedStore}), written by
     * one {@code run} at a time; use PostgreSQL to share a log between nodes.
     *
     * <p>{@code AUTO_SERVER=TRUE}: the process that opens the file first also serves it over a local TCP port, so
     * {@code coding-sync status} can read the log of a running sync instead of failing on H2's file lock.
     * {@code WRITE_DELAY=0}: H2 otherwise writes a commit to its file up to 500 ms later, so a process killed in that
     * window loses appends it had acknowledged (a kill -9 test lost 58 of 4,000 issues that way).
     */
    public static String embeddedH2Url(java.nio.file.Path dataDirectory) {
        return dev.camelcoding.component.store.EmbeddedStore.url(dataDirectory);
    }

    /**
     * Appends in the store's transaction: the caller's when it holds one on this thread (the reader's checkpoint:
     * the page and its cursor commit together), else one of its own.
     */
    @Override
    public SequenceRange append(SourceId source, List<CodingChange> entries, Fence fence) {
        Objects.requireNonNull(fence, "fence");
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("nothing to append to " + source);
        }
        if (!fence.namespace().equals(source.readerNamespace())) {
            throw new IllegalArgumentException("the fence of lease '" + fence.namespace() + "' does not cover source "
                    + source + " (its lease is '" + source.readerNamespace() + "')");
        }
        try {
            return store.inTransaction(connection -> {
                checkFence(connection, fence);
                long head = lockHead(connection, source);
                long appendedMs = clock.millis();
                insert(connection, source, head, appendedMs, entries);
                moveHead(connection, source, head + entries.size());
                return new SequenceRange(head + 1, head + entries.size());
            });
        } catch (ChangeLogException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ChangeLogException(
                    "cannot append " + entries.size() + " entries to the change log of " + source + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public List<LoggedEntry> read(SourceId source, long afterSequence, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        String sql = "SELECT " + COLUMNS + " FROM " + ENTRIES + " WHERE " + SOURCE_MATCH + " AND SEQ > ? "
                + SEQUENCE_ORDER + " LIMIT ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            int next = bindSource(select, 1, source);
            select.setLong(next, afterSequence);
            select.setInt(next + 1, max);
            List<LoggedEntry> entries = new ArrayList<>(Math.min(max, 1_000));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new LoggedEntry(
                            source, rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)), change(source, rows)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new ChangeLogException(
                    "cannot read the change log of " + source + " after sequence " + afterSequence + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public LogExtent extent(SourceId source) {
        try (Connection connection = dataSource.getConnection()) {
            return extent(connection, source);
        } catch (SQLException e) {
            throw new ChangeLogException(
                    "cannot read the extent of the change log of " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long lastSequenceBefore(SourceId source, Instant time) {
        try (Connection connection = dataSource.getConnection()) {
            Long first = firstAppendedAtOrAfter(connection, source, time.toEpochMilli());
            return first == null ? extent(connection, source).head() : first - 1;
        } catch (SQLException e) {
            throw new ChangeLogException(
                    "cannot find the change log position of " + source + " at " + time + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long purgeOlderThan(Instant cutoff) {
        long purged = 0;
        try (Connection connection = dataSource.getConnection()) {
            for (SourceId source : sources(connection)) {
                LogExtent extent = extent(connection, source);
                Long firstKept = firstAppendedAtOrAfter(connection, source, cutoff.toEpochMilli());
                long end = firstKept == null ? extent.head() + 1 : firstKept; // exclusive
                for (long from = extent.tail(); from < end; from += purgeChunk) {
                    purged += deleteRange(connection, source, from, Math.min(from + purgeChunk, end));
                }
            }
            return purged;
        } catch (SQLException e) {
            throw new ChangeLogException(
                    "cannot purge change log entries older than " + cutoff + " (" + purged
                            + " purged before the failure): " + e.getMessage(),
                    e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Makes the source's head row (head 0) on its first append, inside the append's transaction (so a rolled back
     * first append leaves nothing behind); a concurrent first append makes it too, and this insert does nothing. No
     * failing statement on PostgreSQL, where it would abort the caller's whole transaction.
     */
    private void ensureSource(Connection connection, SourceId source) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                dialect.insertIfAbsent(SOURCES, List.of("TEAM", "PROJECT", "TBL"), List.of("HEAD_SEQ")))) {
            bindSource(insert, 1, source);
            insert.setLong(4, 0);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!ChangeLogSchema.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private void checkFence(Connection connection, Fence fence) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT EPOCH, EXPIRES_AT > " + dialect.now()
                + " FROM " + LEASES + " WHERE NAMESPACE = ? FOR UPDATE")) {
            select.setString(1, fence.namespace());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new FencedOffException(fence, "was never acquired");
                }
                long epoch = rows.getLong(1);
                if (epoch != fence.epoch()) {
                    throw new FencedOffException(fence, "was taken over (its epoch is now " + epoch + ")");
                }
                if (!rows.getBoolean(2)) {
                    throw new FencedOffException(fence, "expired before it was renewed");
                }
            }
        }
    }

    /** Locks the source's head row (made on the first append) and answers its head sequence. */
    private long lockHead(Connection connection, SourceId source) throws SQLException {
        Long head = selectHeadForUpdate(connection, source);
        if (head == null) {
            ensureSource(connection, source);
            head = selectHeadForUpdate(connection, source);
        }
        if (head == null) {
            throw new ChangeLogException("the head row of " + source + " vanished from " + SOURCES);
        }
        return head;
    }

    private static Long selectHeadForUpdate(Connection connection, SourceId source) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT HEAD_SEQ FROM " + SOURCES + " WHERE " + SOURCE_MATCH + " FOR UPDATE")) {
            bindSource(select, 1, source);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    private static void insert(
            Connection connection, SourceId source, long head, long appendedMs, List<CodingChange> entries)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + ENTRIES
                + " (TEAM, PROJECT, TBL, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?)")) {
            long sequence = head;
            for (CodingChange entry : entries) {
                int next = bindSource(insert, 1, source);
                insert.setLong(next++, ++sequence);
                insert.setLong(next++, appendedMs);
                insert.setString(next++, entry.op().code());
                insert.setString(next++, entry.keyJson());
                insert.setLong(next++, entry.version());
                insert.setLong(next++, entry.tsMs());
                insert.setString(next++, entry.mode());
                insert.setString(next++, entry.team());
                insert.setString(next++, entry.project());
                insert.setString(next++, entry.eventType());
                insert.setString(next++, entry.delivery());
                insert.setBoolean(next++, entry.inferred());
                ChangeEvent.Pass pass = entry.pass();
                insert.setString(next++, pass == null ? null : pass.id());
                setInt(insert, next++, pass == null ? null : pass.index());
                setInt(insert, next++, pass == null ? null : pass.size());
                insert.setString(next++, entry.dedupKey());
                insert.setBoolean(next++, entry.rowIsAfter());
                insert.setString(next++, entry.rowJson());
                insert.setString(next++, entry.beforeJson());
                // a pass-end's key set: compact key JSON never holds a raw line break, so one per line
                insert.setString(next, pass == null || pass.keys() == null ? null : String.join("\n", pass.keys()));
                if (entries.size() == 1) {
                    insert.executeUpdate();
                } else {
                    insert.addBatch();
                }
            }
            if (entries.size() > 1) {
                insert.executeBatch();
            }
        }
    }

    private static void setInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    /** The change of the entry at the result's current row ({@link #COLUMNS} from the first column). */
    private static CodingChange change(SourceId source, ResultSet rows) throws SQLException {
        String passId = rows.getString(13);
        String passKeys = rows.getString(20);
        return new CodingChange(
                Op.fromCode(rows.getString(3)),
                source.table(),
                rows.getString(4),
                rows.getLong(5),
                rows.getLong(6),
                rows.getString(8),
                rows.getString(9),
                rows.getString(7),
                rows.getString(10),
                rows.getString(11),
                rows.getBoolean(12),
                passId == null
                        ? null
                        : new ChangeEvent.Pass(
                                passId,
                                rows.getInt(14),
                                rows.getInt(15),
                                passKeys == null
                                        ? null
                                        : passKeys.isEmpty() ? List.of() : List.of(passKeys.split("\n"))),
                rows.getString(16),
                rows.getString(18),
                rows.getBoolean(17),
                rows.getString(19),
                null);
    }

    private static void moveHead(Connection connection, SourceId source, long head) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE " + SOURCES + " SET HEAD_SEQ = ? WHERE " + SOURCE_MATCH)) {
            update.setLong(1, head);
            bindSource(update, 2, source);
            update.executeUpdate();
        }
    }

    static LogExtent extent(Connection connection, SourceId source) throws SQLException {
        long head = 0;
        try (PreparedStatement select =
                connection.prepareStatement("SELECT HEAD_SEQ FROM " + SOURCES + " WHERE " + SOURCE_MATCH)) {
            bindSource(select, 1, source);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    head = rows.getLong(1);
                }
            }
        }
        // Sequences are contiguous, so the lowest retained one and the head give the size without a count.
        try (PreparedStatement select = connection.prepareStatement("SELECT SEQ FROM " + ENTRIES + " WHERE "
                + SOURCE_MATCH + " " + SEQUENCE_ORDER + " LIMIT 1")) { // MIN(SEQ) would scan the source on H2
            bindSource(select, 1, source);
            try (ResultSet rows = select.executeQuery()) {
                return LogExtent.of(head, rows.next() ? rows.getLong(1) : null);
            }
        }
    }

    private static Long firstAppendedAtOrAfter(Connection connection, SourceId source, long epochMs)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT MIN(SEQ) FROM " + ENTRIES + " WHERE " + SOURCE_MATCH + " AND APPENDED_MS >= ?")) {
            int next = bindSource(select, 1, source);
            select.setLong(next, epochMs);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                long first = rows.getLong(1);
                return rows.wasNull() ? null : first;
            }
        }
    }

    private static List<SourceId> sources(Connection connection) throws SQLException {
        List<SourceId> sources = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT TEAM, PROJECT, TBL FROM " + SOURCES);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                sources.add(new SourceId(rows.getString(1), rows.getString(2), rows.getString(3)));
            }
        }
        return sources;
    }

    private static int deleteRange(Connection connection, SourceId source, long from, long toExclusive)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + ENTRIES + " WHERE " + SOURCE_MATCH + " AND SEQ >= ? AND SEQ < ?")) {
            int next = bindSource(delete, 1, source);
            delete.setLong(next, from);
            delete.setLong(next + 1, toExclusive);
            return delete.executeUpdate();
        }
    }

    /** Binds the source's three columns from {@code index}; answers the next parameter index. */
    static int bindSource(PreparedStatement statement, int index, SourceId source) throws SQLException {
        statement.setString(index, source.team());
        statement.setString(index + 1, source.project());
        statement.setString(index + 2, source.table());
        return index + 3;
    }
}
