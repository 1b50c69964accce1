package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.status.TableStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one status report costs the store when the running sync's monitoring page takes one a second: the change log
 * and dead letter readers are made once per store (making them creates their missing tables), so a report after the
 * first runs no DDL and opens two connections: one for the change log, one for the dead letter count.
 */
class StatusReportsCostTest {

    @TempDir
    Path data;

    @Test
    void aReportAfterTheFirstRunsNoDdlAndOpensTwoConnections() {
        Properties p = SyncHarness.sinkOnlySettings(
                "jdbc:h2:mem:reports-sink-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", data, "web");
        p.setProperty("coding.tables", "issues,iterations");
        SyncSettings settings = new SyncSettings(p);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:reports-store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        CountingDataSource store = new CountingDataSource(h2);
        CodingStatusReader nothing = new CodingStatusReader(new MemoryStateRepository());
        StatusReports reports = new StatusReports(settings);
        List<ReportedSources.Ref> sources = ReportedSources.of(reports.configured(), List.of(), null);

        StatusReport first = reports.build(
                sources, ref -> status(nothing, ref.table(), settings), "the store", store, Instant.now());
        assertThat(first.changeLog().unreadable()).isNull();
        assertThat(first.deadLetters().waiting()).isZero();
        assertThat(first.sources()).hasSize(2);

        for (int report = 0; report < 3; report++) {
            store.reset();
            StatusReport next = reports.build(
                    sources, ref -> status(nothing, ref.table(), settings), "the store", store, Instant.now());
            assertThat(next.changeLog().unreadable()).isNull();
            assertThat(store.statements())
                    .as("no table is created again")
                    .noneMatch(sql -> sql.trim().toUpperCase(Locale.ROOT).startsWith("CREATE"));
            assertThat(store.connections()).isEqualTo(2);
        }
    }

    private static TableStatus status(CodingStatusReader reader, CodingTable table, SyncSettings settings) {
        return StatusCommand.read(reader, table, settings);
    }
}
