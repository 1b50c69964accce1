package dev.camelcoding.component.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The readers' state (cursors, passes, poll status: typed records as JSON text, see {@code StateStore}) in the store's
 * table {@value #TABLE}. Every read and write goes through {@link CodingStore#inTransaction}, so a state write made
 * while a page is appended to the change log commits with that page, or not at all.
 */
public final class StoreStateRepository extends ServiceSupport implements StateRepository<String, String> {

    static final String TABLE = "CODING_STATE";

    /** The schema part: one row per state key. */
    public static final StorePart PART = new StorePart(
            "reader state",
            1,
            List.of(TABLE),
            dialect -> List.of("CREATE TABLE IF NOT EXISTS " + TABLE + " (STATE_KEY VARCHAR(1000) NOT NULL PRIMARY KEY,"
                    + " STATE_VALUE " + dialect.textType() + " NOT NULL, UPDATED_MS BIGINT NOT NULL)"));

    private final CodingStore store;
    private final String upsert;

    /** The state in {@code store}, whose part must be defined ({@link CodingStore#define}). */
    public StoreStateRepository(CodingStore store) {
        this.store = store;
        this.upsert = store.dialect().upsert(TABLE, List.of("STATE_KEY"), List.of("STATE_VALUE", "UPDATED_MS"));
    }

    @Override
    public void setState(String key, String value) {
        store.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(upsert)) {
                statement.setString(1, key);
                statement.setString(2, value);
                statement.setLong(3, System.currentTimeMillis());
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public String getState(String key) {
        return store.inTransaction(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT STATE_VALUE FROM " + TABLE + " WHERE STATE_KEY = ?")) {
                select.setString(1, key);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
    }

    /**
     * Every state key that starts with {@code prefix}, in order: what lists the sources a store holds state for
     * ({@code StoredSource}), since a Camel state repository can only be asked for a key it is told.
     */
    public List<String> keys(String prefix) {
        return store.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT STATE_KEY FROM " + TABLE + " WHERE STATE_KEY LIKE ? ESCAPE '!' ORDER BY STATE_KEY")) {
                select.setString(1, prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
                List<String> keys = new java.util.ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(rows.getString(1));
                    }
                }
                return keys;
            }
        });
    }

    @Override
    protected void doStart() {
        // the part is defined by whoever opened the store
    }

    @Override
    protected void doStop() {
        // the store's connections belong to whoever opened it
    }
}
