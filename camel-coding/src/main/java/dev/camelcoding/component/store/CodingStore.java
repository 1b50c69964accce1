package dev.camelcoding.component.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one database that holds every durable fact of the product: the change log, the readers' cursors and state,
 * census key sets, the comment index, consumer offsets, the webhook delivery ledger, dead letters and the schema
 * catalog. An embedded H2 file under the data directory by default; PostgreSQL when several processes share it.
 *
 * <p>Why one database: a page's entries and the reader's cursor must commit together, or a crash between two writes
 * appends the page twice. {@link #inTransaction} binds one connection to the calling thread for the duration of the
 * work; every repository of the store does its SQL through {@link #inTransaction} too, so a repository called inside
 * another's transaction joins it instead of committing on its own. The binding belongs to this store instance (no
 * JVM-wide state): two stores never see each other's transactions.
 */
public final class CodingStore {

    private static final Logger LOG = LoggerFactory.getLogger(CodingStore.class);
    /** One row per schema part: the layout version its tables were created with. */
    static final String SCHEMA_TABLE = "CODING_STORE_SCHEMA";

    private final String name;
    private final DataSource dataSource;
    private final StoreDialect dialect;
    private final ThreadLocal<Connection> bound = new ThreadLocal<>();
    /** What to run once the transaction bound to this thread has committed (see {@link #afterCommit}). */
    private final ThreadLocal<List<Runnable>> committed = new ThreadLocal<>();

    private CodingStore(String name, DataSource dataSource, StoreDialect dialect) {
        this.name = name;
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /**
     * The store on {@code dataSource}, whose database must be H2 or PostgreSQL.
     *
     * @param name how messages name it (never a password: e.g. the file, the bean or the URL without credentials)
     */
    public static CodingStore open(String name, DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            StoreDialect dialect = StoreDialect.of(connection);
            definingAlone(
                    connection,
                    dialect,
                    () -> createIfMissing(
                            connection,
                            "CREATE TABLE IF NOT EXISTS " + SCHEMA_TABLE
                                    + " (PART VARCHAR(200) NOT NULL PRIMARY KEY, VERSION INT NOT NULL)"));
            return new CodingStore(name, dataSource, dialect);
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public StoreDialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in a transaction: the one already open on this thread for this store (joined: it commits
     * with the outermost work), else a new one, committed when the work returns and rolled back when it throws.
     *
     * @throws StoreException when the database fails (the transaction was rolled back)
     */
    public <T> T inTransaction(SqlWork<T> work) {
        Connection joined = bound.get();
        if (joined != null) {
            try {
                return work.apply(joined);
            } catch (SQLException e) {
                throw new StoreException("the store " + name + " failed: " + e.getMessage(), e);
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            bound.set(connection);
            try {
                T result = work.apply(connection);
                connection.commit();
                runAfterCommit();
                return result;
            } catch (SQLException e) {
                rollback(connection, e);
                throw new StoreException("the store " + name + " failed: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } finally {
                bound.remove();
                committed.remove();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("the store " + name + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code action} once the transaction open on this thread commits (never when it rolls back), or at once when
     * none is open: for what must not happen before the data is durable, such as waking the readers of an append.
     */
    public void afterCommit(Runnable action) {
        if (bound.get() == null) {
            action.run();
            return;
        }
        List<Runnable> actions = committed.get();
        if (actions == null) {
            actions = new java.util.ArrayList<>(2);
            committed.set(actions);
        }
        actions.add(action);
    }

    private void runAfterCommit() {
        List<Runnable> actions = committed.get();
        committed.remove();
        if (actions != null) {
            bound.remove(); // an action that uses the store starts a transaction of its own
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("An action after a commit of the store {} failed: {}", name, e.toString());
                }
            }
        }
    }

    /** Whether this thread is inside {@link #inTransaction} of this store. */
    public boolean inTransaction() {
        return bound.get() != null;
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Creates the part's tables when missing. When the store holds the part at another version, or holds its tables
     * without a version (an earlier build wrote them), the part's tables are dropped and created afresh, and one
     * line says so: there has been no release, so nothing is migrated.
     */
    public void define(StorePart part) {
        try (Connection connection = dataSource.getConnection()) {
            definingAlone(connection, dialect, () -> defineOn(connection, part));
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot create the " + part.name() + " tables " + part.tables() + " in the store " + name + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Advisory lock key under which a PostgreSQL store's tables are created (any constant; ours: "coding"). */
    static final long DEFINITION_LOCK = 0x636f64696e67L;

    /** DDL work on one connection. */
    @FunctionalInterface
    interface Ddl {
        void run() throws SQLException;
    }

    /**
     * Runs {@code ddl} as the only process defining tables in this PostgreSQL database: in one transaction holding an
     * advisory lock (PostgreSQL's DDL is transactional). Two processes started at once on a new store did the reading
     * of a part's version, its CREATEs and the writing of its version interleaved: the second saw the first's new
     * tables without a version yet, took them for an earlier build's and dropped them (with whatever the first had
     * written), or failed on "relation already exists". On H2, the store is one process's embedded file: run as is.
     */
    private static void definingAlone(Connection connection, StoreDialect dialect, Ddl ddl) throws SQLException {
        if (dialect != StoreDialect.POSTGRESQL) {
            ddl.run();
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, DEFINITION_LOCK);
                lock.execute();
            }
            ddl.run();
            connection.commit(); // releases the lock
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void defineOn(Connection connection, StorePart part) throws SQLException {
        Integer stored = storedVersion(connection, part.name());
        boolean leftovers = stored == null && anyTableExists(connection, part);
        if ((stored != null && stored != part.version()) || leftovers) {
            LOG.warn(
                    "The store {} holds the {} of an earlier build ({}); starting it afresh (nothing is"
                            + " migrated before the first release)",
                    name,
                    part.name(),
                    stored == null ? "no version" : "version " + stored + ", this build writes " + part.version());
            for (String table : part.tables()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
                }
            }
        }
        for (String ddl : part.ddl().apply(dialect)) {
            createIfMissing(connection, ddl);
        }
        if (stored == null || stored != part.version()) {
            try (PreparedStatement upsert =
                    connection.prepareStatement(dialect.upsert(SCHEMA_TABLE, List.of("PART"), List.of("VERSION")))) {
                upsert.setString(1, part.name());
                upsert.setInt(2, part.version());
                upsert.executeUpdate();
            }
        }
    }

    private static Integer storedVersion(Connection connection, String part) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT VERSION FROM " + SCHEMA_TABLE + " WHERE PART = ?")) {
            select.setString(1, part);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getInt(1) : null;
            }
        }
    }

    private static boolean anyTableExists(Connection connection, StorePart part) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        // in this store's schema only: a PostgreSQL database may hold other stores in other schemas
        String schema = connection.getSchema();
        for (String table : part.tables()) {
            // H2 keeps unquoted names in upper case, PostgreSQL in lower case
            for (String spelling : new String[] {table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)}) {
                try (ResultSet found = meta.getTables(null, schema, spelling, new String[] {"TABLE"})) {
                    if (found.next()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Runs a {@code CREATE ... IF NOT EXISTS}. Two processes starting at once can both pass PostgreSQL's IF NOT
     * EXISTS check; the loser sees a unique violation on the catalog (or a duplicate column, 42701, for ADD COLUMN
     * IF NOT EXISTS), and the object is there all the same.
     */
    private static void createIfMissing(Connection connection, String ddl) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        } catch (SQLException e) {
            if (!StoreDialect.UNIQUE_VIOLATION.equals(e.getSQLState()) && !"42701".equals(e.getSQLState())) {
                throw e;
            }
        }
    }
}
