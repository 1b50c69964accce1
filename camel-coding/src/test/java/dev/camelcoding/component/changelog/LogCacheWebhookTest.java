package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook deliveries with a change log: CODING's delivery is answered once the event is in the log, whatever the
 * sink does (the simulator records the status CODING would have seen), and a process that is not the source's reader
 * answers 503 so CODING delivers again.
 */
class LogCacheWebhookTest {

    private static final String SECRET = "hook-secret-" + UUID.randomUUID();

    @TempDir
    Path data;

    private CodingSimulator sim;
    private JdbcConnectionPool logDb;
    private final List<CamelContext> contexts = new ArrayList<>();
    private final List<String> sunk = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean sinkDown = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();

    @BeforeEach
    void start() {
        // deliveries wait 90 s for the answer, not CODING's 5 s, and the routes answer within 80 s, not 4 s: these
        // tests are about what is answered (200 once durable, 503 from a follower), not how fast. On a loaded machine
        // the first delivery of a fresh JVM took more than 4 s: answered 503 (deadline), the simulator gave up (-1)
        sim = CodingSimulator.builder()
                .issues(10)
                .iterations(2)
                .hookTimeout(Duration.ofSeconds(90))
                .start();
        logDb = JdbcConnectionPool.create(
                "jdbc:h2:mem:hooklog-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "");
    }

    @AfterEach
    void stop() throws Exception {
        for (CamelContext context : contexts) {
            context.stop();
        }
        sim.close();
        logDb.dispose();
    }

    private CamelContext app(String name, int port, String path) throws Exception {
        return app(name, port, path, "50ms");
    }

    private CamelContext app(String name, int port, String path, String logReadInterval) throws Exception {
        return app(name, port, path, logReadInterval, "webhook");
    }

    /** Hybrid mode whose backstop polls once, as its reader starts (the snapshot, then a poll from the cursor). */
    private CamelContext hybridApp(String name, int port, String path) throws Exception {
        return app(name, port, path, "50ms", "hybrid&backstopInterval=1h&initialDelay=0&reconcileInterval=0");
    }

    private CamelContext app(String name, int port, String path, String logReadInterval, String mode) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("logDb", logDb);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?mode=" + mode + "&teamName=" + sim.team() + "&projectName=" + sim.projectName()
                                + "&apiUrl=" + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000"
                                + "&webhookAnswerTimeout=80s"
                                + "&webhookHost=127.0.0.1&webhookPort=" + port + "&webhookPath=" + path
                                + "&webhookSecret="
                                + SECRET + "&dataDirectory=" + data.resolve(name) + "&logCache=#logDb&logReadInterval="
                                + logReadInterval)
                        .routeId("sink-" + name)
                        .process(e -> {
                            attempts.incrementAndGet();
                            if (sinkDown.get()) {
                                throw new IllegalStateException("sink down");
                            }
                            sunk.add(e.getMessage().getHeader("CamelCodingDeliveryId", String.class));
                        });
            }
        });
        contexts.add(context);
        context.start();
        return context;
    }

    /** Whether some process holds the source's reader lease (the lease table, as every process sees it). */
    private boolean readerElected(SourceId source) throws Exception {
        return new LeaseStore(logDb, ChangeLogSchema.create(logDb), Duration.ofSeconds(15))
                .holder(source.readerNamespace())
                .isPresent();
    }

    private HookDelivery last() {
        List<HookDelivery> deliveries = sim.deliveries();
        return deliveries.get(deliveries.size() - 1);
    }

    @Test
    void aDeliveryIsAnswered200WhileTheSinkIsDownAndReachesTheSinkWhenItReturns() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        String path = "/coding/hooks/" + UUID.randomUUID();
        app("one", port, path);
        sim.registerHook("http://127.0.0.1:" + port + path, SECRET, List.of());
        SourceId source = new SourceId(sim.team(), sim.projectName(), "issues");
        JdbcChangeLog log = new JdbcChangeLog(logDb);
        await().atMost(Duration.ofSeconds(20)).until(() -> readerElected(source));

        sinkDown.set(true);
        sim.updateIssue(sim.data().issueCodes()[1], e -> e.name("while the sink is down"));
        HookDelivery delivery = last();

        assertThat(delivery.responseStatus())
                .as("answered once durable in the log")
                .isEqualTo(200);
        assertThat(log.extent(source).head()).isEqualTo(1);
        assertThat(log.read(source, 0, 10).get(0).change().toJson()).contains("while the sink is down");
        assertThat(sunk).isEmpty();

        sinkDown.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> sunk.size() >= 1);
        assertThat(sunk).containsExactly(delivery.deliveryId());
    }

    /**
     * The consumer waits for an append, not for its next read: with logReadInterval at 10 minutes, a delivery reaches
     * the route within 20 s only if the append woke it (each one, not just the first). It takes milliseconds (the
     * figures printed); the bound was 5 s against a 30 s interval, less than a loaded 2-core machine may stall a
     * thread for, so the interval went up with it to keep the two far apart.
     */
    @Test
    void aDeliveryReachesTheRouteLongBeforeTheLogReadInterval() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        String path = "/coding/hooks/" + UUID.randomUUID();
        app("one", port, path, "600s");
        sim.registerHook("http://127.0.0.1:" + port + path, SECRET, List.of());
        SourceId source = new SourceId(sim.team(), sim.projectName(), "issues");
        await().atMost(Duration.ofSeconds(20)).until(() -> readerElected(source));
        // the lease can be won before the listener is bound: a delivery sent then is refused (status -1)
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.ping().succeeded());

        for (int i = 1; i <= 3; i++) {
            sim.updateIssue(sim.data().issueCodes()[i], e -> e.name("woken, not polled"));
            HookDelivery delivery = last();
            assertThat(delivery.responseStatus()).isEqualTo(200);
            int expected = i;
            long sent = System.nanoTime();
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(2))
                    .until(() -> sunk.size() >= expected);
            System.out.println("[LogCacheWebhookTest] delivery " + i + " reached the route "
                    + (System.nanoTime() - sent) / 1_000_000 + " ms after its answer");
            assertThat(sunk.get(i - 1)).isEqualTo(delivery.deliveryId());
        }
    }

    /**
     * A route that keeps failing is not hammered: the consumer backs off (100 ms, doubling), keeps the offset and
     * hands the same entry again until the route takes it.
     */
    @Test
    void aFailingRouteIsRetriedWithBackoffAndGetsTheEntryWhenItRecovers() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        String path = "/coding/hooks/" + UUID.randomUUID();
        app("one", port, path, "600s");
        sim.registerHook("http://127.0.0.1:" + port + path, SECRET, List.of());
        SourceId source = new SourceId(sim.team(), sim.projectName(), "issues");
        await().atMost(Duration.ofSeconds(20)).until(() -> readerElected(source));
        // the lease can be won before the listener is bound: a delivery sent then is refused (status -1)
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.ping().succeeded());

        sinkDown.set(true);
        sim.updateIssue(sim.data().issueCodes()[4], e -> e.name("retried with backoff"));
        assertThat(last().responseStatus()).isEqualTo(200);
        // 4 attempts take at least 100 + 200 + 400 ms of backoff; without it the route would have been called
        // thousands of times by then
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 4);
        assertThat(attempts.get()).as("attempts while the sink is down").isLessThanOrEqualTo(6);
        assertThat(sunk).isEmpty();

        sinkDown.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> sunk.size() >= 1);
        assertThat(sunk).containsExactly(last().deliveryId());
    }

    @Test
    void aProcessThatIsNotTheReaderAnswers503SoCodingDeliversAgain() throws Exception {
        int leaderPort = AvailablePortFinder.getNextAvailable();
        int followerPort = AvailablePortFinder.getNextAvailable();
        String path = "/coding/hooks/" + UUID.randomUUID();
        SourceId source = new SourceId(sim.team(), sim.projectName(), "issues");
        app("leader", leaderPort, path);
        await().atMost(Duration.ofSeconds(20)).until(() -> readerElected(source));
        app("follower", followerPort, path);
        sim.registerHook("http://127.0.0.1:" + followerPort + path, SECRET, List.of());

        sim.updateIssue(sim.data().issueCodes()[2], e -> e.name("sent to the follower"));

        assertThat(last().responseStatus()).isEqualTo(503);
        assertThat(new JdbcChangeLog(logDb).extent(source).head())
                .as("nothing appended by a follower")
                .isZero();
    }

    /**
     * Hybrid mode claims each issue version for the path that logs it first, so the backstop poll skips what a
     * delivery logged. Those claims were kept in memory only: a reader started after a kill, or taking over from
     * another process, let its first backstop poll log the delivered version again, the same (table, key, version)
     * twice in the log (seen in SpineKillBenchmark's webhook bursts). The new reader rebuilds them from the log.
     */
    @Test
    void aNewReadersBackstopPollDoesNotLogAgainWhatADeliveryLogged() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        String path = "/coding/hooks/" + UUID.randomUUID();
        SourceId source = new SourceId(sim.team(), sim.projectName(), "issues");
        JdbcChangeLog log = new JdbcChangeLog(logDb);
        CamelContext first = hybridApp("first", port, path);
        int issues = sim.data().issueCodes().length;
        await().atMost(Duration.ofSeconds(30)).until(() -> log.extent(source).head() >= issues); // the snapshot
        sim.registerHook("http://127.0.0.1:" + port + path, SECRET, List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.ping().succeeded());

        int delivered = sim.data().issueCodes()[3];
        sim.updateIssue(delivered, e -> e.name("logged by the delivery"));
        assertThat(last().responseStatus()).as("answered once in the log").isEqualTo(200);
        long version = sim.data().issue(delivered).orElseThrow().updatedAt();
        first.stop(); // the claims of its webhook path go with it, as with a kill
        contexts.remove(first);

        // a change no delivery reports: the next reader's backstop poll must log it, and then it has polled
        sim.unregisterHooks();
        int polled = sim.data().issueCodes()[5];
        sim.updateIssue(polled, e -> e.name("found by the backstop"));
        long polledVersion = sim.data().issue(polled).orElseThrow().updatedAt();
        hybridApp("second", port, path);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> versions(log, source, polled).contains(polledVersion));

        assertThat(versions(log, source, delivered))
                .as("log entries of issue %s: its delivered version %s once", delivered, version)
                .containsOnlyOnce(version);
    }

    /** The versions logged for one issue, one per entry, in sequence order. */
    private static List<Long> versions(JdbcChangeLog log, SourceId source, int code) {
        List<Long> versions = new ArrayList<>();
        for (LoggedEntry entry : log.read(source, 0, 10_000)) {
            if (entry.change().keyJson().contains("\"code\":" + code + "}")) {
                versions.add(entry.change().version());
            }
        }
        return versions;
    }

    /**
     * The delivery ledger is the log's store's: a delivery the reader processed, sent again to a process that is not
     * the reader (behind one URL), is answered 200 duplicate. It was kept in each process's own data directory, so
     * the follower did not know it and answered 503 not-reader (CODING would deliver it again and again).
     */
    @Test
    void aDeliveryTheReaderProcessedIsADuplicateToAnotherProcessOnTheSameLog() throws Exception {
        int leaderPort = AvailablePortFinder.getNextAvailable();
        int followerPort = AvailablePortFinder.getNextAvailable();
        String path = "/coding/hooks/" + UUID.randomUUID();
        SourceId source = new SourceId(sim.team(), sim.projectName(), "issues");
        app("leader", leaderPort, path);
        await().atMost(Duration.ofSeconds(20)).until(() -> readerElected(source));
        app("follower", followerPort, path);
        sim.registerHook("http://127.0.0.1:" + leaderPort + path, SECRET, List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.ping().succeeded());
        sim.updateIssue(sim.data().issueCodes()[6], e -> e.name("processed by the reader"));
        HookDelivery delivery = last();
        assertThat(delivery.responseStatus()).isEqualTo(200);

        java.net.http.HttpRequest.Builder again = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + followerPort + path))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(again::header);
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient()
                .send(again.build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"duplicate\"");
    }
}
