package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.changelog.LogPosition;
import dev.camelcoding.component.changelog.SinkTransactionOffsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC sink: writes a batch exchange (a {@code List<Exchange>} body, as the coding: consumer makes with
 * batchSize &gt; 1) or a one-event exchange in ONE transaction, reading each event from its one input, the typed
 * {@link dev.camelcoding.component.event.CodingChange} body ({@link SinkRow}), with JDBC batch statements in the database's dialect
 * ({@link SinkDialect}: MERGE on H2, INSERT ... ON CONFLICT on PostgreSQL), each guarded by the version rules of
 * {@link JdbcSinkSchema} so an older event never overwrites a newer row and a delete leaves a tombstone. Events of
 * an overwrite pass go through {@link JdbcOverwritePass}, in order. The exchange completes only after the commit:
 * nothing is acknowledged before it is durable.
 *
 * <p>A batch the database rejects is retried event by event, so one bad row does not dead-letter the other 499:
 * the events the database still rejects are sent, each with its error, to {@code deadLetterUri} (the pipeline's
 * durable dead letters), the others are written. A failure of the database itself (unreachable, timed out, shutting
 * down) fails the whole exchange instead with {@link SinkUnavailableException}, which the pipeline never turns into
 * dead letters: the source keeps the events and hands them again once the database is back (retrying event by event
 * could not help).
 *
 * <p>When the sink's database is the store's (the same DataSource, or another one the probe of
 * {@link SinkTransactionOffsets} finds reaching the same database), the change log consumer's offset
 * ({@link CodingConstants#LOG_POSITION}) moves in the batch's last transaction, with its rows: a crash after that
 * commit hands the batch to nobody again, and one before it loses both. Otherwise the consumer commits its offset in
 * the store after this sink returns, as it always did.
 */
public class JdbcBatchSink implements Processor, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBatchSink.class);

    /**
     * What the issues table's columns read of a row's text: the model's fields and the custom fields (a custom
     * field's column may be added by this very batch, and {@link RowFields} always keeps them).
     */
    private static final RowFields ISSUE_FIELDS =
            RowFields.of(SinkColumns.model(dev.camelcoding.component.CodingTable.ISSUES));

    private final JdbcOverwritePass overwritePass = new JdbcOverwritePass();
    private DataSource dataSource;
    private DataSource store;
    private String storeBean;
    private SinkTransactionOffsets offsets;
    private JdbcSinkSchema schema;
    private int queryTimeoutSeconds = 10;
    private String deadLetterUri;
    private CamelContext camelContext;
    private ProducerTemplate deadLetters;

    @Override
    public void process(Exchange exchange) throws Exception {
        List<Exchange> events = Batches.events(exchange);
        LogPosition position = offsets().committable(exchange);
        try {
            if (writeAll(events, position)) {
                SinkTransactionOffsets.markCommitted(exchange);
            }
        } catch (SQLException failed) {
            // getting a connection (Hikari's timeout when the database is down), or an overwrite pass's statements
            if (isDatabaseFailure(failed)) {
                Object table =
                        events.isEmpty() ? null : events.get(0).getMessage().getHeader(CodingConstants.TABLE);
                throw new SinkUnavailableException(
                        "the database is unreachable writing " + events.size()
                                + " change(s) of " + table + ": " + failed.getMessage() + " (SQLState "
                                + failed.getSQLState()
                                + ")",
                        failed);
            }
            throw failed;
        }
    }

    /**
     * Writes the events; with {@code position}, its offset goes in the last transaction (all the batch's earlier
     * transactions have committed by then). Answers whether the offset moved.
     */
    private boolean writeAll(List<Exchange> events, LogPosition position) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            SinkDialect dialect = SinkDialect.of(connection);
            schema(); // the tables' typed columns, known before the first write
            List<Exchange> segment = new ArrayList<>();
            List<SinkRow> rows = new ArrayList<>();
            for (Exchange event : events) {
                SinkRow row = SinkRow.of(event);
                if (row.change().pass() != null) {
                    write(connection, dialect, segment, rows, null);
                    segment.clear();
                    rows.clear();
                    overwritePass.write(row.change()); // its own statements, in the pass's order
                } else {
                    segment.add(event);
                    rows.add(row);
                }
            }
            return write(connection, dialect, segment, rows, position);
        }
    }

    /**
     * Writes one segment of consecutive events in one transaction, with the offset of {@code position} when given (the
     * batch ended with an overwrite pass, written by its own statements: the offset then commits alone, after it).
     */
    private boolean write(
            Connection connection, SinkDialect dialect, List<Exchange> events, List<SinkRow> rows, LogPosition position)
            throws Exception {
        if (events.isEmpty()) {
            return position != null && writeInOneTransaction(connection, dialect, rows, position);
        }
        addColumnsOfNewCustomFields(rows);
        try {
            return writeInOneTransaction(connection, dialect, rows, position);
        } catch (SQLException rejected) {
            if (isDatabaseFailure(rejected)) {
                throw unavailable(rows, rejected);
            }
            if (rows.size() == 1 || deadLetterUri == null) {
                // one event: the route's error handler redelivers it and keeps it as a dead letter, as it always did
                throw new JdbcSinkException("the database rejected " + describe(rows), rejected);
            }
            LOG.warn(
                    "The database rejected a batch of {} events ({}); writing them one by one to find the bad ones",
                    rows.size(),
                    rejected.getMessage());
            writeOneByOne(connection, dialect, events, rows);
            // every event is written or a durable dead letter by now: the offset may move, alone
            return position != null && writeInOneTransaction(connection, dialect, List.of(), position);
        }
    }

    /**
     * A custom field created in CODING while the sync runs reaches the sink first in issue rows (the issues reader
     * re-reads the definitions when it meets an unknown field): its column is added before these rows are written,
     * not with the next hourly catalog.
     */
    private void addColumnsOfNewCustomFields(List<SinkRow> rows) {
        String issues = JdbcSinkSchema.tableName(dev.camelcoding.component.CodingTable.ISSUES.uriName());
        List<JsonNode> issueRows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            SinkRow row = rows.get(i);
            if (!row.delete() && row.table().equals(issues)) {
                if (row.row() == null) {
                    // parsed once here, only what the typed columns read, and they bind from the same node
                    row = row.withRow(ISSUE_FIELDS.parse(row.doc()));
                    rows.set(i, row);
                }
                issueRows.add(row.row());
            }
        }
        if (issueRows.isEmpty()) {
            return;
        }
        try {
            schema().addColumnsOfNewCustomFields(issueRows);
        } catch (SQLException notNow) {
            // the rows are written all the same (their values are in doc); the column is tried again with the next
            // batch or catalog, and filled from doc for these rows when it is added
            LOG.warn("Could not add the column of a new custom field now ({}); retried later", notNow.getMessage());
        }
    }

    /**
     * Consecutive events of the same statement (table and op) go in one JDBC batch; a change of statement executes
     * the batch so far, so the events of one key are applied in their order.
     */
    private boolean writeInOneTransaction(
            Connection connection, SinkDialect dialect, List<SinkRow> rows, LogPosition position) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        Map<String, PreparedStatement> statements = new HashMap<>();
        try {
            AbsentKeys absent =
                    rows.size() > 1 ? AbsentKeys.read(connection, rows, schema()::table) : AbsentKeys.none();
            PreparedStatement pending = null;
            for (SinkRow row : rows) {
                SinkTable table = schema().table(row.table());
                String sql = row.delete()
                        ? table.tombstone()
                        : absent.takeInsert(row) ? table.insertAbsent() : table.upsert();
                PreparedStatement statement = statements.get(sql);
                if (statement == null) {
                    statement = connection.prepareStatement(sql);
                    statement.setQueryTimeout(queryTimeoutSeconds);
                    statements.put(sql, statement);
                }
                if (pending != null && pending != statement) {
                    pending.executeBatch();
                }
                bind(statement, row, table);
                statement.addBatch();
                pending = statement;
            }
            if (pending != null) {
                pending.executeBatch();
            }
            // the store's offsets table in the sink's database: the offset is durable exactly when the rows are
            boolean offsetMoved = position != null && offsets().commit(connection, position);
            connection.commit();
            return offsetMoved;
        } catch (SQLException | RuntimeException failed) {
            rollbackQuietly(connection, failed);
            throw failed;
        } finally {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
            connection.setAutoCommit(autoCommit);
        }
    }

    private void writeOneByOne(Connection connection, SinkDialect dialect, List<Exchange> events, List<SinkRow> rows)
            throws Exception {
        for (int i = 0; i < rows.size(); i++) {
            SinkRow row = rows.get(i);
            try {
                writeInOneTransaction(connection, dialect, List.of(row), null);
            } catch (SQLException rejected) {
                if (isDatabaseFailure(rejected)) {
                    throw unavailable(rows, rejected);
                }
                deadLetter(
                        events.get(i),
                        new JdbcSinkException("the database rejected " + describe(List.of(row)), rejected));
            }
        }
    }

    /** Hands one rejected event to the durable dead letters; if they cannot keep it, the whole exchange fails. */
    private void deadLetter(Exchange event, JdbcSinkException rejected) throws Exception {
        Exchange copy = event.copy();
        copy.setProperty(Exchange.EXCEPTION_CAUGHT, rejected);
        copy.setException(null);
        Exchange result = deadLetterTemplate().send(deadLetterUri, copy);
        if (result.getException() != null) {
            throw result.getException();
        }
    }

    private synchronized ProducerTemplate deadLetterTemplate() {
        if (deadLetters == null) {
            deadLetters = camelContext.createProducerTemplate();
        }
        return deadLetters;
    }

    /** The database itself failed: not the events' fault, so the source keeps them and tries again later. */
    private static SinkUnavailableException unavailable(List<SinkRow> rows, SQLException failure) {
        return new SinkUnavailableException(
                "the database failed writing " + describe(rows) + ": " + failure.getMessage() + " (SQLState "
                        + failure.getSQLState() + ")",
                failure);
    }

    private static String describe(List<SinkRow> rows) {
        SinkRow first = rows.get(0);
        return rows.size() == 1
                ? "the change of " + first.key() + " in " + first.table()
                : "a batch of " + rows.size() + " changes (" + first.table() + " " + first.key() + " first)";
    }

    private void bind(PreparedStatement statement, SinkRow row, SinkTable table) throws SQLException {
        statement.setString(1, row.key());
        statement.setString(2, row.project());
        statement.setLong(3, row.updatedAt());
        statement.setLong(4, row.tsMs());
        statement.setString(5, row.doc());
        if (!table.columns().isEmpty()) {
            table.bindColumns(
                    statement,
                    6,
                    row.row() != null ? row.row() : table.rowFields().parse(row.doc()));
        }
    }

    /** The schema of the sink's tables: the configured one (shared with the schema route), else one of its own. */
    private synchronized JdbcSinkSchema schema() {
        if (schema == null) {
            schema = new JdbcSinkSchema();
            schema.setDataSource(dataSource);
        }
        return schema;
    }

    public JdbcSinkSchema getSchema() {
        return schema;
    }

    /** The sink tables' schema bean (the one the schema route applies catalogs to); optional. */
    public void setSchema(JdbcSinkSchema schema) {
        this.schema = schema;
        overwritePass.setSchema(schema);
    }

    /**
     * Whether the failure is the database's (unreachable, timed out, shutting down, a lost transaction), not the
     * data's: SQLSTATE classes 08 (connection), 40 (transaction rollback), 53 (resources), 57 (operator
     * intervention), HY (driver, e.g. a timeout), or a transient/recoverable exception anywhere in the chain.
     */
    static boolean isDatabaseFailure(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")
                        || state.startsWith("40")
                        || state.startsWith("53")
                        || state.startsWith("57")
                        || state.startsWith("HY")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailed) {
            cause.addSuppressed(rollbackFailed);
        }
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public synchronized void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
        this.offsets = null;
        overwritePass.setDataSource(dataSource);
    }

    public DataSource getStore() {
        return store;
    }

    /**
     * The store (the routes' {@code codingStore}), optional: {@link #init} then says at start whether this sink commits
     * the change log consumers' offsets in its own transactions. Without it the sink finds out at the first exchange
     * from a change log consumer, from the store that exchange names.
     */
    public void setStore(DataSource store) {
        this.store = store;
    }

    public String getStoreBean() {
        return storeBean;
    }

    /**
     * The registry name of the store's DataSource (the routes' {@code codingStore}): looked up when the CamelContext
     * starts, before the routes do, and asked as {@link #init} does. A name and not a {@code #reference}: the instance
     * the registry holds is the one the {@code coding:} component's {@code logCache=#codingStore} uses (a reference
     * between the routes' YAML files gave the sink a second pool of its own).
     */
    public void setStoreBean(String storeBean) {
        this.storeBean = storeBean;
    }

    /** Finds out whether the sink's database is the store's and says which way it runs, in one INFO line. */
    public void init() {
        if (store != null) {
            offsets().detect(store);
        }
    }

    private void detectNamedStore(CamelContext context) {
        // Camel Main creates the routes' beans twice when it loads the YAML files and keeps the second: a sink the
        // registry does not hold (its pool already closed) has nothing to say
        boolean registered =
                context.getRegistry().findByType(JdbcBatchSink.class).stream().anyMatch(sink -> sink == this);
        if (storeBean == null || storeBean.isBlank() || !registered) {
            return;
        }
        DataSource named = context.getRegistry().lookupByNameAndType(storeBean, DataSource.class);
        if (named == null) {
            LOG.warn(
                    "JDBC sink: no DataSource bean '{}' (storeBean) in the registry; the store is known at the first"
                            + " batch from a change log consumer",
                    storeBean);
            return;
        }
        offsets().detect(named);
    }

    private synchronized SinkTransactionOffsets offsets() {
        if (offsets == null) {
            offsets = new SinkTransactionOffsets("JDBC sink", dataSource);
        }
        return offsets;
    }

    /** Seconds each statement may take (0: no limit). */
    public void setQueryTimeout(int seconds) {
        this.queryTimeoutSeconds = seconds;
        overwritePass.setQueryTimeout(seconds);
    }

    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    /** Where events the database rejects are sent one by one; without it such an event fails the whole exchange. */
    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (camelContext != null) {
            // on start, before the routes: the one line that says which way the sink runs
            try {
                camelContext.addStartupListener((context, alreadyStarted) -> detectNamedStore(context));
            } catch (Exception e) {
                throw new org.apache.camel.RuntimeCamelException(e);
            }
        }
    }
}
