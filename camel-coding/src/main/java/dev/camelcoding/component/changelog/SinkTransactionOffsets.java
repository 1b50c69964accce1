package dev.camelcoding.component.changelog;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.SameDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;

/**
 * A sink's side of "the offset commits in the sink's transaction": when the sink's database is the store's, the sink
 * moves the consumer's log offset ({@link LogPosition}, carried by the exchange) in the same transaction as its rows,
 * so a crash can no longer fall between the two (the rows durable, the offset not, and the batch handed again). When
 * they are different databases nothing changes: the consumer commits its offset in the store after the sink's
 * transaction, and a crash between the two hands the batch again (the sink's version guard absorbs it).
 *
 * <p>Whether the databases are the same is asked of the databases themselves ({@link SameDatabase}), once per store,
 * and said in one INFO line: at start for the store the sink is configured with ({@link #detect}), or at the first
 * exchange of a store it had not seen. The sink must also be allowed to write the offsets table; if not, it runs the
 * separate way and says why.
 */
public final class SinkTransactionOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(SinkTransactionOffsets.class);

    private final String sinkName;
    private final DataSource sink;
    private final Clock clock;
    /** The verdict per store, by identity (the consumer's position names its store's DataSource instance). */
    private final Map<DataSource, Boolean> sameDatabase = new IdentityHashMap<>();
    /** The line said last: another DataSource of the same store that comes to the same answer is not said again. */
    private String said;

    /**
     * @param sinkName how the INFO line names the sink ("JDBC sink")
     * @param sink     the sink's DataSource
     */
    public SinkTransactionOffsets(String sinkName, DataSource sink) {
        this(sinkName, sink, Clock.systemUTC());
    }

    SinkTransactionOffsets(String sinkName, DataSource sink, Clock clock) {
        this.sinkName = Objects.requireNonNull(sinkName, "sinkName");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Finds out whether the sink's database is {@code store}'s and says which way the sink runs, in one INFO line.
     * Answers whether the sink commits offsets of that store's consumers in its own transactions.
     */
    public synchronized boolean detect(DataSource store) {
        Boolean known = sameDatabase.get(store);
        if (known != null) {
            return known;
        }
        boolean same = decide(store);
        sameDatabase.put(store, same);
        return same;
    }

    /** Says which way the sink runs, once: the same line for another DataSource of the store goes to DEBUG. */
    private void say(String line, Object... arguments) {
        String text = MessageFormatter.arrayFormat(line, arguments).getMessage();
        if (text.equals(said)) {
            LOG.debug(text);
        } else {
            LOG.info(text);
            said = text;
        }
    }

    private boolean decide(DataSource store) {
        SameDatabase.Verdict verdict;
        try {
            CodingStore codingStore = CodingStore.open("store", store);
            codingStore.define(ChangeLogSchema.PART);
            verdict = SameDatabase.probe(codingStore, sink);
        } catch (RuntimeException storeFailed) {
            verdict =
                    new SameDatabase.Verdict(false, "the store could not be probed (" + storeFailed.getMessage() + ")");
        }
        if (verdict.same()) {
            try (Connection connection = sink.getConnection()) {
                ConsumerOffsets.checkWritable(connection);
            } catch (SQLException refused) {
                say(
                        "{}: its database is the store's ({}), but its user may not write the consumers' offsets ({});"
                                + " each consumer commits its change log offset in the store after the sink's transaction",
                        sinkName,
                        verdict.how(),
                        refused.getMessage());
                return false;
            }
            say(
                    "{}: its database is the store's ({}): each batch's rows and its consumer's change log offset"
                            + " commit in one transaction",
                    sinkName,
                    verdict.how());
            return true;
        }
        say(
                "{}: its database is not the store's ({}): each consumer commits its change log offset in the store"
                        + " after the sink's transaction (a crash between the two hands the batch again; the version"
                        + " guard absorbs it)",
                sinkName,
                verdict.how());
        return false;
    }

    /**
     * The log position {@code exchange} carries when this sink can commit it in its own transaction: a change log
     * consumer's exchange whose store is the sink's database. Null otherwise (no log, another database).
     */
    public LogPosition committable(Exchange exchange) {
        LogPosition position = exchange.getProperty(CodingConstants.LOG_POSITION, LogPosition.class);
        return position != null && detect(position.store()) ? position : null;
    }

    /**
     * Moves the consumer's offset on {@code connection}, inside the sink's open transaction (never backwards).
     * Answers whether it moved; call {@link #markCommitted} once the transaction has committed.
     */
    public boolean commit(Connection connection, LogPosition position) throws SQLException {
        return ConsumerOffsets.commitIn(connection, position, clock.millis());
    }

    /** Tells the consumer that the sink's committed transaction moved its offset: it has nothing left to commit. */
    public static void markCommitted(Exchange exchange) {
        exchange.setProperty(CodingConstants.LOG_OFFSET_COMMITTED, Boolean.TRUE);
    }
}
