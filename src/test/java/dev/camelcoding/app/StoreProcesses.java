package dev.camelcoding.app;

import dev.camelcoding.app.it.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Child {@code run} processes sharing one PostgreSQL store, in a schema of their test's own (the store's table names
 * are fixed and the database is shared by the tests), each writing an H2 sink that this JVM holds open, so that it is
 * that sink's H2 server and the children and the test's checks connect to it over TCP. Closing stops the children
 * (printing the end of each one's stderr), the sinks and drops the schema.
 */
final class StoreProcesses implements AutoCloseable {

    private final String schema;
    private final String storeUrl;
    private final List<ChildRun> children = new ArrayList<>();
    private final List<Connection> sinkServers = new ArrayList<>();

    StoreProcesses(String schemaPrefix) throws SQLException {
        schema = schemaPrefix + "_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String base = TestPostgres.jdbcUrl();
        storeUrl = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The store's JDBC URL: the shared PostgreSQL database, in this test's schema. */
    String storeUrl() {
        return storeUrl;
    }

    /** Holds the H2 sink at {@code sinkUrl} open until {@link #close()} (its URL should say AUTO_SERVER=TRUE). */
    void holdSink(String sinkUrl) throws SQLException {
        sinkServers.add(DriverManager.getConnection(sinkUrl, "sa", ""));
    }

    /** Stopped on {@link #close()}. */
    ChildRun started(ChildRun child) {
        children.add(child);
        return child;
    }

    @Override
    public void close() throws Exception {
        for (ChildRun child : children) {
            child.close();
            String err = child.err();
            System.out.println("child stderr (end):\n" + err.substring(Math.max(0, err.length() - 4_000)));
        }
        for (Connection sink : sinkServers) {
            sink.close();
        }
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
