package dev.camelcoding.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The Camel side of the benchmark: a fresh CamelContext per run with one {@code coding:issues} route, a fresh
 * {@link MemoryStateRepository} (so every run is a full snapshot), and one of two sinks:
 * <ul>
 * <li>{@link Sink#NOOP}: a processor that counts the events;</li>
 * <li>{@link Sink#H2}: Camel Jackson unmarshals each event, a processor picks the columns, the aggregator collects
 * {@code pageSize} rows and camel-sql writes them as one JDBC batch of {@code MERGE INTO issues ... KEY(project, code)}
 * into an embedded H2 database; the last, possibly short, batch is completed by the last event.</li>
 * </ul>
 * A run ends when the N-th event was counted (no-op) or the N-th row was written (H2); the poll's end is awaited
 * separately (through the endpoint's {@code pollStrategy}) before the API calls are read.
 */
final class CamelBackfill {

    enum Sink {
        NOOP,
        H2
    }

    static final String H2_URL = "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";

    private static final String MERGE = "MERGE INTO issues (project, code, name, status_name, updated_at, doc)"
            + " KEY (project, code) VALUES (:#project, :#code, :#name, :#status_name, :#updated_at, :#doc)";

    private final String apiUrl;
    private final String token;
    private final String project;
    private final int pageSize;
    private DataSource dataSource;

    CamelBackfill(String apiUrl, String token, String project, int pageSize) {
        this.apiUrl = apiUrl;
        this.token = token;
        this.project = project;
        this.pageSize = pageSize;
    }

    /** Builds and starts a CamelContext whose route is ready but not started (nothing is timed yet). */
    Prepared prepare(Sink sink, long expected) throws Exception {
        if (sink == Sink.H2) {
            resetTable();
        }
        return new Prepared(sink, expected);
    }

    /** Empties the H2 table, so the rows of one run do not weigh on the heap of the next. */
    void clearTable() throws SQLException {
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE TABLE issues");
        }
    }

    /** Rows in the H2 table. */
    long countRows() throws SQLException {
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM issues")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private synchronized DataSource dataSource() {
        if (dataSource == null) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(H2_URL);
            ds.setUser("sa");
            ds.setPassword("");
            dataSource = ds;
        }
        return dataSource;
    }

    private void resetTable() throws SQLException {
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS issues (project VARCHAR(255) NOT NULL, code BIGINT NOT NULL,"
                    + " name VARCHAR(4000), status_name VARCHAR(255), updated_at TIMESTAMP WITH TIME ZONE, doc CLOB,"
                    + " PRIMARY KEY (project, code))");
            s.execute("TRUNCATE TABLE issues");
        }
    }

    String endpointUri() {
        return "coding:issues?projectName=" + project
                + "&apiUrl=RAW(" + apiUrl + ")"
                + "&token=RAW(" + token + ")"
                + "&pageSize=" + pageSize
                + "&rateLimit=100000&initialDelay=0&delay=3600000"
                + "&cursorRepository=#memoryState&reconcileInterval=0"
                + "&pollStrategy=#benchPollStrategy";
    }

    /** One run's CamelContext. */
    final class Prepared implements AutoCloseable {

        private final long expected;
        private final CamelContext context;
        private final AtomicLong events = new AtomicLong();
        private final AtomicLong written = new AtomicLong();
        private final CountDownLatch done = new CountDownLatch(1);
        private final CountDownLatch pollEnded = new CountDownLatch(1);
        private volatile Throwable failure;
        private volatile long startNanos;
        private volatile long endNanos;

        private Prepared(Sink sink, long expected) throws Exception {
            this.expected = expected;
            context = new DefaultCamelContext();
            context.getShutdownStrategy().setTimeout(10);
            context.getRegistry().bind("memoryState", new MemoryStateRepository());
            context.getRegistry().bind("benchPollStrategy", new PollEnd());
            if (sink == Sink.H2) {
                context.getRegistry().bind("benchDs", dataSource());
            }
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    if (sink == Sink.NOOP) {
                        from(endpointUri()).routeId("bench").autoStartup(false).process(e -> {
                            if (events.incrementAndGet() == expected) {
                                finish();
                            }
                        });
                    } else {
                        from(endpointUri())
                                .routeId("bench")
                                .autoStartup(false)
                                .process(e -> {
                                    if (events.incrementAndGet() == expected) {
                                        e.getMessage().setHeader("BenchLast", true);
                                    }
                                    e.setProperty("benchDoc", e.getMessage().getBody(String.class));
                                })
                                .unmarshal()
                                .json(JsonLibrary.Jackson)
                                .process(CamelBackfill::toRow)
                                .aggregate(constant(true), collectBodies(pageSize))
                                .completionSize(pageSize)
                                .completionPredicate(header("BenchLast").isEqualTo(true))
                                .eagerCheckCompletion()
                                .process(e -> e.setProperty(
                                        "benchBatch",
                                        e.getMessage().getBody(List.class).size()))
                                .to("sql:" + MERGE + "?batch=true&dataSource=#benchDs")
                                .process(e -> {
                                    long rows = written.addAndGet(e.getProperty("benchBatch", Integer.class));
                                    if (rows >= expected) {
                                        finish();
                                    }
                                });
                    }
                }
            });
            context.start();
        }

        /** Starts the route and waits until every event arrived (or was written); returns the wall time in ns. */
        long run(long timeoutSeconds) throws Exception {
            startNanos = System.nanoTime();
            context.getRouteController().startRoute("bench");
            if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s with " + events.get() + " of "
                        + expected + " events");
            }
            if (failure != null) {
                throw new IllegalStateException(
                        "the backfill failed after " + events.get() + " of " + expected + " events: " + failure,
                        failure);
            }
            return endNanos - startNanos;
        }

        /** Waits until the consumer's poll returned (its last calls included). */
        boolean awaitPollEnd(long timeoutSeconds) throws InterruptedException {
            return pollEnded.await(timeoutSeconds, TimeUnit.SECONDS);
        }

        long events() {
            return events.get();
        }

        long written() {
            return written.get();
        }

        private void finish() {
            endNanos = System.nanoTime();
            done.countDown();
        }

        @Override
        public void close() {
            context.stop();
        }

        /** Hears when the scheduled poll ends, and why. */
        private final class PollEnd implements PollingConsumerPollStrategy {
            @Override
            public boolean begin(Consumer consumer, Endpoint endpoint) {
                return true;
            }

            @Override
            public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
                if (events.get() < expected && failure == null) {
                    failure = new IllegalStateException("the poll ended after " + polledMessages + " events, "
                            + events.get() + " counted, " + expected + " expected");
                    done.countDown();
                }
                pollEnded.countDown();
            }

            @Override
            public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
                failure = cause;
                done.countDown();
                pollEnded.countDown();
                return false;
            }
        }
    }

    /** The event (unmarshalled by Camel Jackson into a Map) as the row to merge: its key columns and the raw JSON. */
    @SuppressWarnings("unchecked")
    static void toRow(Exchange exchange) {
        Map<String, Object> event = exchange.getMessage().getBody(Map.class);
        Map<String, Object> after = (Map<String, Object>) event.get("after");
        Map<String, Object> row = new HashMap<>(8);
        row.put("project", after.get("project"));
        row.put("code", ((Number) after.get("code")).longValue());
        row.put("name", after.get("name"));
        row.put("status_name", after.get("status_name"));
        Object updatedAt = after.get("updated_at");
        row.put(
                "updated_at",
                updatedAt instanceof Number ms
                        ? OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms.longValue()), ZoneOffset.UTC)
                        : null);
        row.put("doc", exchange.getProperty("benchDoc", String.class));
        exchange.getMessage().setBody(row);
    }

    /** Collects the bodies of the aggregated exchanges into one list: the rows of one JDBC batch. */
    private static AggregationStrategy collectBodies(int capacity) {
        return (oldExchange, newExchange) -> {
            Object row = newExchange.getMessage().getBody();
            if (oldExchange == null) {
                List<Object> rows = new ArrayList<>(capacity);
                rows.add(row);
                newExchange.getMessage().setBody(rows);
                return newExchange;
            }
            oldExchange.getMessage().getBody(List.class).add(row);
            if (newExchange.getMessage().getHeader("BenchLast") != null) {
                oldExchange.getMessage().setHeader("BenchLast", true);
            }
            return oldExchange;
        };
    }
}
