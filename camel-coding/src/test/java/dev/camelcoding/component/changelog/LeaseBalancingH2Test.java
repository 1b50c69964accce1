package dev.camelcoding.component.changelog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Lease balancing on the embedded H2 store (AUTO_SERVER: other processes connect through the first one's server). */
class LeaseBalancingH2Test extends LeaseBalancingContract {

    @TempDir
    Path dataDirectory;

    private Connection keepOpen;

    @BeforeEach
    void openDatabase() throws SQLException {
        keepOpen = node().getConnection(); // H2 closes a file database with its last connection
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        stopMembers();
        try (Statement statement = keepOpen.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException alreadyClosed) {
            if (alreadyClosed.getErrorCode() != org.h2.api.ErrorCode.DATABASE_IS_CLOSED) {
                throw alreadyClosed;
            }
        }
    }

    @Override
    DataSource node() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(JdbcChangeLog.embeddedH2Url(dataDirectory));
        return dataSource;
    }
}
