package dev.camelcoding.app.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The JSON Lines sink ({@code <dir>/<table>.jsonl}, one change event per line, appended) as the rows it amounts to:
 * each file is replayed, streaming, into the latest version per key under the JDBC sink's own rules (a newer
 * {@code updated_at} wins, then the later event; a delete leaves a tombstone; an iterations overwrite pass tombstones
 * the project's rows it did not contain once its last event is read). The replay goes into a temporary H2 file
 * database, not into memory, and is then read by {@link JdbcSinkRows}' keyset query: memory stays flat for files of
 * any size. The temporary database is deleted on {@link #close}.
 */
public final class JsonLinesSinkRows implements SinkRows {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Lines per replay transaction. */
    private static final int COMMIT_EVERY = 1000;

    private final Path directory;
    private final Path scratch;
    private final JdbcDataSource replayed = new JdbcDataSource();
    private final JdbcSinkRows reader;
    private final Set<CheckedTable> loaded = EnumSet.noneOf(CheckedTable.class);
    private long linesRead;

    public JsonLinesSinkRows(Path directory) {
        this.directory = directory;
        try {
            this.scratch = Files.createTempDirectory("coding-verify-jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory to replay " + directory + " into", e);
        }
        replayed.setURL("jdbc:h2:file:" + scratch.resolve("replayed").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
        replayed.setUser("sa");
        replayed.setPassword("");
        reader = new JdbcSinkRows(replayed, "the JSON Lines files in " + directory);
    }

    @Override
    public Iterator<StoredRow> rows(CheckedTable table, String project) {
        if (loaded.add(table)) {
            replay(table);
        }
        return reader.rows(table, project);
    }

    /** The change events read from the files so far. */
    public long linesRead() {
        return linesRead;
    }

    @Override
    public String describe() {
        return reader.describe();
    }

    @Override
    public void close() {
        try (Connection connection = replayed.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already closed, or never opened: the files go all the same
        }
        try (Stream<Path> files = Files.walk(scratch)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    private void replay(CheckedTable table) {
        String name = JdbcSinkRows.tableName(table);
        Path file = directory.resolve(table.uriName() + ".jsonl");
        try (Connection connection = replayed.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + name + " (row_key VARCHAR PRIMARY KEY, project VARCHAR,"
                        + " updated_at BIGINT NOT NULL, ts_ms BIGINT NOT NULL, deleted BOOLEAN NOT NULL,"
                        + " pass_id VARCHAR, doc VARCHAR, "
                        + (table.groupColumn() == null ? "" : table.groupColumn() + " VARCHAR, ")
                        + table.idColumn() + " BIGINT)");
            }
            if (!Files.exists(file)) {
                return; // nothing written to this table yet: the sink has no rows of it
            }
            connection.setAutoCommit(false);
            Replay replay = new Replay(connection, table, name);
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                long inTransaction = 0;
                while ((line = lines.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    replay.apply(MAPPER.readTree(line));
                    linesRead++;
                    if (++inTransaction == COMMIT_EVERY) {
                        connection.commit();
                        inTransaction = 0;
                    }
                }
            }
            connection.commit();
        } catch (IOException e) {
            throw new SinkReadException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new SinkReadException("cannot replay " + file + ": " + e.getMessage(), e);
        }
    }

    /** One table's events applied in file order, under the JDBC sink's version rules. */
    private static final class Replay {
        private final Connection connection;
        private final CheckedTable table;
        private final String name;

        Replay(Connection connection, CheckedTable table, String name) {
            this.connection = connection;
            this.table = table;
            this.name = name;
        }

        void apply(JsonNode event) throws SQLException {
            JsonNode after = event.path("after");
            JsonNode row = after.isObject() ? after : event.path("before");
            boolean delete = "d".equals(event.path("op").asText());
            long tsMs = event.path("ts_ms").asLong(0);
            long updatedAt = row.isObject() ? row.path("updated_at").asLong(0) : 0;
            JsonNode pass = event.path("source").path("pass");
            String project = event.path("source")
                    .path("project")
                    .asText(event.path("key").path("project").asText());
            if (pass.isObject() && pass.path("size").asInt(-1) == 0) {
                endPass(project, pass.path("id").asText()); // the marker of a pass that found no rows
                return;
            }
            String key = event.path("key").toString();
            Stored stored = stored(key);
            if (delete) {
                if (stored == null
                        || stored.deleted
                        || tsMs >= stored.tsMs
                        || (updatedAt > 0 && updatedAt >= stored.updatedAt)) {
                    write(
                            key,
                            project,
                            Math.max(updatedAt, stored == null ? 0 : stored.updatedAt),
                            tsMs,
                            true,
                            null,
                            row,
                            event.path("key"));
                }
            } else if (stored == null
                    || updatedAt > stored.updatedAt
                    || (updatedAt == stored.updatedAt && tsMs >= stored.tsMs && (!stored.deleted || updatedAt == 0))) {
                write(
                        key,
                        project,
                        updatedAt,
                        tsMs,
                        false,
                        pass.isObject() ? pass.path("id").asText() : null,
                        row,
                        event.path("key"));
            }
            if (pass.isObject() && pass.path("last").asBoolean(false)) {
                endPass(project, pass.path("id").asText());
            }
        }

        /** A complete overwrite pass: the project's rows it did not contain were deleted in CODING. */
        private void endPass(String project, String passId) throws SQLException {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE " + name
                            + " SET deleted = TRUE WHERE project = ? AND deleted = FALSE AND (pass_id IS NULL OR pass_id <> ?)")) {
                update.setString(1, project);
                update.setString(2, passId);
                update.executeUpdate();
            }
        }

        private record Stored(long updatedAt, long tsMs, boolean deleted) {}

        private Stored stored(String key) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT updated_at, ts_ms, deleted FROM " + name + " WHERE row_key = ?")) {
                select.setString(1, key);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? new Stored(rows.getLong(1), rows.getLong(2), rows.getBoolean(3)) : null;
                }
            }
        }

        private void write(
                String key,
                String project,
                long updatedAt,
                long tsMs,
                boolean deleted,
                String passId,
                JsonNode row,
                JsonNode keyNode)
                throws SQLException {
            // the key columns from the row, else from the key (a delete found by a census carries the key only)
            JsonNode source = row.isObject() ? row : keyNode;
            boolean grouped = table.groupColumn() != null;
            try (PreparedStatement merge = connection.prepareStatement("MERGE INTO " + name
                    + " (row_key, project, updated_at, ts_ms, deleted, pass_id, doc, "
                    + (grouped ? table.groupColumn() + ", " : "") + table.idColumn()
                    + ") KEY (row_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?" + (grouped ? ", ?" : "") + ")")) {
                merge.setString(1, key);
                merge.setString(2, project);
                merge.setLong(3, updatedAt);
                merge.setLong(4, tsMs);
                merge.setBoolean(5, deleted);
                merge.setString(6, passId);
                merge.setString(7, row.isObject() ? row.toString() : null);
                RowRef ref = table.refOf(source.path(table.idColumn()).isMissingNode() ? keyNode : source);
                int next = 8;
                if (grouped) {
                    merge.setString(next++, ref.group());
                }
                merge.setLong(next, ref.id());
                merge.executeUpdate();
            }
        }
    }
}
