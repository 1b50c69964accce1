package dev.camelcoding.component.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A {@link StateRepository} in a database table, for deployments where several nodes share one cursor (only one of
 * them should consume at a time: use Camel's master component or a cluster service for that).
 *
 * <p>Table {@code CODING_STATE(STATE_KEY VARCHAR(512) PRIMARY KEY, STATE_VALUE CLOB/TEXT, UPDATED_AT TIMESTAMP)} is
 * created on start when it is missing. Writes are an UPDATE, then an INSERT when no row was updated; a lost INSERT
 * race is retried as an UPDATE. This works unchanged on H2 and PostgreSQL.
 */
public class JdbcStateRepository extends ServiceSupport implements StateRepository<String, String> {

    private DataSource dataSource;
    private String tableName = "CODING_STATE";

    public JdbcStateRepository() {}

    public JdbcStateRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String getTableName() {
        return tableName;
    }

    /** The table to use; letters, digits and underscores only. */
    public void setTableName(String tableName) {
        if (!tableName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain table name: " + tableName);
        }
        this.tableName = tableName;
    }

    @Override
    protected void doStart() throws Exception {
        if (dataSource == null) {
            throw new IllegalStateException("JdbcStateRepository needs a dataSource");
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!tableExists(connection)) {
                String text = isPostgres(connection) ? "TEXT" : "CLOB";
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE " + tableName + " (STATE_KEY VARCHAR(512) PRIMARY KEY, STATE_VALUE "
                            + text + " NOT NULL, UPDATED_AT TIMESTAMP NOT NULL)");
                } catch (SQLException e) {
                    if (!tableExists(connection)) { // another node created it meanwhile: fine
                        throw e;
                    }
                }
            }
        }
    }

    @Override
    public void setState(String key, String value) {
        try (Connection connection = dataSource.getConnection()) {
            if (update(connection, key, value) == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + tableName + " (STATE_KEY, STATE_VALUE, UPDATED_AT) VALUES (?, ?, ?)")) {
                    insert.setString(1, key);
                    insert.setString(2, value);
                    insert.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
                    insert.executeUpdate();
                } catch (SQLException duplicate) {
                    if (update(connection, key, value) == 0) {
                        throw duplicate;
                    }
                }
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "cannot store the state of " + key + " in table " + tableName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String getState(String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT STATE_VALUE FROM " + tableName + " WHERE STATE_KEY = ?")) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "cannot read the state of " + key + " from table " + tableName + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void doStop() {
        // the data source belongs to the application
    }

    private int update(Connection connection, String key, String value) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + tableName + " SET STATE_VALUE = ?, UPDATED_AT = ? WHERE STATE_KEY = ?")) {
            update.setString(1, value);
            update.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
            update.setString(3, key);
            return update.executeUpdate();
        }
    }

    private boolean tableExists(Connection connection) throws SQLException {
        for (String candidate : new String[] {tableName, tableName.toUpperCase(), tableName.toLowerCase()}) {
            try (ResultSet tables = connection.getMetaData().getTables(null, null, candidate, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isPostgres(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    }
}
