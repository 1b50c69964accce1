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

    private SyncHarness() {
    }

    static Properties settings(CodingSimulator sim, String jdbcUrl, Path data) {
        Properties p = new Properties();
        p.setProperty("coding.team", sim.team());
        p.setProperty("coding.project", sim.projectName());
        p.setProperty("coding.token", sim.personalToken());
        p.setProperty("coding.api-url", sim.baseUrl());
        p.setProperty("coding.rate-limit", "1000");
        p.setProperty("coding.poll.delay", "300");
        p.setProperty("coding.reconcile-interval", "1s");
        p.setProperty("coding.data-dir", data.resolve("state").toString());
        p.setProperty("coding.dead-letter.dir", data.resolve("dead-letters").toString());
        p.setProperty("coding.sink", "jdbc");
        p.setProperty("coding.sink.jdbc.url", jdbcUrl);
        p.setProperty("coding.sink.jdbc.user", jdbcUrl.startsWith("jdbc:h2") ? "sa" : "postgres");
        return p;
    }

    /**
     * Settings for the pipeline and the JDBC sink alone ({@link ReplayCommand#startWithoutSources}): the sources are
     * not started, so CODING is never called.
     */
    static Properties sinkOnlySettings(String jdbcUrl, Path data, String project) {
        Properties p = new Properties();
        p.setProperty("coding.team", "acme");
        p.setProperty("coding.project", project);
        p.setProperty("coding.token", "unused: the sources are not started");
        p.setProperty("coding.api-url", "http://127.0.0.1:9/open-api");
        p.setProperty("coding.data-dir", data.resolve("state").toString());
        p.setProperty("coding.dead-letter.dir", data.resolve("dead-letters").toString());
        p.setProperty("coding.sink", "jdbc");
        p.setProperty("coding.sink.jdbc.url", jdbcUrl);
        p.setProperty("coding.sink.jdbc.user", jdbcUrl.startsWith("jdbc:h2") ? "sa" : "postgres");
        return p;
    }

    /** The live rows of a sink table (its view without tombstones): key JSON -> canonical row. */
    static Map<String, JsonNode> rows(String jdbcUrl, String table) throws Exception {
        Map<String, JsonNode> rows = new HashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        try (Connection c = connect(jdbcUrl); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT row_key, doc FROM coding_" + table.toLowerCase() + "_live")) {
            while (r.next()) {
                rows.put(r.getString(1), mapper.readTree(r.getString(2)));
            }
        }
        return rows;
    }

    static long count(String jdbcUrl, String table) {
        try (Connection c = connect(jdbcUrl); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM coding_" + table.toLowerCase() + "_live")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException tableNotYetCreated) {
            return -1;
        }
    }

    static void execute(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = connect(jdbcUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static Connection connect(String jdbcUrl) throws SQLException {
        return jdbcUrl.startsWith("jdbc:h2") ? DriverManager.getConnection(jdbcUrl, "sa", "")
                : DriverManager.getConnection(jdbcUrl, "postgres", "");
    }
}
