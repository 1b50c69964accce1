package dev.camelcoding.component.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.changelog.ChangeLogPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Processes that start at once on a new PostgreSQL store (two {@code coding-sync run} on one store, as
 * SinkGroupsProcessTest starts them) each open it and define its tables. Before the definitions were serialised,
 * one of them failed with "relation already exists", or took the other's new tables (no version written yet) for an
 * earlier build's and dropped them, with the rows written into them.
 */
class StoreDefinitionRaceTest {

    private static final int PROCESSES = 4;
    private static final int ROUNDS = 15;

    /** Three tables, as the change log's part has: a window between the first CREATE and the version's row. */
    private static StorePart part() {
        return new StorePart(
                "things",
                1,
                List.of("T_ONE", "T_TWO", "T_THREE"),
                dialect -> List.of(
                        "CREATE TABLE IF NOT EXISTS T_ONE (ID VARCHAR(100) PRIMARY KEY, V " + dialect.textType() + ")",
                        "CREATE TABLE IF NOT EXISTS T_TWO (ID VARCHAR(100) PRIMARY KEY)",
                        "CREATE TABLE IF NOT EXISTS T_THREE (ID VARCHAR(100) PRIMARY KEY)"));
    }

    @Test
    void processesStartingAtOnceOnANewStoreEachKeepWhatTheyWrote() throws Exception {
        ExecutorService processes = Executors.newFixedThreadPool(PROCESSES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String schema = "race_" + UUID.randomUUID().toString().replace("-", "");
                try (Connection admin = ChangeLogPostgres.node().getConnection();
                        Statement create = admin.createStatement()) {
                    create.execute("CREATE SCHEMA " + schema);
                }
                CyclicBarrier together = new CyclicBarrier(PROCESSES);
                List<Future<?>> started = new ArrayList<>();
                for (int p = 0; p < PROCESSES; p++) {
                    String process = "process-" + p;
                    started.add(processes.submit(() -> {
                        DataSource own = schemaSource(schema);
                        together.await();
                        CodingStore store = CodingStore.open(process, own);
                        store.define(part());
                        store.inTransaction(c -> {
                            try (PreparedStatement insert =
                                    c.prepareStatement("INSERT INTO T_ONE (ID, V) VALUES (?, 'x')")) {
                                insert.setString(1, process);
                                return insert.executeUpdate();
                            }
                        });
                        return null;
                    }));
                }
                for (Future<?> process : started) {
                    process.get(60, TimeUnit.SECONDS); // a failed definition fails here, with its cause
                }
                // a process that opened the store after another had written must not have dropped the rows
                assertThat(count(schema)).as("rows kept in round %d", round).isEqualTo(PROCESSES);
            }
        } finally {
            processes.shutdownNow();
        }
    }

    private static DataSource schemaSource(String schema) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(ChangeLogPostgres.url());
        source.setCurrentSchema(schema);
        return source;
    }

    private static int count(String schema) throws SQLException {
        try (Connection c = schemaSource(schema).getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM T_ONE")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
