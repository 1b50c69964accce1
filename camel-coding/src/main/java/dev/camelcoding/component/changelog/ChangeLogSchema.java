package dev.camelcoding.component.changelog;

import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StoreDialect;
import dev.camelcoding.component.store.StorePart;
import java.util.List;
import javax.sql.DataSource;

/**
 * The change log's part of the store ({@link #PART}), created on start when missing. All its tables live in the one
 * store so that an append can check the reader's lease, take its sequences and move the reader's cursor in one
 * transaction.
 *
 * <ul>
 *   <li>{@value #SOURCES}: one row per source with its head sequence; locking that row serialises the appends of a
 *       source, which is what keeps sequences contiguous;</li>
 *   <li>{@value #ENTRIES}: the append-only entries, keyed by source and sequence: one typed change per entry, every
 *       fact a consumer hands on in a column of its own and the row as the JSON text the reader rendered once;</li>
 *   <li>{@value #OFFSETS}: each named consumer's committed sequence per source;</li>
 *   <li>{@value #LEASES}: one reader lease per namespace: holder, epoch, expiry and acquisition time by the
 *       database's clock;</li>
 *   <li>{@value #REQUESTS}: per lease, the member below its fair share that asked the holder to hand it over (a
 *       table of its own, not a column of the leases': adding one to an existing store would lock the lease table
 *       on every start);</li>
 *   <li>{@value #MEMBERS}: one heartbeat row per running lease service (process), so that the members that split the
 *       sources between them are counted from the store.</li>
 * </ul>
 */
public final class ChangeLogSchema {

    static final String SOURCES = "CODING_LOG_SOURCE";
    static final String ENTRIES = "CODING_LOG_ENTRY";
    static final String OFFSETS = "CODING_LOG_OFFSET";
    static final String LEASES = "CODING_LOG_LEASE";
    static final String MEMBERS = "CODING_LOG_MEMBER";
    static final String REQUESTS = "CODING_LOG_LEASE_REQUEST";

    /** PostgreSQL's and H2's SQLSTATE for a unique or primary key violation. */
    static final String UNIQUE_VIOLATION = StoreDialect.UNIQUE_VIOLATION;

    /**
     * The change log's tables. Version 2: entries are typed columns (version 1 kept the whole event as JSON text, which
     * every consumer parsed again).
     */
    public static final StorePart PART = new StorePart(
            "change log",
            2,
            List.of(ENTRIES, SOURCES, OFFSETS, LEASES, MEMBERS, REQUESTS),
            ChangeLogSchema::statements);

    private ChangeLogSchema() {}

    /** Creates the tables and indexes that are missing in the store on {@code dataSource}; answers its dialect. */
    static StoreDialect create(DataSource dataSource) {
        return create(CodingStore.open("change log", dataSource));
    }

    /** Creates the tables and indexes that are missing in {@code store}; answers its dialect. */
    static StoreDialect create(CodingStore store) {
        store.define(PART);
        return store.dialect();
    }

    private static List<String> statements(StoreDialect dialect) {
        String name = "VARCHAR(" + SourceId.MAX_NAME_LENGTH + ") NOT NULL";
        String optionalName = "VARCHAR(" + SourceId.MAX_NAME_LENGTH + ")";
        String source = "TEAM " + name + ", PROJECT " + name + ", TBL " + name;
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + SOURCES + " (" + source + ", HEAD_SEQ BIGINT NOT NULL,"
                        + " PRIMARY KEY (TEAM, PROJECT, TBL))",
                "CREATE TABLE IF NOT EXISTS " + ENTRIES + " (" + source + ", SEQ BIGINT NOT NULL,"
                        + " APPENDED_MS BIGINT NOT NULL, OP CHAR(1) NOT NULL, KEY_JSON VARCHAR(4000) NOT NULL,"
                        + " VERSION_MS BIGINT NOT NULL, TS_MS BIGINT NOT NULL, MODE VARCHAR(32),"
                        + " EVENT_TEAM " + optionalName + ", EVENT_PROJECT " + optionalName + ","
                        + " EVENT_TYPE VARCHAR(200), DELIVERY_ID VARCHAR(200), INFERRED BOOLEAN NOT NULL,"
                        + " PASS_ID VARCHAR(64), PASS_INDEX INT, PASS_SIZE INT, DEDUP_KEY VARCHAR(4300) NOT NULL,"
                        + " ROW_AFTER BOOLEAN NOT NULL, ROW_JSON " + dialect.textType() + ", BEFORE_JSON "
                        + dialect.textType() + ", PASS_KEYS " + dialect.textType()
                        + ", PRIMARY KEY (TEAM, PROJECT, TBL, SEQ))",
                // retention and "start at a time" look entries up by append time
                "CREATE INDEX IF NOT EXISTS CODING_LOG_ENTRY_APPENDED ON " + ENTRIES
                        + " (TEAM, PROJECT, TBL, APPENDED_MS)",
                "CREATE TABLE IF NOT EXISTS " + OFFSETS + " (CONSUMER " + name + ", " + source + ","
                        + " COMMITTED_SEQ BIGINT NOT NULL, UPDATED_MS BIGINT NOT NULL,"
                        + " PRIMARY KEY (CONSUMER, TEAM, PROJECT, TBL))",
                "CREATE TABLE IF NOT EXISTS " + LEASES + " (NAMESPACE VARCHAR(1000) NOT NULL PRIMARY KEY,"
                        + " HOLDER VARCHAR(" + SourceId.MAX_NAME_LENGTH + "), EPOCH BIGINT NOT NULL,"
                        + " EXPIRES_AT TIMESTAMP WITH TIME ZONE NOT NULL, ACQUIRED_AT TIMESTAMP WITH TIME ZONE)",
                "CREATE TABLE IF NOT EXISTS " + REQUESTS + " (NAMESPACE VARCHAR(1000) NOT NULL PRIMARY KEY,"
                        + " REQUESTED_BY VARCHAR(" + SourceId.MAX_NAME_LENGTH + ") NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + MEMBERS + " (MEMBER_ID VARCHAR(" + SourceId.MAX_NAME_LENGTH
                        + ") NOT NULL PRIMARY KEY, EXPIRES_AT TIMESTAMP WITH TIME ZONE NOT NULL)");
    }
}
