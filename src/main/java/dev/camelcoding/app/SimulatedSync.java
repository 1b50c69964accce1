package dev.camelcoding.app;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The application against a simulated CODING with a JDBC sink, as {@code demo} runs it and the end-to-end tests do:
 * the settings that point it there and keep its files in one directory, and a sink table's live row count. Each caller
 * adds its own pace (rate limit, poll delay, mode) on top.
 */
final class SimulatedSync {

    private SimulatedSync() {}

    /** The simulator as CODING (team, project, token, API URL), then {@link #sinkSettings}. */
    static Properties settings(CodingSimulator sim, Path data, String jdbcUrl, String jdbcUser) {
        Properties p = sinkSettings(data, jdbcUrl, jdbcUser);
        p.setProperty("coding.team", sim.team());
        p.setProperty("coding.project", sim.projectName());
        p.setProperty("coding.token", sim.personalToken());
        p.setProperty("coding.api-url", sim.baseUrl());
        return p;
    }

    /** State under {@code data/state}, dead letters under {@code data/dead-letters}, the JDBC sink at {@code jdbcUrl}. */
    static Properties sinkSettings(Path data, String jdbcUrl, String jdbcUser) {
        Properties p = new Properties();
        p.setProperty("coding.data-dir", data.resolve("state").toString());
        p.setProperty("coding.sink", "jdbc");
        p.setProperty("coding.sink.jdbc.url", jdbcUrl);
        p.setProperty("coding.sink.jdbc.user", jdbcUser);
        return p;
    }

    /** The rows of a sink table's live view (without tombstones), or -1 while the sink has not created it. */
    static long liveRows(String jdbcUrl, String jdbcUser, String table) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, jdbcUser, "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM coding_" + table.toLowerCase() + "_live")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException tableNotYetCreated) {
            return -1;
        }
    }
}
