package dev.camelcoding.component.changelog;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The change log status on embedded H2, the application's default log. */
class ChangeLogStatusH2Test extends ChangeLogStatusContract {

    @TempDir
    Path dataDirectory;

    @Override
    DataSource node() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(JdbcChangeLog.embeddedH2Url(dataDirectory) + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }
}
