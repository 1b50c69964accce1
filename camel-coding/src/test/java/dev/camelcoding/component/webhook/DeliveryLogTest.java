package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.camelcoding.component.changelog.ChangeLogPostgres;
import dev.camelcoding.component.state.DeliveryLog;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.OwnedStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The webhook delivery ledger as rows of the store: kept across a restart until the TTL, shared by two processes on
 * one PostgreSQL store, and confirmed in the transaction of the caller (the change log append of the delivery).
 */
class DeliveryLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void confirmedIdsSurviveARestartUntilTheirTtl(@TempDir Path dir) {
        try (OwnedStore store = OwnedStore.embedded(dir)) {
            DeliveryLog log = started(store.store());
            assertThat(log.add("a")).isTrue();
            log.confirm("a");
            assertThat(log.add("b")).isTrue(); // reserved, then failed
            log.remove("b");
            assertThat(log.add("a")).as("a redelivery").isFalse();
            log.stop();
        }
        try (OwnedStore restarted = OwnedStore.embedded(dir)) {
            DeliveryLog log = started(restarted.store());
            assertThat(log.add("a")).as("remembered across a restart").isFalse();
            assertThat(log.add("b")).as("a failed delivery is processed again").isTrue();
            now.addAndGet(Duration.ofHours(2).toMillis());
            assertThat(log.add("a")).as("forgotten after the TTL").isTrue();
            log.stop();
        }
    }

    @Test
    void aReservationOfAProcessThatDiedExpires(@TempDir Path dir) {
        try (OwnedStore store = OwnedStore.embedded(dir)) {
            DeliveryLog log = started(store.store());
            assertThat(log.add("k")).isTrue(); // the process dies here: neither confirm nor remove
            assertThat(log.add("k")).as("in flight elsewhere").isFalse();
            now.addAndGet(Duration.ofMinutes(11).toMillis());
            assertThat(log.add("k"))
                    .as("the dead process's reservation ran out")
                    .isTrue();
        }
    }

    @Test
    void aConfirmJoinsTheCallersTransactionAndRollsBackWithIt(@TempDir Path dir) {
        try (OwnedStore store = OwnedStore.embedded(dir)) {
            DeliveryLog log = started(store.store());
            assertThat(log.add("k")).isTrue();
            assertThatThrownBy(() -> store.store().inTransaction(connection -> {
                        log.confirm("k"); // as the change log append of the delivery's events would
                        throw new IllegalStateException("the append failed");
                    }))
                    .hasMessage("the append failed");
            // the confirm went with the append: the key is only reserved, so the failed delivery is forgotten
            assertThat(log.remove("k")).as("still a reservation").isTrue();
            assertThat(log.add("k")).as("processed again on redelivery").isTrue();

            store.store().inTransaction(connection -> log.confirm("k"));
            assertThat(log.remove("k")).as("a confirmed key stays").isFalse();
            assertThat(log.add("k")).isFalse();
        }
    }

    @Test
    void twoProcessesOnOnePostgresStoreShareTheLedger() throws Exception {
        String schema = "dlv_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = ChangeLogPostgres.node().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try {
            String ledger = DeliveryLog.ledgerOf("/coding/webhook/secret-path");
            DeliveryLog first = started(CodingStore.open("first", postgres(schema)), ledger);
            DeliveryLog second = started(CodingStore.open("second", postgres(schema)), ledger);

            assertThat(first.add("delivery-1")).isTrue();
            assertThat(second.add("delivery-1"))
                    .as("in flight in the first process")
                    .isFalse();
            first.confirm("delivery-1");
            assertThat(second.add("delivery-1"))
                    .as("processed by the first process")
                    .isFalse();
            assertThat(second.remove("delivery-1"))
                    .as("a confirmed delivery stays")
                    .isFalse();
            assertThat(second.contains("delivery-1")).isTrue();
            assertThat(DeliveryLog.ledgerOf("/coding/webhook/secret-path"))
                    .doesNotContain("secret")
                    .isEqualTo(ledger);
        } finally {
            try (Connection c = ChangeLogPostgres.node().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private DeliveryLog started(CodingStore store) {
        return started(store, "hook:test");
    }

    private DeliveryLog started(CodingStore store, String ledger) {
        DeliveryLog log = new DeliveryLog(store, ledger, Duration.ofHours(1), now::get);
        log.start();
        return log;
    }

    /** A process's own connections to the shared PostgreSQL, in a schema of the test's own. */
    private static PGSimpleDataSource postgres(String schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(ChangeLogPostgres.url());
        dataSource.setCurrentSchema(schema);
        return dataSource;
    }
}
