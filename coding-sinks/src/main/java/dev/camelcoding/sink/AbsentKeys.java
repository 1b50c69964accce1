package dev.camelcoding.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The upserts of a batch whose rows the sink tables do not hold yet, read in the batch's transaction with one query
 * per table: those rows are written with a plain INSERT ({@link SinkTable#insertAbsent()}) instead of the guarded
 * MERGE. On H2 a MERGE's one-row source is a query H2 runs for every row, about 5 % of a backfill's pipeline CPU in a
 * JFR profile; with no stored row there is no version to guard, so the insert writes the same row.
 *
 * <p>Only the first upsert of an absent key in the batch is an insert: a later one of the same key goes through the
 * guarded MERGE after it (the batch's statements run in the events' order). If another writer inserts the row
 * between this read and the insert, the insert fails on the primary key and the batch is written again event by
 * event, each with the MERGE: a race costs a retry, never an overwrite of a newer row.
 */
final class AbsentKeys {

    /** The sink's tables by name. */
    @FunctionalInterface
    interface Tables {
        SinkTable table(String name) throws SQLException;
    }

    private static final AbsentKeys NONE = new AbsentKeys(Map.of());

    /** Per table: the keys still to insert. */
    private final Map<String, Set<String>> absent;

    private AbsentKeys(Map<String, Set<String>> absent) {
        this.absent = absent;
    }

    /** None: every upsert is the guarded one. */
    static AbsentKeys none() {
        return NONE;
    }

    /**
     * The absent keys of {@code rows}' upserts, for the tables {@code tables} gives a plain insert for (the others
     * are left out: their upserts stay guarded). One {@code SELECT ... WHERE row_key = ANY(?)} per table, which H2
     * answers from the primary key.
     */
    static AbsentKeys read(Connection connection, List<SinkRow> rows, Tables tables) throws SQLException {
        Map<String, Set<String>> candidates = new HashMap<>();
        for (SinkRow row : rows) {
            if (!row.delete() && tables.table(row.table()).insertAbsent() != null) {
                candidates
                        .computeIfAbsent(row.table(), t -> new LinkedHashSet<>())
                        .add(row.key());
            }
        }
        if (candidates.isEmpty()) {
            return NONE;
        }
        for (Map.Entry<String, Set<String>> table : candidates.entrySet()) {
            table.getValue().removeAll(stored(connection, table.getKey(), table.getValue()));
        }
        return new AbsentKeys(candidates);
    }

    /**
     * Whether {@code row} is to be inserted: an upsert of a key its table did not hold, the first of that key in the
     * batch (the call takes the key, so a second upsert of it answers false).
     */
    boolean takeInsert(SinkRow row) {
        if (row.delete()) {
            return false;
        }
        Set<String> keys = absent.get(row.table());
        return keys != null && keys.remove(row.key());
    }

    private static Set<String> stored(Connection connection, String table, Set<String> keys) throws SQLException {
        Set<String> stored = new HashSet<>();
        try (PreparedStatement select =
                connection.prepareStatement("SELECT row_key FROM " + table + " WHERE row_key = ANY(?)")) {
            select.setObject(1, keys.toArray(new String[0]));
            try (ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    stored.add(found.getString(1));
                }
            }
        }
        return stored;
    }
}
