package dev.camelcoding.component.changelog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The few SQL differences between the databases the change log runs on. Everything else is plain SQL that H2 2.x and
 * PostgreSQL 15 both accept.
 */
enum SqlDialect {

    /**
     * H2 2.x. Event JSON is a {@code CHARACTER VARYING} (up to 10^9 characters, kept in the row), not a CLOB: H2
     * stores every CLOB above 256 bytes apart from its row, and closing a database of 300,000 such entries took
     * minutes in the change log benchmark. Its {@code CURRENT_TIMESTAMP} is the start of the current transaction; lease statements run in short
     * transactions of their own, so that is the moment of the statement.
     */
    H2("CHARACTER VARYING", "CURRENT_TIMESTAMP", "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)"),

    /**
     * PostgreSQL. {@code clock_timestamp()}, not {@code now()}: {@code now()} is frozen at the start of the
     * transaction, and a lease must be judged at the moment of the statement.
     */
    POSTGRESQL("TEXT", "clock_timestamp()", "(clock_timestamp() + CAST(? AS BIGINT) * INTERVAL '1 millisecond')");

    private final String textType;
    private final String now;
    private final String nowPlusMillis;

    SqlDialect(String textType, String now, String nowPlusMillis) {
        this.textType = textType;
        this.now = now;
        this.nowPlusMillis = nowPlusMillis;
    }

    /** The column type for event JSON of any length. */
    String textType() {
        return textType;
    }

    /** The database's current time, as a {@code TIMESTAMP WITH TIME ZONE} expression. */
    String now() {
        return now;
    }

    /** The database's current time plus a number of milliseconds given as the one {@code ?} parameter. */
    String nowPlusMillis() {
        return nowPlusMillis;
    }

    /** The dialect of the database behind a connection; a clear error for any other database. */
    static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String lower = product.toLowerCase(Locale.ROOT);
        if (lower.contains("h2")) {
            return H2;
        }
        if (lower.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new ChangeLogException("the change log runs on H2 or PostgreSQL, not on " + product
                + ": point its dataSource at one of those");
    }
}
