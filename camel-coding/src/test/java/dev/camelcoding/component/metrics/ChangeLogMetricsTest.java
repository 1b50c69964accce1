package dev.camelcoding.component.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.changelog.ChangeLogStatus;
import dev.camelcoding.component.changelog.ConsumerOffsets;
import dev.camelcoding.component.changelog.Fence;
import dev.camelcoding.component.changelog.JdbcChangeLog;
import dev.camelcoding.component.changelog.JdbcLeaseClusterService;
import dev.camelcoding.component.changelog.JdbcLeaseView;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.changelog.StartFrom;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The change log's gauges, checked against what was appended and committed, before and after a later change. */
class ChangeLogMetricsTest {

    private final SourceId issues = new SourceId("acme", "web", "issues");
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void headTailSizeReaderAndLagPerSourceAndConsumer() throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:log-metrics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcChangeLog log = new JdbcChangeLog(db);
        ConsumerOffsets offsets = new ConsumerOffsets(db, log);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            JdbcLeaseClusterService cluster = new JdbcLeaseClusterService(db);
            camel.addService(cluster);
            camel.start();
            JdbcLeaseView view = (JdbcLeaseView) cluster.getView(issues.readerNamespace());
            await().atMost(Duration.ofSeconds(10)).until(() -> view.fence().isPresent());
            Fence fence = view.fence().orElseThrow();
            log.append(issues, entries(9), fence);
            offsets.position("warehouse", issues, StartFrom.oldest());
            offsets.commit("warehouse", issues, 3);

            new ChangeLogMetrics(new ChangeLogStatus(db), Duration.ofSeconds(1), clock).bindTo(registry);
            // bound and forgotten, as the component does: the gauges must not depend on a reference kept here
            System.gc();
            assertThat(gauge(ChangeLogMetrics.SOURCES)).isEqualTo(1);
            assertThat(gauge(ChangeLogMetrics.HEAD)).isEqualTo(9);
            assertThat(gauge(ChangeLogMetrics.TAIL)).isEqualTo(1);
            assertThat(gauge(ChangeLogMetrics.SIZE)).isEqualTo(9);
            assertThat(gauge(ChangeLogMetrics.READER)).isEqualTo(1);
            assertThat(registry.get(ChangeLogMetrics.CONSUMER_LAG)
                            .tags("table", "issues", "consumer", "warehouse")
                            .gauge()
                            .value())
                    .isEqualTo(6);

            // later: more entries, a second consumer, a new source; read again once the snapshot is a second old
            log.append(issues, entries(5), fence);
            offsets.position("search", issues, StartFrom.oldest());
            offsets.commit("search", issues, 14);
            SourceId members = new SourceId("acme", "web", "projectMembers");
            JdbcLeaseView membersView = (JdbcLeaseView) cluster.getView(members.readerNamespace());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> membersView.fence().isPresent());
            log.append(members, entries(2), membersView.fence().orElseThrow());
            assertThat(gauge(ChangeLogMetrics.HEAD))
                    .as("within a second: the same snapshot")
                    .isEqualTo(9);
            now = now.plusSeconds(1);
            assertThat(gauge(ChangeLogMetrics.SOURCES)).isEqualTo(2);
            assertThat(gauge(ChangeLogMetrics.HEAD)).isEqualTo(14);
            assertThat(registry.get(ChangeLogMetrics.CONSUMER_LAG)
                            .tags("table", "issues", "consumer", "warehouse")
                            .gauge()
                            .value())
                    .isEqualTo(11);
            assertThat(registry.get(ChangeLogMetrics.CONSUMER_LAG)
                            .tags("table", "issues", "consumer", "search")
                            .gauge()
                            .value())
                    .isZero();
            assertThat(registry.get(ChangeLogMetrics.SIZE)
                            .tags("table", "projectMembers")
                            .gauge()
                            .value())
                    .isEqualTo(2);
        }
        // the reader stopped cleanly: its lease is released
        now = now.plusSeconds(1);
        assertThat(gauge(ChangeLogMetrics.READER)).isZero();
    }

    private double gauge(String name) {
        Gauge gauge = name.equals(ChangeLogMetrics.SOURCES)
                ? registry.get(name).gauge()
                : registry.get(name)
                        .tags("team", "acme", "project", "web", "table", "issues")
                        .gauge();
        return gauge.value();
    }

    private static List<CodingChange> entries(int n) {
        List<CodingChange> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(CodingChange.ofRow(Op.UPDATE, "issues", "{\"code\":" + i + "}", i, "{\"i\":" + i + "}"));
        }
        return entries;
    }
}
