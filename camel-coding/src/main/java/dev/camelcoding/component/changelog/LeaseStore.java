package dev.camelcoding.component.changelog;

import static dev.camelcoding.component.changelog.ChangeLogSchema.LEASES;
import static dev.camelcoding.component.changelog.ChangeLogSchema.MEMBERS;
import static dev.camelcoding.component.changelog.ChangeLogSchema.REQUESTS;

import dev.camelcoding.component.store.StoreDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The lease rows of {@value ChangeLogSchema#LEASES} (acquire, renew, release, ask for a handover) and the member
 * heartbeat rows of {@value ChangeLogSchema#MEMBERS}. Every expiry is computed and compared by
 * the database's clock inside the statement, so nodes whose clocks disagree still agree on who holds a lease. A
 * statement that fails (the database is unreachable) is reported as an {@link SQLException}: the caller treats it as
 * a failed renewal.
 */
final class LeaseStore {

    /**
     * Leases renewed per statement: two parameters each, far below PostgreSQL's 32,767 parameters per statement, and
     * one statement for the few hundred sources a process holds.
     */
    static final int RENEW_CHUNK = 500;

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
        try (Connection connection = dataSource.getConnection()) {
            ensureRow(connection, namespace); // committed on its own: a concurrent insert fails only itself
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
                    // whoever asked for it has been answered, by this member or another
                    try (PreparedStatement answered =
                            connection.prepareStatement("DELETE FROM " + REQUESTS + " WHERE NAMESPACE = ?")) {
                        answered.setString(1, namespace);
                        answered.executeUpdate();
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

    /**
     * Extends every one of {@code leases} (all held by {@code holder}) that is still running under its epoch, in one
     * statement per {@value #RENEW_CHUNK} leases instead of one per lease; answers the namespaces renewed. When a
     * statement renews fewer rows than it named, a second one reads which are still this holder's: a lease that
     * had expired is not revived (the update skips it), so those that still run are exactly those renewed.
     */
    Set<String> renewAll(String holder, Collection<Lease> leases) throws SQLException {
        Set<String> renewed = new HashSet<>();
        List<Lease> all = new ArrayList<>(leases);
        try (Connection connection = dataSource.getConnection()) {
            for (int from = 0; from < all.size(); from += RENEW_CHUNK) {
                List<Lease> chunk = all.subList(from, Math.min(all.size(), from + RENEW_CHUNK));
                String named = "(NAMESPACE, EPOCH) IN ("
                        + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?)")) + ")";
                int updated;
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + LEASES + " SET EXPIRES_AT = "
                        + dialect.nowPlusMillis() + " WHERE HOLDER = ? AND EXPIRES_AT > " + dialect.now() + " AND "
                        + named)) {
                    update.setQueryTimeout(queryTimeoutSeconds);
                    update.setLong(1, leaseMillis);
                    update.setString(2, holder);
                    bind(update, 3, chunk);
                    updated = update.executeUpdate();
                }
                if (updated == chunk.size()) {
                    chunk.forEach(lease -> renewed.add(lease.namespace()));
                    continue;
                }
                try (PreparedStatement select = connection.prepareStatement("SELECT NAMESPACE FROM " + LEASES
                        + " WHERE HOLDER = ? AND EXPIRES_AT > " + dialect.now() + " AND " + named)) {
                    select.setQueryTimeout(queryTimeoutSeconds);
                    select.setString(1, holder);
                    bind(select, 2, chunk);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            renewed.add(rows.getString(1));
                        }
                    }
                }
            }
        }
        return renewed;
    }

    private static void bind(PreparedStatement statement, int first, List<Lease> leases) throws SQLException {
        int index = first;
        for (Lease lease : leases) {
            statement.setString(index++, lease.namespace());
            statement.setLong(index++, lease.epoch());
        }
    }

    /**
     * Every running lease and every live member, as the database's clock judges them now: what a member balances
     * its share on. Two statements, whatever the number of sources.
     */
    LeaseTable read() throws SQLException {
        Map<String, LeaseTable.Running> running = new HashMap<>();
        Set<String> members = new HashSet<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement("SELECT L.NAMESPACE, L.HOLDER, R.REQUESTED_BY"
                    + " FROM " + LEASES + " L LEFT JOIN " + REQUESTS + " R ON R.NAMESPACE = L.NAMESPACE"
                    + " WHERE L.HOLDER IS NOT NULL AND L.EXPIRES_AT > " + dialect.now())) {
                select.setQueryTimeout(queryTimeoutSeconds);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        running.put(
                                rows.getString(1),
                                new LeaseTable.Running(rows.getString(2), Optional.ofNullable(rows.getString(3))));
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT MEMBER_ID FROM " + MEMBERS + " WHERE EXPIRES_AT > " + dialect.now())) {
                select.setQueryTimeout(queryTimeoutSeconds);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        members.add(rows.getString(1));
                    }
                }
            }
        }
        return new LeaseTable(running, members);
    }

    /**
     * Keeps {@code member} counted among the live members for one lease duration from now (its row made on first
     * use). A member whose heartbeat stops is no longer counted once the row expires, which is when its leases
     * expire too.
     */
    void heartbeat(String member) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE " + MEMBERS + " SET EXPIRES_AT = " + dialect.nowPlusMillis() + " WHERE MEMBER_ID = ?")) {
                update.setQueryTimeout(queryTimeoutSeconds);
                update.setLong(1, leaseMillis);
                update.setString(2, member);
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            // first beat: the rows of members that died long ago go (a clean stop deletes its own, a kill cannot)
            try (PreparedStatement purge = connection.prepareStatement(
                    "DELETE FROM " + MEMBERS + " WHERE EXPIRES_AT < " + dialect.nowPlusMillis())) {
                purge.setQueryTimeout(queryTimeoutSeconds);
                purge.setLong(1, -Duration.ofDays(1).toMillis());
                purge.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + MEMBERS
                    + " (MEMBER_ID, EXPIRES_AT) VALUES (?, " + dialect.nowPlusMillis() + ")")) {
                insert.setQueryTimeout(queryTimeoutSeconds);
                insert.setString(1, member);
                insert.setLong(2, leaseMillis);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!ChangeLogSchema.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    /** Removes {@code member}'s heartbeat row (a clean stop), so the others count it out at once. */
    void leave(String member) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM " + MEMBERS + " WHERE MEMBER_ID = ?")) {
            delete.setQueryTimeout(queryTimeoutSeconds);
            delete.setString(1, member);
            delete.executeUpdate();
        }
    }

    /**
     * Asks the holder of {@code namespace} to hand it over to {@code requester}: the holder releases it on its next
     * beat if it holds more than its fair share and the requester is still below its own. A later request replaces
     * an earlier one (whose asker may have died meanwhile); taking the lease answers it.
     */
    void request(String namespace, String requester) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(
                        dialect.upsert(REQUESTS, List.of("NAMESPACE"), List.of("REQUESTED_BY")))) {
            upsert.setQueryTimeout(queryTimeoutSeconds);
            upsert.setString(1, namespace);
            upsert.setString(2, requester);
            upsert.executeUpdate();
        }
    }

    /** Gives a lease up at once (a clean stop), so another node need not wait for it to expire. */
    void release(Lease lease) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update =
                        connection.prepareStatement("UPDATE " + LEASES + " SET HOLDER = NULL, EXPIRES_AT = "
                                + dialect.now() + " WHERE NAMESPACE = ? AND HOLDER = ? AND EPOCH = ?")) {
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
    private void ensureRow(Connection connection, String namespace) throws SQLException {
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
