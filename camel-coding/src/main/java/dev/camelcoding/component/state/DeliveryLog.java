package dev.camelcoding.component.state;

import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StoreDialect;
import dev.camelcoding.component.store.StorePart;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The webhook delivery ledger: the delivery ids ({@code X-Coding-Delivery}) and body hashes already processed, as rows
 * of the store's table {@value #TABLE} (ledger, key, state, expiry), so a redelivery of the same Service Hook emits
 * nothing new, across a restart and across the processes that share one store (PostgreSQL behind one webhook URL).
 * A Camel {@link IdempotentRepository}: {@code add} reserves a key (false when it is reserved or confirmed by anyone),
 * {@code confirm} records it as processed until the time-to-live, {@code remove} forgets a failed reservation so the
 * redelivery is processed.
 *
 * <p>Every statement runs through {@link CodingStore#inTransaction}: a {@link #confirm} made inside the transaction
 * that appends the delivery's events to the change log commits with them, or not at all, so a delivery is never
 * acknowledged without its events, nor its events kept without it being known. A reservation expires after
 * {@link #RESERVATION} (the process holding it may have died before confirming or forgetting it).
 */
public class DeliveryLog extends ServiceSupport implements IdempotentRepository {

    static final String TABLE = "CODING_WEBHOOK_DELIVERIES";
    /** How long a reservation holds without a confirm: far beyond any answer deadline (CODING waits 5 s). */
    static final Duration RESERVATION = Duration.ofMinutes(10);

    private static final String RESERVED = "R";
    private static final String CONFIRMED = "C";
    /** Expired rows are swept every this many reservations (and on start), so the table holds about a TTL's worth. */
    private static final int SWEEP_EVERY = 1_000;

    /** The schema part: one row per remembered key. */
    public static final StorePart PART = new StorePart(
            "webhook delivery ledger",
            1,
            List.of(TABLE),
            dialect -> List.of(
                    "CREATE TABLE IF NOT EXISTS " + TABLE + " (LEDGER VARCHAR(100) NOT NULL, DELIVERY_KEY"
                            + " VARCHAR(300) NOT NULL, STATE CHAR(1) NOT NULL, EXPIRES_MS BIGINT NOT NULL,"
                            + " PRIMARY KEY (LEDGER, DELIVERY_KEY))",
                    "CREATE INDEX IF NOT EXISTS " + TABLE + "_EXPIRY ON " + TABLE + " (EXPIRES_MS)"));

    private final CodingStore store;
    private final String ledger;
    private final Duration ttl;
    private final LongSupplier clock;
    private final AtomicLong reservations = new AtomicLong();

    /** The ledger {@code ledger} (e.g. {@link #ledgerOf} a webhook path) in {@code store}. */
    public DeliveryLog(CodingStore store, String ledger, Duration ttl) {
        this(store, ledger, ttl, System::currentTimeMillis);
    }

    public DeliveryLog(CodingStore store, String ledger, Duration ttl, LongSupplier clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = clock;
    }

    /**
     * The ledger name of a webhook path: a digest, since the path is a secret (it must not appear in the store, where
     * whoever reads the database would see it); the same path gives the same ledger in every process.
     */
    public static String ledgerOf(String webhookPath) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(webhookPath.getBytes(StandardCharsets.UTF_8));
            return "hook:" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doStart() {
        store.define(PART);
        sweep();
    }

    @Override
    protected void doStop() {
        // the store's connections belong to whoever opened it
    }

    @Override
    public boolean add(String key) {
        long now = clock.getAsLong();
        boolean reserved = store.inTransaction(connection -> {
            try (PreparedStatement expired = connection.prepareStatement(
                    "DELETE FROM " + TABLE + " WHERE LEDGER = ? AND DELIVERY_KEY = ? AND EXPIRES_MS < ?")) {
                expired.setString(1, ledger);
                expired.setString(2, key);
                expired.setLong(3, now);
                expired.executeUpdate();
            }
            return insertIfAbsent(connection, key, now + Math.min(RESERVATION.toMillis(), ttl.toMillis()));
        });
        if (reservations.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep();
        }
        return reserved;
    }

    /** Inserts a reservation unless the key has a row; whether it inserted (a unique violation must not abort). */
    private boolean insertIfAbsent(Connection connection, String key, long expires) throws SQLException {
        String insert = "INSERT INTO " + TABLE + " (LEDGER, DELIVERY_KEY, STATE, EXPIRES_MS) VALUES (?, ?, ?, ?)";
        if (store.dialect() == StoreDialect.POSTGRESQL) {
            // a failed statement aborts a PostgreSQL transaction, and the caller's may be open around this one
            insert += " ON CONFLICT (LEDGER, DELIVERY_KEY) DO NOTHING";
        }
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setString(1, ledger);
            statement.setString(2, key);
            statement.setString(3, RESERVED);
            statement.setLong(4, expires);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            if (StoreDialect.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false; // H2: only the statement failed
            }
            throw e;
        }
    }

    @Override
    public boolean contains(String key) {
        long now = clock.getAsLong();
        return store.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM " + TABLE + " WHERE LEDGER = ? AND DELIVERY_KEY = ? AND EXPIRES_MS >= ?")) {
                select.setString(1, ledger);
                select.setString(2, key);
                select.setLong(3, now);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    /** Forgets a reservation (its delivery failed); a confirmed key stays (another attempt processed it). */
    @Override
    public boolean remove(String key) {
        return store.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + TABLE + " WHERE LEDGER = ? AND DELIVERY_KEY = ? AND STATE = ?")) {
                delete.setString(1, ledger);
                delete.setString(2, key);
                delete.setString(3, RESERVED);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /**
     * Records the key as processed until the TTL. Joins the store transaction open on this thread (the change log
     * append of the delivery's events), so the two commit together.
     */
    @Override
    public boolean confirm(String key) {
        long expires = clock.getAsLong() + ttl.toMillis();
        store.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    store.dialect().upsert(TABLE, List.of("LEDGER", "DELIVERY_KEY"), List.of("STATE", "EXPIRES_MS")))) {
                upsert.setString(1, ledger);
                upsert.setString(2, key);
                upsert.setString(3, CONFIRMED);
                upsert.setLong(4, expires);
                return upsert.executeUpdate();
            }
        });
        return true;
    }

    @Override
    public void clear() {
        store.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE LEDGER = ?")) {
                delete.setString(1, ledger);
                return delete.executeUpdate();
            }
        });
    }

    /** Keys remembered now in this ledger (reserved or confirmed, not expired). */
    public long size() {
        long now = clock.getAsLong();
        return store.inTransaction(connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM " + TABLE + " WHERE LEDGER = ? AND EXPIRES_MS >= ?")) {
                count.setString(1, ledger);
                count.setLong(2, now);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    /** Deletes every ledger's expired rows. */
    private void sweep() {
        long now = clock.getAsLong();
        store.inTransaction(connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM " + TABLE + " WHERE EXPIRES_MS < ?")) {
                delete.setLong(1, now);
                return delete.executeUpdate();
            }
        });
    }
}
