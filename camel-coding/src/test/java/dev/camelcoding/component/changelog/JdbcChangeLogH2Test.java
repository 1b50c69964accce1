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

/** The change log contract on embedded H2: one database file in a data directory, as the application will use it. */
class JdbcChangeLogH2Test extends ChangeLogContract {

    @TempDir
    Path dataDirectory;

    private Connection keepOpen;

    @BeforeEach
    void openDatabase() throws SQLException {
        // H2 closes a file database with its last connection; one held open keeps it from reopening per statement
        keepOpen = node().getConnection();
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        stopNodes();
        try (Statement statement = keepOpen.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException alreadyClosed) {
            // the point of SHUTDOWN is a closed database for the next test's fresh directory: one H2 closed already
            // (90098, "the database has been closed") is just as good; anything else is a real failure
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
