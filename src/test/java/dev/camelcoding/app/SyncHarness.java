package dev.camelcoding.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Settings shared by the end-to-end tests: the simulator as CODING, a sink database, a temporary data directory. */
final class SyncHarness {

    private SyncHarness() {}

    /** The demo's settings ({@link SimulatedSync}) at the tests' pace. */
    static Properties settings(CodingSimulator sim, String jdbcUrl, Path data) {
        Properties p = SimulatedSync.settings(sim, data, jdbcUrl, user(jdbcUrl));
        p.setProperty("coding.rate-limit", "1000");
        p.setProperty("coding.poll.delay", "300");
        p.setProperty("coding.reference.poll-delay", "300");
        p.setProperty("coding.reconcile-interval", "1s");
        return p;
    }

    /**
     * Settings for the pipeline and the JDBC sink alone ({@link ReplayCommand#startWithoutSources}): the sources are
     * not started, so CODING is never called.
     */
    static Properties sinkOnlySettings(String jdbcUrl, Path data, String project) {
        Properties p = SimulatedSync.sinkSettings(data, jdbcUrl, user(jdbcUrl));
        p.setProperty("coding.team", "acme");
        p.setProperty("coding.project", project);
        p.setProperty("coding.token", "unused: the sources are not started");
        p.setProperty("coding.api-url", "http://127.0.0.1:9/open-api");
        return p;
    }

    /**
     * The dead letters waiting in the embedded store of {@code dataDirectory} (rows of CODING_DEAD_LETTERS not yet
     * replayed, oldest first), each as its columns (lower-case names) joined into one text for contains checks; none
     * while no run made the store or its table. Reads through H2's AUTO_SERVER, so a running application may hold it.
     */
    static java.util.List<String> deadLetters(Path dataDirectory) throws SQLException {
        java.util.List<String> letters = new java.util.ArrayList<>();
        if (!java.nio.file.Files.exists(dev.camelcoding.component.store.EmbeddedStore.file(dataDirectory))) {
            return letters;
        }
        try (Connection c = DriverManager.getConnection(
                        dev.camelcoding.component.store.EmbeddedStore.url(dataDirectory),
                        dev.camelcoding.component.store.EmbeddedStore.USER,
                        "");
                Statement s = c.createStatement();
                ResultSet table = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE TABLE_NAME = 'CODING_DEAD_LETTERS'")) {
            table.next();
            if (table.getLong(1) == 0) {
                return letters;
            }
            try (ResultSet rows = c.createStatement()
                    .executeQuery("SELECT * FROM CODING_DEAD_LETTERS WHERE REPLAYED_MS IS NULL ORDER BY RECORDED_MS")) {
                while (rows.next()) {
                    StringBuilder text = new StringBuilder();
                    for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                        text.append(rows.getMetaData().getColumnLabel(i).toLowerCase())
                                .append('=')
                                .append(rows.getString(i))
                                .append('\n');
                    }
                    letters.add(text.toString());
                }
            }
        }
        return letters;
    }

    /** The live rows of a sink table (its view without tombstones): key JSON -> canonical row. */
    static Map<String, JsonNode> rows(String jdbcUrl, String table) throws Exception {
        Map<String, JsonNode> rows = new HashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        try (Connection c = connect(jdbcUrl);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT row_key, doc FROM coding_" + table.toLowerCase() + "_live")) {
            while (r.next()) {
                rows.put(r.getString(1), mapper.readTree(r.getString(2)));
            }
        }
        return rows;
    }

    static long count(String jdbcUrl, String table) {
        return SimulatedSync.liveRows(jdbcUrl, user(jdbcUrl), table);
    }

    static void execute(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = connect(jdbcUrl);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user(jdbcUrl), "");
    }

    /** The tests' databases: embedded H2 as sa, PostgreSQL (TestPostgres) as postgres. */
    private static String user(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2") ? "sa" : "postgres";
    }
}
