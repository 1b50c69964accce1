package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log wired in: routes with {@code logCache} read the log, one reader per source reads CODING. The call
 * counts are the simulator's (what CODING would have served), the events are what each route received.
 */
class LogCacheConsumersTest {

    private static final int ISSUES = 120;

    @TempDir
    Path data;

    private CodingSimulator sim;
    private JdbcConnectionPool logDb;
    private final List<CamelContext> contexts = new ArrayList<>();
    /** What each route received: its consumer name to the dedup keys, in arrival order. */
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(ISSUES).iterations(3).start();
        logDb = JdbcConnectionPool.create(
                "jdbc:h2:mem:log-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "");
    }

    @AfterEach
    void stop() throws Exception {
        for (CamelContext context : contexts) {
            context.stop();
        }
        sim.close();
        logDb.dispose();
    }

    private String uri(String extra) {
        return "coding:issues?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000&initialDelay=0&pageSize=50"
                + "&reconcileInterval=0&dataDirectory=" + data + "&logReadInterval=50ms" + extra;
    }

    private CamelContext context(RouteBuilder routes) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("logDb", logDb);
        context.getRegistry().bind("memory", new org.apache.camel.support.processor.state.MemoryStateRepository());
        context.addRoutes(routes);
        contexts.add(context);
        context.start();
        return context;
    }

    /** A route named {@code name} that records the dedup key of every event it receives. */
    private RouteBuilder routes(String extra, String... names) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                for (String name : names) {
                    from(uri(extra)).routeId(name).process(e -> record(name, e));
                }
            }
        };
    }

    private void record(String name, Exchange exchange) {
        received.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>()))
                .add(exchange.getMessage().getHeader(CodingConstants.DEDUP_KEY, String.class));
    }

    private List<String> got(String name) {
        return received.getOrDefault(name, List.of());
    }

    private Set<Long> issueCodes(String name) {
        return got(name).stream()
                .map(k -> Long.valueOf(k.replaceAll(".*\"code\":(\\d+).*", "$1")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<Long> simulatorCodes() {
        return Arrays.stream(sim.data().issueCodes())
                .asLongStream()
                .boxed()
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The calls one route makes without a log for the same single poll: what one reader must cost, no more. */
    private Map<String, Long> callsOfOneRouteWithoutLog() throws Exception {
        CamelContext alone = context(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("&delay=3600000&cursorRepository=#memory"))
                        .routeId("alone")
                        .process(e -> record("alone", e));
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> got("alone").size() == ISSUES);
        alone.stop();
        contexts.remove(alone);
        Map<String, Long> calls = sim.counters().snapshot();
        sim.counters().reset();
        return calls;
    }

    @Test
    void threeRoutesOnOneSourceMakeTheCallsOfOneAndEachGetsEveryChangeOnce() throws Exception {
        Map<String, Long> oneRoute = callsOfOneRouteWithoutLog();

        context(routes("&delay=3600000&logCache=#logDb", "a", "b", "c"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> got("a").size() >= ISSUES && got("b").size() >= ISSUES && got("c").size() >= ISSUES);
        // the reader's poll may still be making its last call when the routes have every event (as the baseline's
        // was when it was stopped): wait for the poll to end at the baseline's count. Three readers would pass it.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> sim.counters().snapshot().equals(oneRoute));

        assertThat(sim.counters().snapshot())
                .as("one reader's calls for three routes")
                .isEqualTo(oneRoute);
        for (String route : List.of("a", "b", "c")) {
            assertThat(got(route))
                    .as(route + ": every change once")
                    .hasSize(ISSUES)
                    .doesNotHaveDuplicates();
            assertThat(issueCodes(route)).isEqualTo(simulatorCodes());
        }
    }

    @Test
    void theLogsHeadAndEachConsumersLagAreGaugesInTheContextsMeterRegistry() throws Exception {
        io.micrometer.core.instrument.MeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("logDb", logDb);
        context.getRegistry()
                .bind(org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        context.addRoutes(routes("&delay=3600000&logCache=#logDb", "a"));
        contexts.add(context);
        context.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> got("a").size() >= ISSUES);
        // the gauges read the log again at most once a second, when a scrape reads them: the sources gauge (there
        // from the start) registers the gauges of the sources and consumers it finds
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(registry.get(dev.camelcoding.component.metrics.ChangeLogMetrics.SOURCES)
                            .gauge()
                            .value())
                    .isEqualTo(1);
            assertThat(registry.get(dev.camelcoding.component.metrics.ChangeLogMetrics.HEAD)
                            .tag("table", "issues")
                            .gauge()
                            .value())
                    .isEqualTo(ISSUES);
            assertThat(registry.get(dev.camelcoding.component.metrics.ChangeLogMetrics.CONSUMER_LAG)
                            .tags("table", "issues", "consumer", "a")
                            .gauge()
                            .value())
                    .isZero();
        });
    }

    @Test
    void twoRoutesGetEachLaterChangeOnceAndARestartedRouteResumesAtItsOffset() throws Exception {
        CamelContext context = context(routes("&delay=100&logCache=#logDb", "a", "b"));
        await().atMost(Duration.ofSeconds(20)).until(() -> got("a").size() >= ISSUES && got("b").size() >= ISSUES);
        int code = sim.data().issueCodes()[7];

        sim.updateIssue(code, e -> e.name("changed while both run"));
        await().atMost(Duration.ofSeconds(20)).until(() -> got("a").size() > ISSUES && got("b").size() > ISSUES);

        context.getRouteController().stopRoute("a");
        int other = sim.data().issueCodes()[9];
        sim.updateIssue(other, e -> e.name("changed while a is stopped"));
        await().atMost(Duration.ofSeconds(20)).until(() -> got("b").size() == ISSUES + 2);
        assertThat(got("a")).hasSize(ISSUES + 1);
        context.getRouteController().startRoute("a");
        await().atMost(Duration.ofSeconds(20)).until(() -> got("a").size() >= ISSUES + 2);

        for (String route : List.of("a", "b")) {
            assertThat(got(route)).as(route).hasSize(ISSUES + 2).doesNotHaveDuplicates();
            assertThat(got(route).subList(ISSUES, ISSUES + 2))
                    .as(route + ": the two updates, in order")
                    .allMatch(k -> k.startsWith("issues|"))
                    .satisfies(updates -> {
                        assertThat(updates.get(0)).contains("\"code\":" + code).contains("|u|");
                        assertThat(updates.get(1)).contains("\"code\":" + other).contains("|u|");
                    });
        }
        JdbcChangeLog log = new JdbcChangeLog(logDb);
        SourceId source = new SourceId(sim.team(), sim.projectName(), "issues");
        assertThat(log.extent(source).head()).as("each change appended once").isEqualTo(ISSUES + 2);
    }

    @Test
    void aBatchConsumerGetsListExchangesWithContiguousSequences() throws Exception {
        List<long[]> batches = Collections.synchronizedList(new ArrayList<>());
        context(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("&delay=3600000&logCache=#logDb&batchSize=50"))
                        .routeId("batches")
                        .process(e -> {
                            List<?> events = e.getMessage().getBody(List.class);
                            for (Object event : events) {
                                record("batches", (Exchange) event);
                            }
                            batches.add(new long[] {
                                e.getMessage().getHeader(CodingConstants.BATCH_SIZE, Long.class),
                                e.getMessage().getHeader(CodingConstants.FIRST_SEQUENCE, Long.class),
                                e.getMessage().getHeader(CodingConstants.LAST_SEQUENCE, Long.class),
                                events.size()
                            });
                        });
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> got("batches").size() >= ISSUES);

        assertThat(got("batches")).hasSize(ISSUES).doesNotHaveDuplicates();
        assertThat(issueCodes("batches")).isEqualTo(simulatorCodes());
        long next = 1;
        for (long[] batch : batches) {
            assertThat(batch[0]).isEqualTo(batch[3]).isBetween(1L, 50L);
            assertThat(batch[1]).as("no gap between batches").isEqualTo(next);
            assertThat(batch[2]).isEqualTo(batch[1] + batch[3] - 1);
            next = batch[2] + 1;
        }
        assertThat(next - 1).isEqualTo(ISSUES);
    }

    @Test
    void retentionPurgesOldEntriesAndAConsumerBehindItTakesAFreshBackfill() throws Exception {
        SourceId source = new SourceId(sim.team(), sim.projectName(), "issues");
        JdbcChangeLog log = new JdbcChangeLog(logDb);
        // a consumer that read nothing yet: offset 0, before any entry
        new ConsumerOffsets(logDb, log).reset("late", source, StartFrom.oldest());
        CamelContext context = context(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("&delay=3600000&logCache=#logDb&logRetention=2s"))
                        .routeId("early")
                        .process(e -> record("early", e));
                from(uri("&delay=3600000&logCache=#logDb&logRetention=2s"))
                        .routeId("late")
                        .autoStartup(false)
                        .process(e -> record("late", e));
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> got("early").size() >= ISSUES);
        assertThat(log.extent(source).head()).isEqualTo(ISSUES);

        await().atMost(Duration.ofSeconds(20)).until(() -> log.extent(source).size() == 0);
        assertThat(log.extent(source).head())
                .as("the head stays: sequences are never reused")
                .isEqualTo(ISSUES);
        long listCalls = sim.counters().count("DescribeIssueListWithPage");

        context.getRouteController().startRoute("late");
        await().atMost(Duration.ofSeconds(20)).until(() -> got("late").size() >= ISSUES);

        assertThat(got("late"))
                .as("the whole table again, from CODING")
                .hasSize(ISSUES)
                .doesNotHaveDuplicates();
        assertThat(issueCodes("late")).isEqualTo(simulatorCodes());
        assertThat(sim.counters().count("DescribeIssueListWithPage"))
                .as("the backfill read CODING")
                .isGreaterThan(listCalls);
        // the offset commits after the route took the batch: wait for it (CI once read it a moment before: 0)
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(new ConsumerOffsets(logDb, log)
                                .committed("late", source)
                                .orElseThrow())
                        .as("then reads the log on from where it stood")
                        .isEqualTo(ISSUES));
        assertThat(got("early")).hasSize(ISSUES);
    }

    /**
     * An iterations overwrite pass is logged as its changes and its key set: the first pass logs every iteration and
     * a pass-end with the keys; the polls of an idle project log nothing more; a deleted iteration logs one pass-end
     * whose keys lack it, and the route sees it (checked against the simulator's iteration list).
     */
    @Test
    void anIdleProjectsIterationPassesAppendNothingAndADeleteAppendsOnePassEnd() throws Exception {
        List<CodingChange> changes = Collections.synchronizedList(new ArrayList<>());
        context(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("&delay=20&iterationStrategy=overwrite&logCache=#logDb")
                                .replace("coding:issues?", "coding:iterations?"))
                        .routeId("iterations")
                        .process(e -> changes.add(e.getMessage().getBody(CodingChange.class)));
            }
        });
        JdbcChangeLog log = new JdbcChangeLog(logDb);
        SourceId source = new SourceId(sim.team(), sim.projectName(), "iterations");
        await().atMost(Duration.ofSeconds(20)).until(() -> changes.size() >= 4);
        assertThat(log.extent(source).head())
                .as("3 iterations and the pass-end")
                .isEqualTo(4);
        CodingChange end = changes.get(3);
        assertThat(end.pass().keys()).hasSize(3);
        assertThat(end.pass().last()).isTrue();

        long listed = sim.counters().count("DescribeIterationList");
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.counters().count("DescribeIterationList") >= listed + 5);
        assertThat(log.extent(source).head()).as("idle polls append nothing").isEqualTo(4);

        int deleted = sim.data().iterations().get(0).code();
        sim.deleteIteration(deleted);
        await().atMost(Duration.ofSeconds(20)).until(() -> changes.size() >= 5);
        assertThat(log.extent(source).head())
                .as("one pass-end, no row repeated")
                .isEqualTo(5);
        assertThat(changes.get(4).pass().keys()).hasSize(2).noneMatch(key -> key.endsWith("\"code\":" + deleted + "}"));
    }

    /**
     * A log consumer's events are the typed changes the reader appended, rebuilt from the entry's columns without
     * parsing: the body is a {@link CodingChange} whose every field a sink reads is set (checked against the
     * simulator's rows), and whose text is the documented event.
     */
    @Test
    void eventsReadFromTheLogAreTypedChangesBuiltFromTheEntryColumns() throws Exception {
        List<Exchange> events = Collections.synchronizedList(new ArrayList<>());
        context(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("&delay=3600000&logCache=#logDb&batchSize=50"))
                        .routeId("rows")
                        .process(e -> {
                            for (Object event : e.getMessage().getBody(List.class)) {
                                events.add((Exchange) event);
                            }
                        });
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= ISSUES);

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Set<Long> codes = new TreeSet<>();
        for (Exchange event : events) {
            Object body = event.getMessage().getBody();
            assertThat(body)
                    .as("the body of entry %s", event.getMessage().getHeader(CodingConstants.SEQUENCE))
                    .isInstanceOf(CodingChange.class);
            CodingChange change = (CodingChange) body;
            com.fasterxml.jackson.databind.JsonNode row = json.readTree(change.rowJson());
            assertThat(row.path("code").asLong())
                    .isEqualTo(json.readTree(change.keyJson()).path("code").asLong());
            assertThat(change.op().code()).isEqualTo("r");
            assertThat(change.mode()).isEqualTo("snapshot");
            assertThat(change.project()).isEqualTo(sim.projectName());
            assertThat(change.team()).isEqualTo(sim.team());
            assertThat(change.version()).isEqualTo(row.path("updated_at").asLong());
            assertThat(change.tsMs()).isPositive();
            assertThat(change.dedupKey()).startsWith("issues|" + change.keyJson() + "|r|");
            com.fasterxml.jackson.databind.JsonNode text =
                    json.readTree(event.getMessage().getBody(String.class));
            assertThat(text.path("after")).isEqualTo(row);
            assertThat(text.path("source").path("mode").asText()).isEqualTo("snapshot");
            assertThat(event.getMessage().getHeader(CodingConstants.VERSION, Long.class))
                    .isEqualTo(change.version());
            codes.add(row.path("code").asLong());
        }
        assertThat(codes).isEqualTo(simulatorCodes());
    }

    /**
     * A read that handed entries is followed at once by the next read: an entry appended while the consumer's route
     * was busy with the previous ones arrives without waiting {@code logReadInterval} (here an hour), as in a
     * backfill where the reader appends the next page while the sink writes this one.
     */
    @Test
    void anEntryAppendedWhileTheRouteIsBusyIsReadWithoutWaitingTheReadInterval() throws Exception {
        SourceId source = new SourceId(sim.team(), sim.projectName(), "issues");
        JdbcChangeLog changeLog = new JdbcChangeLog(logDb);
        int code = sim.data().issueCodes()[3];
        AtomicBoolean changed = new AtomicBoolean();
        CamelContext context = context(new RouteBuilder() {
            @Override
            public void configure() {
                // the reader polls CODING every 100 ms; "early" fills the log, then "busy" starts on a full log
                from(uri("&delay=100&logCache=#logDb")).routeId("early").process(e -> record("early", e));
                from(uri("&delay=100&logCache=#logDb").replace("logReadInterval=50ms", "logReadInterval=1h"))
                        .routeId("busy")
                        .autoStartup(false)
                        .process(e -> {
                            record("busy", e);
                            if (changed.compareAndSet(false, true)) {
                                // while this read is being handed, CODING changes and the reader appends the change
                                sim.updateIssue(code, i -> i.name("changed while busy reads the backlog"));
                                await().atMost(Duration.ofSeconds(20))
                                        .until(() -> changeLog.extent(source).head() == ISSUES + 1);
                            }
                        });
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> got("early").size() >= ISSUES);
        context.getRouteController().startRoute("busy");

        await().atMost(Duration.ofSeconds(20)).until(() -> got("busy").size() >= ISSUES + 1);
        assertThat(got("busy")).hasSize(ISSUES + 1).doesNotHaveDuplicates();
        assertThat(got("busy").get(ISSUES)).contains("\"code\":" + code).contains("|u|");
    }

    /**
     * Two processes (contexts) on one store whose routes have the same id, each writing a sink of its own: with a
     * consumer group each, each gets every change (as two Kafka consumer groups do), under an offset of its own named
     * {@code <group>/<route id>}; without one, they share the route's offset and split the changes.
     */
    @Test
    void routesOfTheSameIdInTwoConsumerGroupsEachGetEveryChangeUnderAnOffsetNamedByTheGroup() throws Exception {
        for (String group : List.of("sink-a", "sink-b")) {
            context(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri("&delay=3600000&logCache=#logDb&consumerGroup=" + group))
                            .routeId("coding-issues")
                            .process(e -> record(group, e));
                }
            });
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> got("sink-a").size() >= ISSUES && got("sink-b").size() >= ISSUES);

        for (String group : List.of("sink-a", "sink-b")) {
            assertThat(got(group))
                    .as(group + ": every change once")
                    .hasSize(ISSUES)
                    .doesNotHaveDuplicates();
            assertThat(issueCodes(group)).isEqualTo(simulatorCodes());
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(offsetNames()).containsExactly("sink-a/coding-issues", "sink-b/coding-issues"));
    }

    /** The consumer names of the offsets in the store. */
    private List<String> offsetNames() throws java.sql.SQLException {
        List<String> names = new ArrayList<>();
        try (java.sql.Connection c = logDb.getConnection();
                java.sql.ResultSet r = c.createStatement()
                        .executeQuery("SELECT DISTINCT CONSUMER FROM CODING_LOG_OFFSET ORDER BY CONSUMER")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }
}
