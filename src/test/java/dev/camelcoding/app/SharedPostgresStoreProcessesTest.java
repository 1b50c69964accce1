package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code coding-sync run} processes (child JVMs, hybrid mode, one webhook path and secret behind what would be a
 * load balancer) sharing one PostgreSQL store, each with its own sink: the webhook delivery ledger
 * (CODING_WEBHOOK_DELIVERIES) and the dead letters (CODING_DEAD_LETTERS) are the store's, so a delivery one process
 * processed is a duplicate to the other, a dead letter one wrote is listed by {@code status} and replayed by
 * {@code replay} with the other's settings, and both survive a restart.
 *
 * <p>The discriminating answer: the second process is not the source's reader, so a delivery it does not know is
 * answered 503 ({@code not-reader}); only the shared ledger makes it answer 200 {@code duplicate}.
 */
class SharedPostgresStoreProcessesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An upper bound, not a pause: a child JVM starts in seconds on a quiet machine, in minutes on a loaded one. */
    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    Path data;

    private CodingSimulator sim;
    private StoreProcesses processes;
    private final String hookPath = "/coding/webhook/shared-" + UUID.randomUUID();
    private final String secret = "shared-secret-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws SQLException {
        sim = CodingSimulator.builder().issues(20).start();
        processes = new StoreProcesses("shared_store");
    }

    @AfterEach
    void stop() throws Exception {
        processes.close();
        sim.close();
    }

    /** One process's settings: the shared store and webhook path, its own port, data directory and sink. */
    private record Node(String name, int port, Path dir, String sinkUrl, List<String> sets) {}

    private Node node(String name) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = data.resolve(name);
        String sinkUrl = "jdbc:h2:file:" + dir.resolve("sink").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        processes.holdSink(sinkUrl);
        List<String> sets = List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.rate-limit=1000",
                "coding.tables=issues",
                "coding.mode=hybrid",
                "coding.backstop-interval=1h",
                "coding.webhook.host=127.0.0.1",
                "coding.webhook.port=" + port,
                "coding.webhook.path=" + hookPath,
                "coding.webhook.secret=" + secret,
                "coding.store.url=" + processes.storeUrl(),
                "coding.store.user=postgres",
                "coding.data-dir=" + dir.resolve("state"),
                "coding.sink.jdbc.url=" + sinkUrl,
                "coding.sink.jdbc.user=sa");
        return new Node(name, port, dir, sinkUrl, sets);
    }

    private ChildRun run(Node node, String attempt) throws Exception {
        ChildRun child = ChildRun.start(node.dir().resolve("run-" + attempt), List.of("run"), node.sets());
        processes.started(child);
        return child;
    }

    private static String[] command(String name, Node node) {
        List<String> args = new ArrayList<>(List.of(name));
        for (String set : node.sets()) {
            args.add("--set");
            args.add(set);
        }
        return args.toArray(String[]::new);
    }

    /** Three child JVM starts: under a minute on a quiet machine, about 4 on the shared machine under load. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theLedgerAndTheDeadLettersAreSharedAndSurviveARestart() throws Exception {
        Node a = node("a");
        Node b = node("b");
        ChildRun runA = run(a, "1");
        int issues = sim.data().issueCodes().length;
        // only the source's reader polls: A's snapshot in A's sink says A is the reader
        await().atMost(WAIT).until(() -> sinkVersions(a).size() == issues);
        sim.registerHook("http://127.0.0.1:" + a.port() + hookPath, secret, List.of("ISSUE_UPDATED"));
        await().atMost(WAIT).ignoreExceptions().until(() -> sim.ping().succeeded());

        // A's sink refuses every newer version (a constraint only the rows it holds meet): the delivered change
        // becomes a dead letter
        long newest = sinkVersions(a).values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElseThrow();
        execute(
                a.sinkUrl(),
                "ALTER TABLE coding_issues ADD CONSTRAINT refuse_newer CHECK (updated_at <= " + newest + ")");
        int code = sim.data().issueCodes()[2];
        sim.updateIssue(code, e -> e.name("delivered to A, refused by A's sink"));
        HookDelivery delivery = sim.deliveries().get(sim.deliveries().size() - 1);
        assertThat(delivery.responseStatus()).as("A's answer: %s", delivery).isEqualTo(200);
        long version = sim.data().issue(code).orElseThrow().updatedAt();
        await().atMost(WAIT).until(() -> waitingDeadLetters() == 1);
        execute(a.sinkUrl(), "ALTER TABLE coding_issues DROP CONSTRAINT refuse_newer");

        ChildRun runB = run(b, "1");
        await().atMost(WAIT).ignoreExceptions().until(() -> answer(b, delivery).statusCode() > 0);
        HttpResponse<String> toB = answer(b, delivery);
        assertThat(toB.statusCode())
                .as("B's answer to A's delivery: %s", toB.body())
                .isEqualTo(200);
        assertThat(JSON.readTree(toB.body()).path("status").asText()).isEqualTo("duplicate");
        Cli statusB = Cli.run(command("status", b));
        assertThat(statusB.out()).as(statusB.err()).contains("dead letters    1 waiting");

        // A restarts (B takes over as reader); the ledger and the dead letter are the store's, not A's
        assertThat(runA.stop()).isZero();
        ChildRun againA = run(a, "2");
        await().atMost(WAIT).ignoreExceptions().until(() -> answer(a, delivery).statusCode() > 0);
        HttpResponse<String> toRestartedA = answer(a, delivery);
        assertThat(toRestartedA.statusCode())
                .as("restarted A's answer: %s", toRestartedA.body())
                .isEqualTo(200);
        assertThat(JSON.readTree(toRestartedA.body()).path("status").asText()).isEqualTo("duplicate");
        Cli statusA = Cli.run(command("status", a));
        assertThat(statusA.out()).as(statusA.err()).contains("dead letters    1 waiting");

        // replayed with B's settings, into B's sink
        Cli replay = Cli.run(command("replay", b));
        assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("Replayed 1 dead letters; 0 still waiting");
        assertThat(sinkVersions(b)).containsEntry((long) code, version);
        assertThat(waitingDeadLetters()).isZero();
        assertThat(againA.stop()).isZero();
        assertThat(runB.stop()).isZero();
    }

    /** Sends {@code delivery}'s exact bytes and headers (what CODING resends) to {@code node}'s listener. */
    private HttpResponse<String> answer(Node node, HookDelivery delivery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + hookPath))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        for (Map.Entry<String, String> header : delivery.headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Content-Length")) {
                request.header(header.getKey(), header.getValue());
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long waitingDeadLetters() throws SQLException {
        try (Connection c = DriverManager.getConnection(processes.storeUrl());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM CODING_DEAD_LETTERS WHERE REPLAYED_MS IS NULL")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException notYet) {
            return -1; // the table is made by the first run
        }
    }

    /** Each issue's version in a node's sink (empty while the sink has no table). */
    private static Map<Long, Long> sinkVersions(Node node) {
        Map<Long, Long> versions = new java.util.HashMap<>();
        try (Connection c = DriverManager.getConnection(node.sinkUrl(), "sa", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT doc FROM coding_issues WHERE deleted = FALSE")) {
            while (r.next()) {
                JsonNode doc = JSON.readTree(r.getString(1));
                versions.put(doc.path("code").asLong(), doc.path("updated_at").asLong());
            }
        } catch (Exception notYet) {
            return Map.of();
        }
        return versions;
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
