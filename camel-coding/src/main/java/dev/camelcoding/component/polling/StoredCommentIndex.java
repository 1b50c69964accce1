package dev.camelcoding.component.polling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StoreException;
import dev.camelcoding.component.store.StorePart;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The comment index in the store's table {@value #TABLE}, one row per issue of each comments reader: never held
 * whole, so the reader's memory does not grow with the project (issue 18). What the poll changes waits here until
 * {@link #save}, which the poller calls in one transaction with the state writes that append the events those changes
 * cover ({@link #commit}): the events, the index and the figures commit together. The schedule is a query: the next
 * issues to read are ranked by SQL that computes {@link CommentSchedule}'s overdue figure with the same arithmetic,
 * a chunk at a time (keyset paging on the rank), and the freshness figures are one aggregate query.
 */
public final class StoredCommentIndex implements CommentIndex {

    static final String TABLE = "CODING_COMMENT_ISSUE";

    /** The schema part: a row per issue of each comments reader (its state key: team, project, filters). */
    public static final StorePart PART = new StorePart(
            "comment index",
            1,
            List.of(TABLE),
            dialect -> List.of(
                    "CREATE TABLE IF NOT EXISTS " + TABLE + " (SOURCE VARCHAR(1000) NOT NULL, CODE BIGINT NOT NULL,"
                            + " UPDATED_AT BIGINT NOT NULL, ACTIVITY_AT BIGINT NOT NULL, READ_AT BIGINT NOT NULL,"
                            + " VERSIONS_FORGOTTEN BOOLEAN NOT NULL, COMMENTS " + dialect.textType() + " NOT NULL,"
                            + " PRIMARY KEY (SOURCE, CODE))",
                    // the backfill: unread issues (READ_AT = 0), most recently updated first, read off the index
                    "CREATE INDEX IF NOT EXISTS " + TABLE + "_BY_READ ON " + TABLE
                            + " (SOURCE, READ_AT, UPDATED_AT, CODE)"));

    /** Rows fetched per query of the schedule: a poll's grant may be larger than a project, the memory is not. */
    static final int CHUNK = 256;

    private static final TypeReference<Map<Long, String>> VERSIONS = new TypeReference<>() {};
    private static final String COLUMNS = "CODE, UPDATED_AT, ACTIVITY_AT, READ_AT, VERSIONS_FORGOTTEN, COMMENTS";

    private final CodingStore store;
    private final String source;
    private final ObjectMapper mapper = new ObjectMapper();
    private final String upsert;

    /**
     * The changes since the last save, by code (an absent issue: removed). Concurrent, as {@link #get} serves the
     * comments webhook consumer from a delivery's thread. Bounded: the poller saves every so many changes.
     */
    private final Map<Long, Change> pending = new ConcurrentHashMap<>();
    /** A resync marked every issue unread; written with the next save. */
    private volatile boolean forgetAll;

    private boolean seeded;
    private boolean progressDirty;

    private record Change(CommentedIssue issue) {}

    private StoredCommentIndex(CodingStore store, String source) {
        this.store = store;
        this.source = source;
        this.upsert = store.dialect()
                .upsert(
                        TABLE,
                        List.of("SOURCE", "CODE"),
                        List.of("UPDATED_AT", "ACTIVITY_AT", "READ_AT", "VERSIONS_FORGOTTEN", "COMMENTS"));
    }

    /** The index of the comments reader whose state is {@code state} (the rows under its key prefix). */
    static StoredCommentIndex load(CodingStore store, StateStore state) {
        StoredCommentIndex index = new StoredCommentIndex(store, state.prefix() + ":comments");
        // seeded only by this index: an earlier build's progress spoke of buckets in the state, not of this table
        index.seeded = state.read(PROGRESS, Progress.class)
                .map(p -> p.seeded() && p.stored())
                .orElse(false);
        return index;
    }

    // ---- one issue ----

    @Override
    public CommentedIssue get(long code) {
        Change change = pending.get(code);
        if (change != null) {
            return change.issue();
        }
        CommentedIssue saved = store.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE SOURCE = ? AND CODE = ?")) {
                select.setString(1, source);
                select.setLong(2, code);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? issue(row) : null;
                }
            }
        });
        return saved != null && forgetAll ? saved.forgotten() : saved;
    }

    @Override
    public void put(CommentedIssue issue) {
        pending.put(issue.code(), new Change(issue));
    }

    @Override
    public void remove(long code) {
        pending.put(code, new Change(null));
    }

    @Override
    public int unsaved() {
        return pending.size() + (forgetAll ? 1 : 0);
    }

    // ---- saving ----

    @Override
    public void commit(Runnable work) {
        store.inTransaction(connection -> {
            work.run();
            return null;
        });
    }

    @Override
    public void save(StateStore state) {
        if (pending.isEmpty() && !forgetAll && !progressDirty) {
            return;
        }
        Map<Long, Change> changes = Map.copyOf(pending);
        boolean forgetting = forgetAll;
        store.inTransaction(connection -> {
            write(connection, changes);
            if (forgetting) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + TABLE + " SET READ_AT = 0, VERSIONS_FORGOTTEN = TRUE WHERE SOURCE = ?")) {
                    update.setString(1, source);
                    update.executeUpdate();
                }
            }
            // a state write in this transaction: through a reader's log it appends the events staged with it
            state.write(PROGRESS, new Progress(seeded, true));
            return null;
        });
        // forgotten at once, not after the caller's commit: if that fails, the events these changes covered are lost
        // with them, and the issues are read again against the rows as they were
        pending.clear();
        forgetAll = false;
        progressDirty = false;
    }

    private void write(Connection connection, Map<Long, Change> changes) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(upsert);
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM " + TABLE + " WHERE SOURCE = ? AND CODE = ?")) {
            int inserts = 0;
            int deletes = 0;
            for (Map.Entry<Long, Change> change : changes.entrySet()) {
                CommentedIssue issue = change.getValue().issue();
                if (issue == null) {
                    delete.setString(1, source);
                    delete.setLong(2, change.getKey());
                    delete.addBatch();
                    deletes++;
                    continue;
                }
                insert.setString(1, source);
                insert.setLong(2, issue.code());
                insert.setLong(3, issue.updatedAt());
                insert.setLong(4, issue.activityAt());
                insert.setLong(5, Math.max(0, issue.readAt())); // 0: unread, the one value the backfill's index seeks
                insert.setBoolean(6, false);
                insert.setString(7, json(issue.comments()));
                insert.addBatch();
                inserts++;
            }
            if (inserts > 0) {
                insert.executeBatch();
            }
            if (deletes > 0) {
                delete.executeBatch();
            }
        }
    }

    @Override
    public void forgetUnsaved(StateStore state) {
        pending.clear();
        forgetAll = false;
        if (progressDirty) {
            seeded = false; // the listing that seeded it was not saved whole
            progressDirty = false;
        }
    }

    // ---- the whole index, by query ----

    @Override
    public long size() {
        return store.inTransaction(connection -> {
            long count = longQuery(connection, "SELECT COUNT(*) FROM " + TABLE + " WHERE SOURCE = ?");
            // the unsaved changes: an issue added counts, one removed does not
            try (PreparedStatement exists =
                    connection.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE SOURCE = ? AND CODE = ?")) {
                for (Map.Entry<Long, Change> change : pending.entrySet()) {
                    exists.setString(1, source);
                    exists.setLong(2, change.getKey());
                    boolean saved;
                    try (ResultSet row = exists.executeQuery()) {
                        saved = row.next();
                    }
                    boolean present = change.getValue().issue() != null;
                    count += saved == present ? 0 : present ? 1 : -1;
                }
            }
            return count;
        });
    }

    @Override
    public boolean seeded() {
        return seeded;
    }

    @Override
    public void markSeeded() {
        if (!seeded) {
            seeded = true;
            progressDirty = true;
        }
    }

    /** The newest UpdatedAt saved or listed since (an issue removed since may still count: the resync floor). */
    @Override
    public long newestUpdatedAt() {
        long newest = store.inTransaction(connection ->
                longQuery(connection, "SELECT COALESCE(MAX(UPDATED_AT), 0) FROM " + TABLE + " WHERE SOURCE = ?"));
        for (Change change : pending.values()) {
            if (change.issue() != null) {
                newest = Math.max(newest, change.issue().updatedAt());
            }
        }
        return newest;
    }

    @Override
    public void forgetReads() {
        for (Map.Entry<Long, Change> change : pending.entrySet()) {
            if (change.getValue().issue() != null) {
                change.setValue(new Change(change.getValue().issue().forgotten()));
            }
        }
        forgetAll = true;
    }

    @Override
    public long[] codesBetween(long after, long upTo, int limit) {
        return store.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT CODE FROM " + TABLE
                    + " WHERE SOURCE = ? AND CODE > ? AND CODE <= ? ORDER BY CODE FETCH FIRST " + limit
                    + " ROWS ONLY")) {
                select.setString(1, source);
                select.setLong(2, after);
                select.setLong(3, upTo);
                List<Long> codes = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        codes.add(rows.getLong(1));
                    }
                }
                return codes.stream().mapToLong(Long::longValue).toArray();
            }
        });
    }

    @Override
    public Iterable<CommentedIssue> dueRescans(CommentSchedule schedule, long now, int limit) {
        return () -> new Ranked(schedule, now, limit, 1, Long.MAX_VALUE);
    }

    @Override
    public Iterable<CommentedIssue> spareRescans(CommentSchedule schedule, long now, int limit, long minUnreadMillis) {
        return () -> new Ranked(schedule, now, limit, 0, minUnreadMillis);
    }

    @Override
    public Iterable<CommentedIssue> backfill(int limit) {
        return () -> new Backfill(limit);
    }

    @Override
    public CommentFreshness.Reads reads(long now) {
        return store.inTransaction(connection -> {
            String age = now + " - READ_AT";
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*),"
                    + " COALESCE(SUM(CASE WHEN READ_AT > 0 AND " + age + " <= " + CommentFreshness.Reads.HOUR
                    + " THEN 1 ELSE 0 END), 0),"
                    + " COALESCE(SUM(CASE WHEN READ_AT > 0 AND " + age + " <= " + CommentFreshness.Reads.DAY
                    + " THEN 1 ELSE 0 END), 0),"
                    + " COALESCE(SUM(CASE WHEN READ_AT > 0 AND " + age + " <= " + CommentFreshness.Reads.WEEK
                    + " THEN 1 ELSE 0 END), 0),"
                    + " COALESCE(SUM(CASE WHEN READ_AT = 0 THEN 1 ELSE 0 END), 0),"
                    + " COALESCE(MIN(CASE WHEN READ_AT > 0 THEN READ_AT END), 0)"
                    + " FROM " + TABLE + " WHERE SOURCE = ?")) {
                select.setString(1, source);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return new CommentFreshness.Reads(
                            row.getLong(1),
                            row.getLong(2),
                            row.getLong(3),
                            row.getLong(4),
                            row.getLong(5),
                            row.getLong(6));
                }
            }
        });
    }

    @Override
    public double demandPerSecond(CommentSchedule schedule, long now) {
        return store.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COALESCE(SUM(CAST(1 AS DOUBLE PRECISION) / CAST(" + schedule.intervalSql(now, "ACTIVITY_AT")
                            + " AS DOUBLE PRECISION)), 0) FROM " + TABLE + " WHERE SOURCE = ?")) {
                select.setString(1, source);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getDouble(1) * 1000;
                }
            }
        });
    }

    // ---- the schedule's queries, a chunk at a time ----

    /**
     * The read issues by {@link CommentSchedule#overdue} at {@code now}, most overdue first, then by code; those with
     * an overdue figure of at least {@code minOverdue} and (unless {@code Long.MAX_VALUE}) unread for at least
     * {@code minUnreadMillis}. Each chunk continues after the last row of the one before (its overdue figure and
     * code), so what the poll reads meanwhile (now behind) does not move the rest.
     */
    private final class Ranked extends Chunks {

        private final String first;
        private final String after;
        private final double minOverdue;
        private double lastOverdue;
        private long lastCode;
        private boolean started;

        Ranked(CommentSchedule schedule, long now, int limit, double minOverdue, long minUnreadMillis) {
            super(limit);
            String unreadLongEnough =
                    minUnreadMillis == Long.MAX_VALUE ? "" : " AND " + now + " - READ_AT >= " + minUnreadMillis;
            String ranked = "SELECT " + COLUMNS + ", OVERDUE FROM (SELECT " + COLUMNS + ", "
                    + schedule.overdueSql(now, "READ_AT", "ACTIVITY_AT") + " AS OVERDUE FROM " + TABLE
                    + " WHERE SOURCE = ? AND READ_AT > 0" + unreadLongEnough + ") RANKED WHERE OVERDUE >= ?";
            String order = " ORDER BY OVERDUE DESC, CODE";
            this.first = ranked + order;
            this.after = ranked + " AND (OVERDUE < ? OR (OVERDUE = ? AND CODE > ?))" + order;
            this.minOverdue = minOverdue;
        }

        @Override
        List<CommentedIssue> next(Connection connection, int size) throws SQLException {
            try (PreparedStatement select =
                    connection.prepareStatement((started ? after : first) + " FETCH FIRST " + size + " ROWS ONLY")) {
                select.setString(1, source);
                select.setDouble(2, minOverdue);
                if (started) {
                    select.setDouble(3, lastOverdue);
                    select.setDouble(4, lastOverdue);
                    select.setLong(5, lastCode);
                }
                List<CommentedIssue> chunk = new ArrayList<>(size);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        chunk.add(issue(rows));
                        lastOverdue = rows.getDouble("OVERDUE");
                        lastCode = rows.getLong("CODE");
                        started = true;
                    }
                }
                return chunk;
            }
        }
    }

    /** The issues never read, most recently updated first, then by code descending; keyset-paged the same way. */
    private final class Backfill extends Chunks {

        private long lastUpdatedAt;
        private long lastCode;
        private boolean started;

        Backfill(int limit) {
            super(limit);
        }

        @Override
        List<CommentedIssue> next(Connection connection, int size) throws SQLException {
            String continued = started ? " AND (UPDATED_AT < ? OR (UPDATED_AT = ? AND CODE < ?))" : "";
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                    + " WHERE SOURCE = ? AND READ_AT = 0" + continued + " ORDER BY UPDATED_AT DESC, CODE DESC"
                    + " FETCH FIRST " + size + " ROWS ONLY")) {
                select.setString(1, source);
                if (started) {
                    select.setLong(2, lastUpdatedAt);
                    select.setLong(3, lastUpdatedAt);
                    select.setLong(4, lastCode);
                }
                List<CommentedIssue> chunk = new ArrayList<>(size);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        CommentedIssue issue = issue(rows);
                        chunk.add(issue);
                        lastUpdatedAt = issue.updatedAt();
                        lastCode = issue.code();
                        started = true;
                    }
                }
                return chunk;
            }
        }
    }

    /** At most {@code limit} issues, fetched {@value #CHUNK} at a time as the caller goes on. */
    private abstract class Chunks implements Iterator<CommentedIssue> {

        private int left;
        private Iterator<CommentedIssue> chunk = List.<CommentedIssue>of().iterator();
        private boolean exhausted;

        Chunks(int limit) {
            this.left = Math.max(0, limit);
        }

        abstract List<CommentedIssue> next(Connection connection, int size) throws SQLException;

        @Override
        public boolean hasNext() {
            if (left <= 0) {
                return false;
            }
            if (!chunk.hasNext() && !exhausted) {
                int size = Math.min(CHUNK, left);
                List<CommentedIssue> fetched = store.inTransaction(connection -> next(connection, size));
                exhausted = fetched.size() < size;
                chunk = fetched.iterator();
            }
            return chunk.hasNext();
        }

        @Override
        public CommentedIssue next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            left--;
            return chunk.next();
        }
    }

    // ---- rows ----

    private CommentedIssue issue(ResultSet row) throws SQLException {
        Map<Long, String> comments;
        try {
            comments = mapper.readValue(row.getString("COMMENTS"), VERSIONS);
        } catch (JsonProcessingException e) {
            throw new StoreException("the comment index row " + source + " #" + row.getLong("CODE")
                    + " is not the JSON this build writes: " + e.getOriginalMessage());
        }
        CommentedIssue issue = new CommentedIssue(
                row.getLong("CODE"),
                row.getLong("UPDATED_AT"),
                row.getLong("ACTIVITY_AT"),
                row.getLong("READ_AT"),
                comments);
        return row.getBoolean("VERSIONS_FORGOTTEN") ? issue.forgotten() : issue;
    }

    private String json(Map<Long, String> comments) {
        try {
            return mapper.writeValueAsString(comments);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("comment versions are strings: " + e.getMessage(), e);
        }
    }

    private long longQuery(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, source);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
