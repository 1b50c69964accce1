package dev.camelcoding.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.changelog.ChangeLogPostgres;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.IssueSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The JDBC sink on the store's own database (H2, and a real PostgreSQL): the change log consumer's offset commits in
 * the sink's transaction. The process "dies" right after the sink committed a batch and before the consumer could
 * commit its offset (the route fails after the sink, and from then on this process takes nothing; then it is
 * stopped); a second process on the same databases must not hand that batch to the sink again. Counted: every log
 * sequence the sink was handed, over both processes; checked against the simulator's issues (what CODING has).
 *
 * <p>The sink and the store are two different DataSource instances on the same database, as in the application when
 * {@code coding.store.url} and {@code coding.sink.jdbc.url} name one database: the sink finds that out by asking the
 * databases ({@link dev.camelcoding.component.store.SameDatabase}).
 */
class OffsetInSinkTransactionTest {

    private static final int ISSUES = 240;
    private static final int BATCH = 40;

    private CodingSimulator sim;
    private final List<CamelContext> contexts = new ArrayList<>();
    private final List<AutoCloseable> pools = new ArrayList<>();
    /** How many times the sink wrote each log sequence (committed it), over every process of the test. */
    private final Map<Long, AtomicInteger> handed = new ConcurrentHashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (CamelContext context : contexts) {
            context.stop();
        }
        for (AutoCloseable pool : pools) {
            pool.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void onH2ABatchTheSinkCommittedIsNotHandedAgainAfterACrashBeforeTheConsumersCommit() throws Exception {
        String url = "jdbc:h2:mem:spine-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        aBatchTheSinkCommittedIsNotHandedAgain(h2(url), h2(url));
    }

    @Test
    void onPostgresqlABatchTheSinkCommittedIsNotHandedAgainAfterACrashBeforeTheConsumersCommit() throws Exception {
        // a schema of its own: the store's and the sink's tables of this test, apart from other tests on the server
        String schema = "spine_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = ChangeLogPostgres.node().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        aBatchTheSinkCommittedIsNotHandedAgain(postgres(schema), postgres(schema));
    }

    private void aBatchTheSinkCommittedIsNotHandedAgain(DataSource store, DataSource sinkDb) throws Exception {
        sim = CodingSimulator.builder().issues(ISSUES).start();
        JdbcSinkSchema schema = new JdbcSinkSchema();
        schema.setDataSource(sinkDb);
        schema.createTables();

        // the first process: the sink commits the first batch, then the process dies before the consumer commits
        CountDownLatch died = new CountDownLatch(1);
        AtomicBoolean dead = new AtomicBoolean();
        CamelContext first = process(store, sinkDb, schema, dead, exchange -> {
            if (dead.compareAndSet(false, true)) {
                died.countDown();
                throw new IllegalStateException("the process dies after the sink's commit");
            }
        });
        assertThat(died.await(60, TimeUnit.SECONDS))
                .as("the first batch reached the sink")
                .isTrue();
        first.stop();
        assertThat(handed).as("the sink's writes before the crash").hasSize(BATCH);

        // the second process on the same databases: it continues after the batch the sink committed
        process(store, sinkDb, schema, new AtomicBoolean(), exchange -> {});
        await().atMost(Duration.ofSeconds(60)).until(() -> handed.size() >= ISSUES && committedOffset(store) == ISSUES);

        Map<Long, Integer> repeated = new HashMap<>();
        handed.forEach((sequence, times) -> {
            if (times.get() != 1) {
                repeated.put(sequence, times.get());
            }
        });
        assertThat(repeated)
                .as("log sequences handed to the sink more than once")
                .isEmpty();
        assertThat(handed.keySet()).as("every sequence of the log, none lost").hasSize(ISSUES);
        assertThat(issuesInSink(sinkDb)).as("the sink holds what CODING has").isEqualTo(issuesInCoding());
        assertThat(committedOffset(store)).as("the consumer's offset").isEqualTo(ISSUES);
    }

    /** One "process": a CamelContext whose route hands the log to the JDBC sink, then runs {@code afterSink}. */
    private CamelContext process(
            DataSource store, DataSource sinkDb, JdbcSinkSchema schema, AtomicBoolean dead, Processor afterSink)
            throws Exception {
        JdbcBatchSink sink = new JdbcBatchSink();
        sink.setDataSource(sinkDb);
        sink.setSchema(schema);
        sink.setStore(store);
        sink.init();
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("store", store);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                                + sim.baseUrl() + "&token=" + sim.personalToken()
                                + "&rateLimit=1000&initialDelay=0&pageSize=100&delay=3600000&reconcileInterval=0"
                                + "&logCache=#store&logReadInterval=50ms&batchSize=" + BATCH)
                        .routeId("jdbc-sink")
                        .process(exchange -> {
                            // a dead process takes nothing more: not a retry, not the next batch
                            if (dead.get()) {
                                throw new IllegalStateException("this process is dead");
                            }
                        })
                        .process(sink)
                        // counted once the sink returned: its transaction has committed these events
                        .process(exchange -> count(exchange))
                        .process(afterSink);
            }
        });
        contexts.add(context);
        context.start();
        return context;
    }

    private void count(Exchange exchange) {
        for (Exchange event : Batches.events(exchange)) {
            long sequence = event.getMessage().getHeader(CodingConstants.SEQUENCE, Long.class);
            handed.computeIfAbsent(sequence, s -> new AtomicInteger()).incrementAndGet();
        }
    }

    private Map<Long, Long> issuesInCoding() {
        Map<Long, Long> issues = new HashMap<>();
        for (IssueSnapshot issue : sim.data().issues()) {
            issues.put((long) issue.code(), issue.updatedAt());
        }
        return issues;
    }

    private static Map<Long, Long> issuesInSink(DataSource sinkDb) throws Exception {
        Map<Long, Long> issues = new HashMap<>();
        try (Connection connection = sinkDb.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT row_key, updated_at FROM coding_issues")) {
            while (rows.next()) {
                issues.put(Long.valueOf(rows.getString(1).replaceAll(".*\"code\":(\\d+).*", "$1")), rows.getLong(2));
            }
        }
        return issues;
    }

    private long committedOffset(DataSource store) throws Exception {
        try (Connection connection = store.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT COMMITTED_SEQ FROM CODING_LOG_OFFSET WHERE CONSUMER = 'jdbc-sink' AND TEAM = ?")) {
            select.setString(1, sim.team());
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("an offset row").isTrue();
                return row.getLong(1);
            }
        }
    }

    private DataSource h2(String url) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pools.add(pool::dispose);
        return pool;
    }

    private static DataSource postgres(String schema) {
        PGSimpleDataSource dataSource = (PGSimpleDataSource) ChangeLogPostgres.node();
        dataSource.setCurrentSchema(schema);
        return dataSource;
    }
}
