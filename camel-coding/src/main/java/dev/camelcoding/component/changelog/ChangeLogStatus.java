package dev.camelcoding.component.changelog;

import static dev.camelcoding.component.changelog.ChangeLogSchema.LEASES;
import static dev.camelcoding.component.changelog.ChangeLogSchema.OFFSETS;
import static dev.camelcoding.component.changelog.ChangeLogSchema.SOURCES;

import dev.camelcoding.component.store.StoreDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the change log's database says about each source right now, for {@code status} and the metrics: its head,
 * tail and size, which node reads it and since when (its lease row in {@value ChangeLogSchema#LEASES}), and each
 * consumer's committed offset and lag. Reads only; one snapshot per call, each source read in one connection.
 */
public class ChangeLogStatus {

    private final DataSource dataSource;
    private final StoreDialect dialect;

    /** The status of the log in {@code dataSource} (its tables are created when missing, as the log does). */
    public ChangeLogStatus(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = ChangeLogSchema.create(dataSource);
    }

    /** Every source that was ever appended to, in team, project, table order. */
    public List<SourceStatus> sources() {
        try (Connection connection = dataSource.getConnection()) {
            List<SourceStatus> sources = new ArrayList<>();
            for (SourceId source : sourceIds(connection)) {
                // read once per source: the consumers' lag is against the same head (a status the monitoring page
                // takes once a second while watched should not read it twice)
                LogExtent extent = JdbcChangeLog.extent(connection, source);
                sources.add(new SourceStatus(
                        source,
                        extent,
                        lease(connection, source.readerNamespace()),
                        consumers(connection, source, extent.head())));
            }
            return sources;
        } catch (SQLException e) {
            throw new ChangeLogException("cannot read the status of the change log: " + e.getMessage(), e);
        }
    }

    private static List<SourceId> sourceIds(Connection connection) throws SQLException {
        List<SourceId> sources = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT TEAM, PROJECT, TBL FROM " + SOURCES + " ORDER BY TEAM, PROJECT, TBL");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                sources.add(new SourceId(rows.getString(1), rows.getString(2), rows.getString(3)));
            }
        }
        return sources;
    }

    /** The namespace's lease while someone holds one (a released lease has no holder). */
    private Optional<ReaderLease> lease(Connection connection, String namespace) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT HOLDER, EPOCH, ACQUIRED_AT, EXPIRES_AT," + " EXPIRES_AT > "
                        + dialect.now() + " FROM " + LEASES + " WHERE NAMESPACE = ? AND HOLDER IS NOT NULL")) {
            select.setString(1, namespace);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Timestamp since = rows.getTimestamp(3);
                return Optional.of(new ReaderLease(
                        rows.getString(1),
                        rows.getLong(2),
                        Optional.ofNullable(since).map(Timestamp::toInstant),
                        rows.getTimestamp(4).toInstant(),
                        rows.getBoolean(5)));
            }
        }
    }

    private static List<ConsumerLag> consumers(Connection connection, SourceId source, long head) throws SQLException {
        List<ConsumerLag> consumers = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT CONSUMER, COMMITTED_SEQ, UPDATED_MS FROM "
                + OFFSETS + " WHERE TEAM = ? AND PROJECT = ? AND TBL = ? ORDER BY CONSUMER")) {
            JdbcChangeLog.bindSource(select, 1, source);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long committed = rows.getLong(2);
                    consumers.add(new ConsumerLag(
                            rows.getString(1),
                            committed,
                            Math.max(0, head - committed),
                            Instant.ofEpochMilli(rows.getLong(3))));
                }
            }
        }
        return consumers;
    }
}
