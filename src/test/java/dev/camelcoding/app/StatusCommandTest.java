package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.app.it.TestPostgres;
import dev.camelcoding.component.changelog.ConsumerOffsets;
import dev.camelcoding.component.changelog.JdbcChangeLog;
import dev.camelcoding.component.changelog.JdbcLeaseClusterService;
import dev.camelcoding.component.changelog.JdbcLeaseView;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.changelog.StartFrom;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.IssueSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} reads the store the settings name, the embedded file and PostgreSQL alike, the readers' state and
 * the change log's sources. Figures are
 * checked against the simulated CODING (its newest UpdatedAt, its iterations) and against what was appended to the
 * log.
 */
class StatusCommandTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @BeforeEach
    void start() {
        // a team of its own: the PostgreSQL store is shared by every test
        sim = CodingSimulator.builder()
                .team("status-" + UUID.randomUUID().toString().substring(0, 8))
                .issues(25)
                .iterations(3)
                .members(2)
                .maxCommentsPerIssue(0)
                .start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void statusReadsTheEmbeddedStore() {
        Properties p = settings();
        sync(p);
        assertThat(data.resolve("state").resolve("coding-store.mv.db")).exists();
        assertThat(data.resolve("state").resolve("coding-state.dat")).doesNotExist();
        Cli status = Cli.run(args(p));
        assertThat(status.out()).contains("state in " + data.resolve("state").resolve("coding-store.mv.db"));
        assertSynced(status);
    }

    @Test
    void statusReadsThePostgresStoreTheSyncWroteTo() {
        Properties p = settings();
        p.setProperty("coding.store.url", TestPostgres.jdbcUrl());
        p.setProperty("coding.store.user", "postgres");
        sync(p);
        assertThat(data.resolve("state").resolve("coding-store.mv.db"))
                .as("the PostgreSQL store, not the embedded file")
                .doesNotExist();
        Cli status = Cli.run(args(p));
        assertThat(status.out()).contains("state in jdbc:postgresql:");
        assertSynced(status);
        assertThat(status.out())
                .contains(sim.team() + "/" + sim.projectName() + "/issues", "consumer    coding-issues");
    }

    @Test
    void aPasswordInTheStoreUrlIsNotPrinted() {
        Properties p = settings();
        p.setProperty("coding.store.url", "jdbc:h2:mem:s-" + UUID.randomUUID() + ";PASSWORD=s3cret-x");
        Cli status = Cli.run(args(p));
        assertThat(status.out() + status.err()).doesNotContain("s3cret-x");
    }

    @Test
    void statusShowsTheChangeLogReaderHeadTailAndConsumerLag() throws Exception {
        Properties p = settings();
        Path dataDir = data.resolve("state");
        Files.createDirectories(dataDir);
        JdbcDataSource db = new JdbcDataSource();
        db.setURL(JdbcChangeLog.embeddedH2Url(dataDir));
        db.setUser("sa"); // as LogStorage creates the embedded log
        SourceId issues = new SourceId(sim.team(), sim.projectName(), "issues");
        JdbcChangeLog log = new JdbcChangeLog(db);
        String holder;
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            JdbcLeaseClusterService cluster = new JdbcLeaseClusterService(db);
            cluster.setId("node-status-test");
            camel.addService(cluster);
            camel.start();
            JdbcLeaseView view = (JdbcLeaseView) cluster.getView(issues.readerNamespace());
            await().atMost(Duration.ofSeconds(10)).until(() -> view.fence().isPresent());
            List<CodingChange> entries = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                entries.add(CodingChange.ofRow(Op.UPDATE, "issues", "{\"code\":" + i + "}", i, "{\"i\":" + i + "}"));
            }
            log.append(issues, entries, view.fence().orElseThrow());
            ConsumerOffsets offsets = new ConsumerOffsets(db, log);
            offsets.position("warehouse", issues, StartFrom.oldest());
            offsets.commit("warehouse", issues, 5);
            holder = cluster.getId();
            // status while the reader holds the lease; H2's file is this JVM's: status opens the same database
            Cli status = Cli.run(args(p));
            assertThat(status.out())
                    .contains(
                            sim.team() + "/" + sim.projectName() + "/issues",
                            "head 12, tail 1, 12 entries",
                            "reader      " + holder + " (epoch 1) since ",
                            "consumer    warehouse at 5, lag 7");
        }
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        // the clean stop released the lease: status says nobody reads now
        assertThat(Cli.run(args(p)).out())
                .contains("reader      none (no node holds the lease)", "consumer    warehouse at 5, lag 7");
    }

    private void assertSynced(Cli status) {
        assertThat(status.exit()).isZero();
        long newest = sim.data().issues().stream()
                .mapToLong(IssueSnapshot::updatedAt)
                .max()
                .orElseThrow();
        assertThat(status.out())
                .doesNotContain("No sync state")
                .contains("issues\n  phase         incremental\n  cursor        " + Instant.ofEpochMilli(newest))
                .contains("; " + sim.data().issueCount() + " in all)")
                .contains("iterations\n  phase         listing\n")
                .contains("rows known    " + sim.data().iterations().size());
    }

    private Properties settings() {
        Properties p =
                SyncHarness.settings(sim, "jdbc:h2:mem:status-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", data);
        p.setProperty("coding.tables", "issues,iterations");
        p.setProperty("coding.iterations.strategy", "diff");
        return p;
    }

    private void sync(Properties p) {
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SyncHarness.count(p.getProperty("coding.sink.jdbc.url"), "issues")
                                    == sim.data().issueCount()
                            && SyncHarness.count(p.getProperty("coding.sink.jdbc.url"), "iterations")
                                    == sim.data().iterations().size());
            // the sink can hold every row before the issues reader's poll ends (its incremental read and census
            // follow the snapshot in the same poll); the poll's status is written when it ends
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            Cli.run(args(p)).out().contains("; " + sim.data().issueCount() + " in all)"));
        }
    }

    private static String[] args(Properties p) {
        List<String> args = new ArrayList<>(List.of("status"));
        p.stringPropertyNames().stream().sorted().forEach(key -> {
            args.add("--set");
            args.add(key + "=" + p.getProperty(key));
        });
        return args.toArray(String[]::new);
    }
}
