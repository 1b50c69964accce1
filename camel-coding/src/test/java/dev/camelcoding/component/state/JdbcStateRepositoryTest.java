package dev.camelcoding.component.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes sharing one cursor table: each node has its own DataSource and its own TCP connections to one H2 server
 * (server mode, port 0), as two JVMs on two hosts would have to one database.
 */
class JdbcStateRepositoryTest {

    private Server server;
    private String url;

    @BeforeEach
    void startServer() throws Exception {
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    /** A node's own connection pool to the shared database. */
    private JdbcDataSource node() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        return dataSource;
    }

    @Test
    void storesReadsAndOverwritesStateInATableItCreates() throws Exception {
        JdbcStateRepository repository = new JdbcStateRepository(node());
        repository.start();

        assertThat(repository.getState("coding:acme/web/issues[ALL]:issues")).isNull();
        repository.setState("coding:acme/web/issues[ALL]:issues", "{\"cursor\":1}");
        repository.setState("coding:acme/web/issues[ALL]:issues", "{\"cursor\":2}");
        repository.setState("other", "x".repeat(100_000));

        assertThat(repository.getState("coding:acme/web/issues[ALL]:issues")).isEqualTo("{\"cursor\":2}");
        assertThat(repository.getState("other")).hasSize(100_000);
        try (Connection c = node().getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM CODING_STATE")) {
            rows.next();
            assertThat(rows.getLong(1))
                    .as("one row per key in the shared table")
                    .isEqualTo(2);
        }
        repository.stop();
    }

    @Test
    void aSecondNodeSeesWhatTheFirstWroteAndTheFirstSeesTheSecondsLaterWrite() {
        JdbcStateRepository first = new JdbcStateRepository(node());
        JdbcStateRepository second = new JdbcStateRepository(node());
        first.start();
        second.start(); // the table exists already: the second node must not fail creating it

        first.setState("coding:acme/web/issues[ALL]:issues", "{\"cursor\":2}");
        assertThat(first.getState("coding:acme/web/issues[ALL]:issues")).isEqualTo("{\"cursor\":2}");
        assertThat(second.getState("coding:acme/web/issues[ALL]:issues")).isEqualTo("{\"cursor\":2}");
        // a fail-over: the second node takes over and moves the cursor; the first, back as standby, reads it
        second.setState("coding:acme/web/issues[ALL]:issues", "{\"cursor\":3}");
        assertThat(first.getState("coding:acme/web/issues[ALL]:issues"))
                .as("no stale copy on the first node")
                .isEqualTo("{\"cursor\":3}");
        first.stop();
        second.stop();
    }

    @Test
    void twoNodesWritingANewKeyAtOnceBothSucceedAndOneValueWins() throws Exception {
        JdbcStateRepository first = new JdbcStateRepository(node());
        JdbcStateRepository second = new JdbcStateRepository(node());
        first.start();
        second.start();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "race-" + round;
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> a = pool.submit(() -> {
                    together.await();
                    first.setState(key, "first");
                    return null;
                });
                Future<?> b = pool.submit(() -> {
                    together.await();
                    second.setState(key, "second");
                    return null;
                });
                a.get();
                b.get(); // a lost INSERT race is retried as an UPDATE, not thrown
                assertThat(first.getState(key)).isIn("first", "second").isEqualTo(second.getState(key));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesTableNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> new JdbcStateRepository().setTableName("x; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void needsADataSource() {
        assertThatThrownBy(() -> new JdbcStateRepository().start()).hasStackTraceContaining("needs a dataSource");
    }
}
