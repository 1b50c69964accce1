package dev.camelcoding.component.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Whether another {@link DataSource} (a sink's) reaches the store's very database, so that one transaction there can
 * hold the sink's rows and the store's rows together. URLs cannot tell: {@code localhost} and {@code 127.0.0.1}, H2's
 * {@code file:} and {@code async:} spellings or its options, a PostgreSQL {@code currentSchema}, a pooled DataSource
 * bean without a URL at all. So it asks the databases: a fresh random nonce is committed through the store into its
 * table {@value #PROBE_TABLE} and looked up through the other DataSource. Found, it is the same database and the same
 * schema (the store's tables resolve there under the same names); not found, or the table does not exist there, it
 * is another database. A copy of the store (a restored backup) cannot pass: the nonce did not exist when it was made.
 * The nonce is deleted afterwards.
 */
public final class SameDatabase {

    static final String PROBE_TABLE = "CODING_STORE_PROBE";

    /** The probe's table in the store: written and emptied by each probe. */
    public static final StorePart PART = new StorePart(
            "database probe",
            1,
            List.of(PROBE_TABLE),
            dialect -> List.of("CREATE TABLE IF NOT EXISTS " + PROBE_TABLE
                    + " (NONCE VARCHAR(64) NOT NULL PRIMARY KEY, WRITTEN_MS BIGINT NOT NULL)"));

    /**
     * The answer.
     *
     * @param same whether the other DataSource reaches the store's database (and schema)
     * @param how  how that was found, in words, for the one line that says which way the sink runs (no URL, no user)
     */
    public record Verdict(boolean same, String how) {}

    private SameDatabase() {}

    /** Whether {@code other} reaches the database of {@code store}. */
    public static Verdict probe(CodingStore store, DataSource other) {
        if (other == store.dataSource()) {
            return new Verdict(true, "the same DataSource");
        }
        store.define(PART);
        String nonce = UUID.randomUUID().toString();
        store.inTransaction(connection -> {
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO " + PROBE_TABLE + " (NONCE, WRITTEN_MS) VALUES (?, ?)")) {
                insert.setString(1, nonce);
                insert.setLong(2, System.currentTimeMillis());
                return insert.executeUpdate();
            }
        });
        try {
            return lookUp(other, nonce)
                    ? new Verdict(
                            true, "a probe row committed through the store was read through the sink's DataSource")
                    : new Verdict(false, "a probe row committed through the store is not in the sink's database");
        } catch (SQLException notThere) {
            String state = notThere.getSQLState();
            if (state != null && state.startsWith("42")) {
                // no such table there: another database, or another schema of the same server
                return new Verdict(false, "the sink's database has no " + PROBE_TABLE + ": it is another database");
            }
            // the other database cannot be reached now: nobody can tell, and the separate commits are right either way
            return new Verdict(
                    false,
                    "the sink's database could not be asked (" + notThere.getMessage() + ", SQLState " + state + ")");
        } finally {
            store.inTransaction(connection -> {
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM " + PROBE_TABLE + " WHERE NONCE = ?")) {
                    delete.setString(1, nonce);
                    return delete.executeUpdate();
                }
            });
        }
    }

    private static boolean lookUp(DataSource other, String nonce) throws SQLException {
        try (Connection connection = other.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT 1 FROM " + PROBE_TABLE + " WHERE NONCE = ?")) {
            select.setString(1, nonce);
            try (ResultSet found = select.executeQuery()) {
                return found.next();
            }
        }
    }
}
