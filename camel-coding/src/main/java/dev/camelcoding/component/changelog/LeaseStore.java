package dev.camelcoding.component.changelog;

import static dev.camelcoding.component.changelog.ChangeLogSchema.LEASES;

import dev.camelcoding.component.store.StoreDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The lease rows of {@value ChangeLogSchema#LEASES}: acquire, renew, release. Every expiry is computed and compared by
 * the database's clock inside the statement, so nodes whose clocks disagree still agree on who holds a lease. A
 * statement that fails (the database is unreachable) is reported as an {@link SQLException}: the caller treats it as
 * a failed renewal.
 */
final class LeaseStore {

    private final DataSource dataSource;
    private final StoreDialect dialect;
    private final long leaseMillis;
    private final int queryTimeoutSeconds;

    LeaseStore(DataSource dataSource, StoreDialect dialect, Duration leaseDuration) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.leaseMillis = leaseDuration.toMillis();
        // a hung statement must not outlive the lease by much; JDBC counts whole seconds
        this.queryTimeoutSeconds = (int) Math.max(1, leaseDuration.toSeconds());
    }

    /**
     * Takes the lease of {@code namespace} for {@code holder} when it is free, expired, or already {@code holder}'s,
     * with the next epoch; empty when another holder's lease is still running. Taking one's own running lease again
     * also raises the epoch, so a reader that stepped down early can never write under its old fence.
     */
    Optional<Lease> tryAcquire(String namespace, String holder) throws SQLException {
        ensureRow(namespace);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int taken;
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + LEASES
                        + " SET HOLDER = ?, EPOCH = EPOCH + 1, ACQUIRED_AT = " + dialect.now() + ", EXPIRES_AT = "
                        + dialect.nowPlusMillis()
                        + " WHERE NAMESPACE = ? AND (HOLDER IS NULL OR HOLDER = ? OR EXPIRES_AT <= " + dialect.now()
                        + ")")) {
                    update.setQueryTimeout(queryTimeoutSeconds);
                    update.setString(1, holder);
                    update.setLong(2, leaseMillis);
                    update.setString(3, namespace);
                    update.setString(4, holder);
                    taken = update.executeUpdate();
                }
                Optional<Lease> lease = Optional.empty();
                if (taken == 1) {
                    try (PreparedStatement select =
                            connection.prepareStatement("SELECT EPOCH FROM " + LEASES + " WHERE NAMESPACE = ?")) {
                        select.setString(1, namespace);
                        try (ResultSet rows = select.executeQuery()) {
                            rows.next();
                            lease = Optional.of(new Lease(namespace, holder, rows.getLong(1)));
                        }
                    }
                }
                connection.commit();
                return lease;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Extends a running lease by the lease duration from now; false when it is no longer this lease or expired. */
    boolean renew(Lease lease) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE " + LEASES + " SET EXPIRES_AT = "
                        + dialect.nowPlusMillis()
                        + " WHERE NAMESPACE = ? AND HOLDER = ? AND EPOCH = ? AND EXPIRES_AT > "
                        + dialect.now())) {
            update.setQueryTimeout(queryTimeoutSeconds);
            update.setLong(1, leaseMillis);
            update.setString(2, lease.namespace());
            update.setString(3, lease.holder());
            update.setLong(4, lease.epoch());
            return update.executeUpdate() == 1;
        }
    }

    /** Gives a lease up at once (a clean stop), so another node need not wait for it to expire. */
    void release(Lease lease) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE " + LEASES + " SET HOLDER = NULL,"
                        + " EXPIRES_AT = " + dialect.now() + " WHERE NAMESPACE = ? AND HOLDER = ? AND EPOCH = ?")) {
            update.setQueryTimeout(queryTimeoutSeconds);
            update.setString(1, lease.namespace());
            update.setString(2, lease.holder());
            update.setLong(3, lease.epoch());
            update.executeUpdate();
        }
    }

    /** The holder of the running lease of {@code namespace}, if any. */
    Optional<String> holder(String namespace) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT HOLDER FROM " + LEASES
                        + " WHERE NAMESPACE = ? AND HOLDER IS NOT NULL AND EXPIRES_AT > " + dialect.now())) {
            select.setQueryTimeout(queryTimeoutSeconds);
            select.setString(1, namespace);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** The namespace's row, free (epoch 0, already expired), made on first use; a concurrent insert is fine. */
    private void ensureRow(String namespace) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT 1 FROM " + LEASES + " WHERE NAMESPACE = ?")) {
                select.setString(1, namespace);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + LEASES
                    + " (NAMESPACE, HOLDER, EPOCH, EXPIRES_AT) VALUES (?, NULL, 0, " + dialect.now() + ")")) {
                insert.setString(1, namespace);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!ChangeLogSchema.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }
}
