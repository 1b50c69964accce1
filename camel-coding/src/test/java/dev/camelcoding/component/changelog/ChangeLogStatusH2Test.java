package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
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

    /**
     * The monitoring page reads the status once a second while someone watches it: one read is one connection, no
     * DDL (the tables are made once, when the status is created) and each source's head read once (it was read
     * twice: for the extent and again for the consumers' lag).
     */
    @Test
    void oneReadIsOneConnectionWithoutDdlAndEachSourcesHeadReadOnce() throws Exception {
        DataSource db = node();
        JdbcChangeLog log = new JdbcChangeLog(db);
        LeaseStore leases = new LeaseStore(db, ChangeLogSchema.create(db), Duration.ofMinutes(5));
        SourceId issues = new SourceId("acme", "web", "issues");
        SourceId members = new SourceId("acme", "web", "projectMembers");
        for (SourceId source : List.of(issues, members)) {
            Lease lease = leases.tryAcquire(source.readerNamespace(), "node-a").orElseThrow();
            log.append(
                    source,
                    List.of(CodingChange.ofRow(Op.UPDATE, source.table(), "{\"code\":1}", 1L, "{\"i\":1}")),
                    lease.fence());
        }
        ConsumerOffsets offsets = new ConsumerOffsets(db, log);
        offsets.position("warehouse", issues, StartFrom.oldest());
        offsets.commit("warehouse", issues, 1);

        CountingDataSource counting = new CountingDataSource(db);
        ChangeLogStatus status = new ChangeLogStatus(counting);
        for (int read = 0; read < 2; read++) {
            counting.reset();
            assertThat(status.sources()).hasSize(2);
            assertThat(counting.connections()).isEqualTo(1);
            assertThat(counting.statements())
                    .noneMatch(sql -> sql.trim().toUpperCase(Locale.ROOT).startsWith("CREATE"));
            assertThat(counting.statements())
                    .filteredOn(sql -> sql.contains("SELECT HEAD_SEQ"))
                    .hasSize(2);
        }
    }
}
