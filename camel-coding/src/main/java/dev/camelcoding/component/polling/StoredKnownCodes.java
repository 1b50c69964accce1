package dev.camelcoding.component.polling;

import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StorePart;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.TreeSet;

/**
 * The known codes of a reader in the store's table {@value #TABLE}, one row per code: never held whole. What a page
 * or a census adds or removes waits here until the next {@link #checkpoint} (every page), which writes it through
 * {@link CodingStore#inTransaction}, so it commits with the reader's state saved in the same transaction. The census
 * reads the codes a range at a time (keyset paging by code), as CODING lists them.
 *
 * <p>Why not the bit set of the first versions: written as one state document (170 KB of Base64 at a million issues)
 * on every poll that saw a new issue, and held whole; and a code far above the others (codes are CODING's, up to
 * 2^31) made it a quarter of a gigabyte.
 */
public final class StoredKnownCodes implements KnownCodes {

    static final String TABLE = "CODING_KNOWN_CODE";

    /** The schema part: a row per known code of each reader (its state key: team, project, table, reader). */
    public static final StorePart PART = new StorePart(
            "census key sets",
            1,
            List.of(TABLE),
            dialect -> List.of("CREATE TABLE IF NOT EXISTS " + TABLE + " (SOURCE VARCHAR(1000) NOT NULL,"
                    + " CODE BIGINT NOT NULL, PRIMARY KEY (SOURCE, CODE))"));

    private final CodingStore store;
    private final String source;
    private final String upsert;
    private final TreeSet<Long> added = new TreeSet<>();
    private final TreeSet<Long> removed = new TreeSet<>();

    StoredKnownCodes(CodingStore store, String source) {
        this.store = store;
        this.source = source;
        this.upsert = store.dialect().upsert(TABLE, List.of("SOURCE", "CODE"), List.of());
    }

    @Override
    public void add(long code) {
        removed.remove(code);
        added.add(code);
    }

    @Override
    public void remove(long code) {
        added.remove(code);
        removed.add(code);
    }

    @Override
    public long[] between(long after, long upTo, int limit) {
        long from = after;
        while (true) {
            TreeSet<Long> stored = stored(from, upTo, limit);
            // a full range: what is past its last code comes with the next one
            long rangeEnd = stored.size() >= limit ? stored.last() : upTo;
            // what this reader changed since its last write counts as written
            TreeSet<Long> codes = new TreeSet<>(stored);
            codes.removeAll(removed.subSet(from, false, rangeEnd, true));
            codes.addAll(added.subSet(from, false, rangeEnd, true));
            if (!codes.isEmpty() || rangeEnd >= upTo) {
                return codes.stream().mapToLong(Long::longValue).limit(limit).toArray();
            }
            from = rangeEnd; // every stored code of this range was removed since: on to the next
        }
    }

    private TreeSet<Long> stored(long after, long upTo, int limit) {
        return store.inTransaction(connection -> {
            TreeSet<Long> stored = new TreeSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT CODE FROM " + TABLE
                    + " WHERE SOURCE = ? AND CODE > ? AND CODE <= ? ORDER BY CODE FETCH FIRST " + limit
                    + " ROWS ONLY")) {
                select.setString(1, source);
                select.setLong(2, after);
                select.setLong(3, upTo);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        stored.add(rows.getLong(1));
                    }
                }
            }
            return stored;
        });
    }

    @Override
    public void checkpoint() {
        save();
    }

    @Override
    public void save() {
        if (added.isEmpty() && removed.isEmpty()) {
            return;
        }
        store.inTransaction(connection -> {
            if (!added.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(upsert)) {
                    for (long code : added) {
                        insert.setString(1, source);
                        insert.setLong(2, code);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            if (!removed.isEmpty()) {
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM " + TABLE + " WHERE SOURCE = ? AND CODE = ?")) {
                    for (long code : removed) {
                        delete.setString(1, source);
                        delete.setLong(2, code);
                        delete.addBatch();
                    }
                    delete.executeBatch();
                }
            }
            return null;
        });
        added.clear();
        removed.clear();
    }

    /** The codes known, for tests and status (a count, not the set). */
    long count() {
        return store.inTransaction(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT COUNT(*) FROM " + TABLE + " WHERE SOURCE = ?")) {
                select.setString(1, source);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }
}
