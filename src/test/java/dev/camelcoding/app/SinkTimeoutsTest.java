package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.schema.IssueSchema;
import dev.camelcoding.sink.JdbcSinkTimeouts;
import dev.camelcoding.sink.SinkUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that goes down makes a sink write fail within seconds, not Hikari's 30 s per attempt, and as
 * "unavailable": the events are not dead letters (the source keeps them and tries again).
 */
class SinkTimeoutsTest {

    @TempDir
    Path data;

    @Test
    void aDatabaseThatIsDownFailsTheWriteWithinTheConnectionTimeoutAndLeavesNoDeadLetter() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-tcpAllowOthers", "-ifNotExists")
                .start();
        String jdbc = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:down;DB_CLOSE_DELAY=-1";
        Properties p = SyncHarness.sinkOnlySettings(jdbc, data, "web");
        try (SyncApplication app = ReplayCommand.startWithoutSources(p)) {
            h2.stop();
            // a pooled connection would fail at once on its closed socket: what waits is getting a new one
            app.camel()
                    .getRegistry()
                    .lookupByNameAndType("codingDataSource", com.zaxxer.hikari.HikariDataSource.class)
                    .getHikariPoolMXBean()
                    .softEvictConnections();
            ChangeEvent event = new ChangeEvent(
                    Op.UPDATE,
                    "issues",
                    IssueSchema.key("web", 1),
                    null,
                    IssueSchema.key("web", 1).put("updated_at", 1640598932000L),
                    new ChangeEvent.Source("acme", "web", "webhook", null, null, false),
                    1_000);
            long started = System.nanoTime();
            // one attempt: 2 s connectionTimeout, no redelivery (the source retries); Hikari's default was 30 s
            Exchange result = assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> app.camel().createProducerTemplate().request("direct:coding-normalize", e -> {
                        e.getMessage().setBody(event.render().body());
                        e.getMessage()
                                .setHeaders(new java.util.HashMap<>(Map.of(
                                        CodingConstants.TABLE,
                                        "issues",
                                        CodingConstants.OP,
                                        "u",
                                        CodingConstants.KEY,
                                        event.key().toString())));
                    }));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.println(
                    "[SinkTimeoutsTest] the write to a stopped database failed after " + took.toMillis() + " ms");
            assertThat(took).isLessThan(Duration.ofMillis(2_000 + 3_000));
            assertThat(result.getException())
                    .as("the exchange fails, so the source keeps the event")
                    .isInstanceOf(SinkUnavailableException.class)
                    .hasMessageContaining("issues");
            assertThat(SyncHarness.deadLetters(data.resolve("state")))
                    .as("an unreachable sink is no dead letter")
                    .isEmpty();
        } finally {
            h2.stop();
        }
    }

    @Test
    void postgresqlsDriverTakesTheSocketTimeoutAndEnforcesIt() throws Exception {
        String url = dev.camelcoding.app.it.TestPostgres.jdbcUrl();
        Properties properties = JdbcSinkTimeouts.driverProperties(url, 2000, 1);
        assertThat(properties).containsKeys("connectTimeout", "loginTimeout", "socketTimeout");
        properties.setProperty("user", "postgres");
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, properties);
                Statement s = c.createStatement()) {
            // a server that stops answering: the read gives up after socketTimeout instead of hanging
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(5)")).isInstanceOf(SQLException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(JdbcSinkTimeouts.driverProperties("jdbc:h2:mem:x", 2000, 30))
                .as("H2 refuses unknown settings")
                .isEmpty();
    }
}
