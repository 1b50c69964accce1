package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log's retention: the first purge runs as the storage starts (a log left by a process stopped longer
 * than the retention is trimmed then, not an interval later), and the schedule leaves no thread behind its stop. It
 * ran on a Quartz trigger, whose job skipped, with a WARN, a firing Quartz made up to 2 ms before the trigger's start
 * and one that came while its endpoint still started: a clean run's log (CleanStopTest) now and then had either.
 */
class RetentionScheduleTest {

    private static final Duration RETENTION = Duration.ofHours(72);
    private final SourceId source = new SourceId("acme", "web", "issues");

    @TempDir
    Path data;

    private JdbcConnectionPool db;
    private DefaultCamelContext camel;

    @BeforeEach
    void start() {
        db = JdbcConnectionPool.create("jdbc:h2:mem:retention-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("logDb", db);
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        db.dispose();
    }

    @Test
    void entriesOlderThanTheRetentionArePurgedAsTheStorageStarts() {
        // a process appended these four days ago, then stopped
        MutableClock then = new MutableClock(Instant.now().minus(Duration.ofDays(4)));
        JdbcChangeLog log = new JdbcChangeLog(db, then, 100);
        LeaseStore leases = new LeaseStore(db, ChangeLogSchema.create(db), Duration.ofMinutes(5));
        Fence fence;
        try {
            fence = leases.tryAcquire(source.readerNamespace(), "earlier-process")
                    .orElseThrow()
                    .fence();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        log.append(
                source,
                List.of(
                        CodingChange.ofRow(Op.UPDATE, "issues", "{\"code\":1}", 1L, "{\"code\":1}"),
                        CodingChange.ofRow(Op.UPDATE, "issues", "{\"code\":2}", 2L, "{\"code\":2}")),
                fence);
        assertThat(log.extent(source).size()).isEqualTo(2);

        LogStorage storage = LogStorage.resolve(camel, "#logDb", data.toString(), RETENTION);
        ServiceHelper.startService(storage);
        try {
            // the schedule's interval is an hour: only a purge at the start empties the log within the wait
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> log.extent(source).size() == 0);
        } finally {
            ServiceHelper.stopService(storage);
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .as("the retention's thread after the storage's stop")
                .noneMatch(name -> name.contains("coding-changelog-retention"));
    }
}
