package dev.camelcoding.component.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The SQL that differs between the two databases the store runs on: the embedded H2 file and PostgreSQL shared by
 * several processes. The one place such differences live; everything else writes plain SQL.
 */
public enum StoreDialect {

    /**
     * H2 2.x. Long text is {@code CHARACTER VARYING} (up to 10^9 characters, kept in the row), not a CLOB: H2 stores
     * every CLOB above 256 bytes apart from its row, and closing a database of 300,000 such entries took minutes in
     * the change log benchmark. Its {@code CURRENT_TIMESTAMP} is the start of the current transaction; statements
     * that judge a lease run in short transactions of their own, so that is the moment of the statement.
     */
    H2("CHARACTER VARYING", "CURRENT_TIMESTAMP", "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)"),

    /**
     * PostgreSQL. {@code clock_timestamp()}, not {@code now()}: {@code now()} is frozen at the start of the
     * transaction, and a lease must be judged at the moment of the statement.
     */
    POSTGRESQL("TEXT", "clock_timestamp()", "(clock_timestamp() + CAST(? AS BIGINT) * INTERVAL '1 millisecond')");

    /** PostgreSQL's and H2's SQLSTATE for a unique or primary key violation. */
    public static final String UNIQUE_VIOLATION = "23505";

    private final String textType;
    private final String now;
    private final String nowPlusMillis;

    StoreDialect(String textType, String now, String nowPlusMillis) {
        this.textType = textType;
        this.now = now;
        this.nowPlusMillis = nowPlusMillis;
    }

    /** The column type for text of any length (JSON documents, rows). */
    public String textType() {
        return textType;
    }

    /** The database's current time, as a {@code TIMESTAMP WITH TIME ZONE} expression. */
    public String now() {
        return now;
    }

    /** The database's current time plus a number of milliseconds given as the one {@code ?} parameter. */
    public String nowPlusMillis() {
        return nowPlusMillis;
    }

    /**
     * An insert-or-replace of one row by its key: parameters are the key columns, then the value columns, in the
     * order given. (H2's MERGE ... KEY and PostgreSQL's INSERT ... ON CONFLICT DO UPDATE.)
     */
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        String all = String.join(", ", concat(keyColumns, valueColumns));
        String marks = concat(keyColumns, valueColumns).stream().map(c -> "?").collect(Collectors.joining(", "));
        if (this == H2) {
            return "MERGE INTO " + table + " (" + all + ") KEY (" + String.join(", ", keyColumns) + ") VALUES (" + marks
                    + ")";
        }
        String updates = valueColumns.isEmpty()
                ? "NOTHING"
                : "UPDATE SET "
                        + valueColumns.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + all + ") VALUES (" + marks + ") ON CONFLICT ("
                + String.join(", ", keyColumns) + ") DO " + updates;
    }

    /**
     * An insert of one row that does nothing when a row with the same key exists: parameters are the key columns,
     * then the value columns. On PostgreSQL it never fails for that ({@code ON CONFLICT DO NOTHING}: a failed
     * statement would abort the caller's whole transaction there); on H2, whose transaction survives a failed
     * statement, it is a plain insert and a unique violation ({@link #UNIQUE_VIOLATION}) means the row was there.
     */
    public String insertIfAbsent(String table, List<String> keyColumns, List<String> valueColumns) {
        List<String> columns = concat(keyColumns, valueColumns);
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        return this == H2 ? insert : insert + " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO NOTHING";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /**
     * The end of a {@code SELECT} that locks the rows it returns for the transaction and passes over rows another
     * transaction holds, so two processes working through one queue (the dead letters) never take the same row.
     * PostgreSQL's {@code SKIP LOCKED}; H2 waits for a held row instead (its embedded file has one process).
     */
    public String lockRowsSkippingLocked() {
        return this == H2 ? " FOR UPDATE" : " FOR UPDATE SKIP LOCKED";
    }

    /** The dialect of the database behind a connection; a clear error for any other database. */
    public static StoreDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String lower = product.toLowerCase(Locale.ROOT);
        if (lower.contains("h2")) {
            return H2;
        }
        if (lower.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new StoreException("the store runs on H2 or PostgreSQL, not on " + product
                + ": point coding.store.url (or the store's DataSource) at one of those");
    }
}
