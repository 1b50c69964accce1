package dev.camelcoding.component.changelog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

/**
 * Lease balancing on a real PostgreSQL, each member with a connection pool of its own, as each {@code coding-sync}
 * process has (StoreDataSources): several processes on one store.
 */
class LeaseBalancingPostgresTest extends LeaseBalancingContract {

    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

    @AfterEach
    void closePools() {
        stopMembers();
        pools.forEach(HikariDataSource::close);
    }

    @Override
    DataSource node() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(ChangeLogPostgres.url());
        config.setMaximumPoolSize(4);
        config.setPoolName("lease-test-node-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }
}
