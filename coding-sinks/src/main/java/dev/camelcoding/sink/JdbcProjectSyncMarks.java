package dev.camelcoding.sink;

import dev.camelcoding.component.team.ProjectSyncMarks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The JDBC sink's record of a team sync's projects: table {@code coding_project_sync}, one row per team and project,
 * {@code synced} true while the sync takes the project, false once it stopped (no longer listed to the credential, or
 * refused by CODING) with the {@code reason}, {@code since_ms} the time of the last change (epoch milliseconds). The
 * project's rows in the coding_* tables are never deleted for it: this row is what marks them as no longer synced.
 * Plain SQL that H2 and PostgreSQL both run.
 */
public class JdbcProjectSyncMarks implements ProjectSyncMarks {

    public static final String TABLE = "coding_project_sync";

    private DataSource dataSource;

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the table when it is missing (the sink's start, as JdbcSinkSchema creates its tables). */
    public void createTable() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (team VARCHAR(255) NOT NULL,"
                    + " project VARCHAR(255) NOT NULL, synced BOOLEAN NOT NULL, reason VARCHAR(2000),"
                    + " since_ms BIGINT NOT NULL, PRIMARY KEY (team, project))");
        }
    }

    /** Synced from {@code sinceMs}: a project already marked synced keeps its first time. */
    @Override
    public void syncing(String team, String project, long sinceMs) {
        write(team, project, true, null, sinceMs);
    }

    @Override
    public void stopped(String team, String project, String reason, long sinceMs) {
        write(team, project, false, reason, sinceMs);
    }

    private void write(String team, String project, boolean synced, String reason, long sinceMs) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
                            + " SET synced = ?, reason = ?, since_ms = ? WHERE team = ? AND project = ?"
                            + " AND synced <> ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                            + " (team, project, synced, reason, since_ms) SELECT ?, ?, ?, ?, ?"
                            + " WHERE NOT EXISTS (SELECT 1 FROM " + TABLE + " WHERE team = ? AND project = ?)")) {
                update.setBoolean(1, synced);
                update.setString(2, reason);
                update.setLong(3, sinceMs);
                update.setString(4, team);
                update.setString(5, project);
                update.setBoolean(6, synced);
                update.executeUpdate();
                insert.setString(1, team);
                insert.setString(2, project);
                insert.setBoolean(3, synced);
                insert.setString(4, reason);
                insert.setLong(5, sinceMs);
                insert.setString(6, team);
                insert.setString(7, project);
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot record in " + TABLE + " that project " + project + " is "
                            + (synced ? "synced" : "no longer synced") + ": " + e.getMessage(),
                    e);
        }
    }
}
