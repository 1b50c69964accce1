package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped application gives the sink database its connections back: the JDBC sink's pool (routes/sinks/jdbc) is
 * closed with Camel. It was not, and the test suite ran a shared PostgreSQL out of connections ("sorry, too many
 * clients already") with four left open per stopped application; a process that restarts its routes would too.
 */
class SinkPoolLifecycleTest {

    @TempDir
    Path data;

    @Test
    void stoppingTheApplicationClosesTheSinksConnectionPool() {
        String jdbc = "jdbc:h2:mem:pool-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        HikariDataSource pool;
        try (SyncApplication app = new SyncApplication(SyncHarness.sinkOnlySettings(jdbc, data, "web"))) {
            app.start(false);
            pool = app.camel().getRegistry().lookupByNameAndType("codingDataSource", HikariDataSource.class);
            assertThat(pool).isNotNull();
            assertThat(pool.isClosed()).isFalse();
        }
        assertThat(pool.isClosed())
                .as("the sink's pool after the application stopped")
                .isTrue();
    }
}
