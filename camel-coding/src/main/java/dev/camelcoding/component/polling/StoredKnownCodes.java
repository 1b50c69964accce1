package dev.camelcoding.component.polling;

import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StoreDialect;
import dev.camelcoding.component.store.StorePart;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The known codes of a reader in the store's table {@value #TABLE}, as bits: a row per block of
 * {@value #CODES_PER_BLOCK} consecutive codes ({@code BITS}: bit {@code code % 4096} of block {@code code / 4096}),
 * never held whole. What a page or a census adds or removes waits here until the next {@link #checkpoint} (every
 * page), which rewrites the blocks it touched through {@link CodingStore#inTransaction}, so it commits with the
 * reader's state saved in the same transaction. The census reads the codes a few blocks at a time, in order, as CODING
 * lists them.
 *
 * <p>Why blocks and not a row per code: a page of 500 consecutive codes is then one row rewritten (two at a block's
 * edge) instead of 500 rows inserted, each with its index entry, its undo entry and its share of the commit; that was
 * a tenth of everything the backfill allocated, and a million rows in the store's cache at a million issues (issue 18:
 * GC under 20 µs per issue). A million codes are 245 rows of at most 512 bytes. Why not the bit set of the first
 * versions: written as one state document (170 KB of Base64 at a million issues) on every poll that saw a new issue,
 * and held whole; and a code far above the others (codes are CODING's, up to 2^31) made it a quarter of a gigabyte,
 * where here it is one more row.
 */
public final class StoredKnownCodes implements KnownCodes {

    static final String TABLE = "CODING_KNOWN_CODE";

    /** Codes per row: 4096 bits, 512 bytes at most. */
    static final int CODES_PER_BLOCK = 4096;

    /** Blocks read per query by {@link #between}: 64 K codes, 32 KB at most. */
    private static final int BLOCKS_PER_READ = 16;

    /**
     * The schema part: a row per block of codes of each reader (its state key: team, project, table, reader). Version
     * 2: the bits; version 1 had a row per code.
     */
    public static final StorePart PART = new StorePart(
            "census key sets",
            2,
            List.of(TABLE),
            dialect -> List.of("CREATE TABLE IF NOT EXISTS " + TABLE + " (SOURCE VARCHAR(1000) NOT NULL,"
                    + " BLOCK BIGINT NOT NULL, BITS " + (dialect == StoreDialect.H2 ? "VARBINARY" : "BYTEA")
                    + " NOT NULL, PRIMARY KEY (SOURCE, BLOCK))"));

    private final CodingStore store;
    private final String source;
    private final String upsert;
    private final TreeSet<Long> added = new TreeSet<>();
    private final TreeSet<Long> removed = new TreeSet<>();

    StoredKnownCodes(CodingStore store, String source) {
        this.store = store;
        this.source = source;
        this.upsert = store.dialect().upsert(TABLE, List.of("SOURCE", "BLOCK"), List.of("BITS"));
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
        long[] codes = new long[Math.max(0, Math.min(limit, 1 << 16))];
        int count = 0;
        long from = after;
        while (count < limit && from < upTo) {
            TreeMap<Long, BitSet> stored = stored(block(from + 1), block(upTo));
            // a full read: what is past its last block comes with the next one
            long rangeEnd = stored.size() >= BLOCKS_PER_READ ? Math.min(upTo, lastCode(stored.lastKey())) : upTo;
            // what this reader changed since its last write counts as written
            TreeSet<Long> range = new TreeSet<>(added.subSet(from, false, rangeEnd, true));
            for (var block : stored.entrySet()) {
                BitSet bits = block.getValue();
                for (int bit = bits.nextSetBit(0); bit >= 0; bit = bits.nextSetBit(bit + 1)) {
                    long code = block.getKey() * CODES_PER_BLOCK + bit;
                    if (code > from && code <= rangeEnd && !removed.contains(code)) {
                        range.add(code);
                    }
                }
            }
            for (long code : range) {
                if (count == limit) {
                    break;
                }
                if (count == codes.length) {
                    codes = Arrays.copyOf(codes, codes.length * 2);
                }
                codes[count++] = code;
            }
            from = rangeEnd;
        }
        return Arrays.copyOf(codes, count);
    }

    /** The stored blocks from {@code first} to {@code last}, at most {@link #BLOCKS_PER_READ} of them, in order. */
    private TreeMap<Long, BitSet> stored(long first, long last) {
        return store.inTransaction(connection -> {
            TreeMap<Long, BitSet> blocks = new TreeMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT BLOCK, BITS FROM " + TABLE
                    + " WHERE SOURCE = ? AND BLOCK >= ? AND BLOCK <= ? ORDER BY BLOCK FETCH FIRST " + BLOCKS_PER_READ
                    + " ROWS ONLY")) {
                select.setString(1, source);
                select.setLong(2, first);
                select.setLong(3, last);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        blocks.put(rows.getLong(1), BitSet.valueOf(rows.getBytes(2)));
                    }
                }
            }
            return blocks;
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
        // the blocks touched, each read, changed and written once
        TreeMap<Long, BitSet> toSet = byBlock(added);
        TreeMap<Long, BitSet> toClear = byBlock(removed);
        TreeSet<Long> touched = new TreeSet<>(toSet.keySet());
        touched.addAll(toClear.keySet());
        store.inTransaction(connection -> {
            try (PreparedStatement write = connection.prepareStatement(upsert);
                    PreparedStatement delete =
                            connection.prepareStatement("DELETE FROM " + TABLE + " WHERE SOURCE = ? AND BLOCK = ?")) {
                boolean writes = false;
                boolean deletes = false;
                for (long block : touched) {
                    BitSet bits = storedBlock(connection, block);
                    bits.or(toSet.getOrDefault(block, new BitSet()));
                    bits.andNot(toClear.getOrDefault(block, new BitSet()));
                    if (bits.isEmpty()) {
                        delete.setString(1, source);
                        delete.setLong(2, block);
                        delete.addBatch();
                        deletes = true;
                    } else {
                        write.setString(1, source);
                        write.setLong(2, block);
                        write.setBytes(3, bits.toByteArray());
                        write.addBatch();
                        writes = true;
                    }
                }
                if (writes) {
                    write.executeBatch();
                }
                if (deletes) {
                    delete.executeBatch();
                }
            }
            return null;
        });
        added.clear();
        removed.clear();
    }

    private BitSet storedBlock(Connection connection, long block) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT BITS FROM " + TABLE + " WHERE SOURCE = ? AND BLOCK = ?")) {
            select.setString(1, source);
            select.setLong(2, block);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? BitSet.valueOf(row.getBytes(1)) : new BitSet(CODES_PER_BLOCK);
            }
        }
    }

    private static TreeMap<Long, BitSet> byBlock(TreeSet<Long> codes) {
        TreeMap<Long, BitSet> blocks = new TreeMap<>();
        for (long code : codes) {
            blocks.computeIfAbsent(block(code), b -> new BitSet(CODES_PER_BLOCK))
                    .set((int) Math.floorMod(code, (long) CODES_PER_BLOCK));
        }
        return blocks;
    }

    private static long block(long code) {
        return Math.floorDiv(code, (long) CODES_PER_BLOCK);
    }

    private static long lastCode(long block) {
        return block * CODES_PER_BLOCK + CODES_PER_BLOCK - 1;
    }

    /** The codes known, for tests and status (a count, not the set). */
    long count() {
        return store.inTransaction(connection -> {
            long count = 0;
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT BITS FROM " + TABLE + " WHERE SOURCE = ?")) {
                select.setString(1, source);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        count += BitSet.valueOf(rows.getBytes(1)).cardinality();
                    }
                }
            }
            return count;
        });
    }
}
