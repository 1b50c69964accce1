package dev.camelcoding.component.changelog;

import static dev.camelcoding.component.changelog.ChangeLogSchema.OFFSETS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Each named consumer's committed offset per source, in the change log's own database. An offset is the last
 * sequence the consumer has fully processed; committing only moves it forward, so a late or repeated commit of an
 * older batch cannot make a consumer read a batch twice more. Only {@link #reset} moves it anywhere else.
 */
public class ConsumerOffsets {

    private static final String MATCH = "CONSUMER = ? AND TEAM = ? AND PROJECT = ? AND TBL = ?";
    /** Moves an offset forward only: a late or repeated commit of an older batch matches no row. */
    private static final String MOVE_FORWARD =
            "UPDATE " + OFFSETS + " SET COMMITTED_SEQ = ?, UPDATED_MS = ? WHERE " + MATCH + " AND COMMITTED_SEQ < ?";

    private final DataSource dataSource;
    private final ChangeLog log;
    private final Clock clock;

    /** The offsets of consumers of {@code log}, stored in {@code dataSource} (the log's database). */
    public ConsumerOffsets(DataSource dataSource, ChangeLog log) {
        this(dataSource, log, Clock.systemUTC());
    }

    public ConsumerOffsets(DataSource dataSource, ChangeLog log, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        ChangeLogSchema.create(dataSource);
    }

    /**
     * Where {@code consumer} reads {@code source} from: after its committed offset, or, the first time, from
     * {@code start}, which is then committed at once so that a restart before the first commit does not move the
     * starting point (a consumer that started "now" must still get what was appended while it was down). Answers
     * {@link ConsumerPosition.Purged} when retention has removed entries the consumer has not read.
     */
    public ConsumerPosition position(String consumer, SourceId source, StartFrom start) {
        requireConsumer(consumer);
        OptionalLong committed = committed(consumer, source);
        long offset;
        if (committed.isPresent()) {
            offset = committed.getAsLong();
        } else {
            offset = startingSequence(source, start);
            if (!insert(consumer, source, offset)) { // another instance of the consumer got there first
                offset = committed(consumer, source).orElseThrow();
            }
        }
        LogExtent extent = log.extent(source);
        return offset + 1 < extent.tail()
                ? new ConsumerPosition.Purged(offset, extent.tail())
                : new ConsumerPosition.Resume(offset);
    }

    /** The consumer's committed offset on a source, if it has one. */
    public OptionalLong committed(String consumer, SourceId source) {
        requireConsumer(consumer);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT COMMITTED_SEQ FROM " + OFFSETS + " WHERE " + MATCH)) {
            bind(select, 1, consumer, source);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw failure("read the offset of", consumer, source, e);
        }
    }

    /**
     * Records that {@code consumer} has processed {@code source} up to {@code sequence}. Answers whether the offset
     * moved: false when it already was at or past {@code sequence}.
     *
     * @throws IllegalArgumentException when {@code sequence} is past the log's head: nothing there can have been read
     */
    public boolean commit(String consumer, SourceId source, long sequence) {
        requireConsumer(consumer);
        long head = log.extent(source).head();
        if (sequence > head) {
            throw new IllegalArgumentException("consumer '" + consumer + "' cannot commit sequence " + sequence + " of "
                    + source + ": the log's head is " + head);
        }
        try (Connection connection = dataSource.getConnection()) {
            if (moveForward(connection, consumer, source, sequence, clock.millis())) {
                return true;
            }
        } catch (SQLException e) {
            throw failure("commit the offset of", consumer, source, e);
        }
        // no row moved: either the offset is already there or beyond, or the consumer never asked for a position
        return committed(consumer, source).isEmpty()
                && (insert(consumer, source, sequence) || commit(consumer, source, sequence));
    }

    /**
     * Moves the offset of {@code position}'s consumer forward to its last sequence on {@code connection}, inside the
     * caller's transaction (a sink's, whose database is the store's): the offset then commits or rolls back with the
     * caller's rows. Never moves it back. Answers whether it moved: false when it already was at or past the
     * sequence, or when the consumer has no offset row yet (its own {@link #commit} then creates it).
     */
    public static boolean commitIn(Connection connection, LogPosition position, long nowMs) throws SQLException {
        requireConsumer(position.consumer());
        return moveForward(connection, position.consumer(), position.source(), position.lastSequence(), nowMs);
    }

    /**
     * Checks on {@code connection} that its user may move offsets: an update of no row, which the database still
     * refuses without the privilege (PostgreSQL and H2 check it when the statement is prepared and run).
     *
     * @throws SQLException when the offsets table is missing or not writable there
     */
    public static void checkWritable(Connection connection) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE " + OFFSETS + " SET UPDATED_MS = UPDATED_MS WHERE 1 = 0")) {
            update.executeUpdate();
        }
    }

    private static boolean moveForward(
            Connection connection, String consumer, SourceId source, long sequence, long nowMs) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(MOVE_FORWARD)) {
            update.setLong(1, sequence);
            update.setLong(2, nowMs);
            int next = bind(update, 3, consumer, source);
            update.setLong(next, sequence);
            return update.executeUpdate() == 1;
        }
    }

    /** Moves the consumer's offset to {@code start}, backwards too (after a fresh backfill, or on request). */
    public void reset(String consumer, SourceId source, StartFrom start) {
        requireConsumer(consumer);
        long offset = startingSequence(source, start);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + OFFSETS + " SET COMMITTED_SEQ = ?, UPDATED_MS = ? WHERE " + MATCH)) {
            update.setLong(1, offset);
            update.setLong(2, clock.millis());
            bind(update, 3, consumer, source);
            if (update.executeUpdate() == 1) {
                return;
            }
        } catch (SQLException e) {
            throw failure("reset the offset of", consumer, source, e);
        }
        if (!insert(consumer, source, offset)) {
            reset(consumer, source, start);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private long startingSequence(SourceId source, StartFrom start) {
        // (Java 17: no pattern matching in switch yet)
        if (start instanceof StartFrom.At at) {
            return log.lastSequenceBefore(source, at.time());
        }
        LogExtent extent = log.extent(source);
        return start == StartFrom.oldest() ? extent.tail() - 1 : extent.head();
    }

    /** Inserts a first offset; false when the row already exists. */
    private boolean insert(String consumer, SourceId source, long sequence) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + OFFSETS
                        + " (CONSUMER, TEAM, PROJECT, TBL, COMMITTED_SEQ, UPDATED_MS) VALUES (?, ?, ?, ?, ?, ?)")) {
            int next = bind(insert, 1, consumer, source);
            insert.setLong(next, sequence);
            insert.setLong(next + 1, clock.millis());
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (ChangeLogSchema.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw failure("store the first offset of", consumer, source, e);
        }
    }

    private static int bind(PreparedStatement statement, int index, String consumer, SourceId source)
            throws SQLException {
        statement.setString(index, consumer);
        return JdbcChangeLog.bindSource(statement, index + 1, source);
    }

    private static void requireConsumer(String consumer) {
        if (consumer == null || consumer.isBlank() || consumer.length() > SourceId.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a change log consumer needs a name of 1 to " + SourceId.MAX_NAME_LENGTH
                    + " characters, got '" + consumer + "'");
        }
    }

    private static ChangeLogException failure(String what, String consumer, SourceId source, SQLException e) {
        return new ChangeLogException(
                "cannot " + what + " consumer '" + consumer + "' on " + source + ": " + e.getMessage(), e);
    }
}
