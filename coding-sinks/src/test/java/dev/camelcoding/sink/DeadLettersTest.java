package dev.camelcoding.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.changelog.ChangeLogPostgres;
import dev.camelcoding.component.store.OwnedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Dead letters as rows of the store: recorded with the reason, the event and the attempt count, kept across a
 * restart, replayed by a transactional query (a replay killed -9 midway loses and duplicates nothing; two processes
 * on one PostgreSQL store never hand one letter twice).
 */
class DeadLettersTest {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<CamelContext> contexts = new ArrayList<>();
    private final List<OwnedStore> stores = new ArrayList<>();
    /** What the sink took, by dead-letter id. */
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    private volatile boolean sinkDown;

    @AfterEach
    void stop() throws Exception {
        for (CamelContext c : contexts) {
            c.close();
        }
        stores.forEach(OwnedStore::close);
    }

    /** The embedded store of the test's data directory, as the application opens it. */
    private OwnedStore embedded() {
        OwnedStore store = OwnedStore.embedded(dir);
        stores.add(store);
        return store;
    }

    /** The pipeline's shape (routes/coding-pipeline.camel.yaml): a sink behind a dead-letter channel. */
    private DeadLetters pipeline(DataSource store) throws Exception {
        return pipeline(store, delivered, null);
    }

    private DeadLetters pipeline(DataSource store, List<String> taken, Runnable beforeEachDelivery) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        contexts.add(camel);
        DeadLetters deadLetters = new DeadLetters();
        deadLetters.setCamelContext(camel);
        deadLetters.setDataSource(store);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("direct:coding-dead-letter")
                        .deadLetterHandleNewException(false)
                        .useOriginalMessage()
                        .maximumRedeliveries(1)
                        .redeliveryDelay(0));
                from("direct:coding-normalize").process(exchange -> {
                    if (sinkDown) {
                        throw new IllegalStateException("relation \"coding_issues\" does not exist");
                    }
                    if (beforeEachDelivery != null) {
                        beforeEachDelivery.run();
                    }
                    taken.add(exchange.getMessage().getHeader(DeadLetters.ID_HEADER, String.class));
                });
                from("direct:coding-dead-letter").bean(deadLetters, "record");
            }
        });
        camel.start();
        return deadLetters;
    }

    private static void fail(CamelContext camel, int code) {
        camel.createProducerTemplate().send("direct:coding-normalize", exchange -> {
            exchange.getMessage().setHeader("CamelCodingTable", "issues");
            exchange.getMessage().setHeader("CamelCodingKey", "{\"project\":\"web\",\"code\":" + code + "}");
            exchange.getMessage()
                    .setBody("{\"op\":\"u\",\"table\":\"issues\",\"key\":{\"project\":\"web\",\"code\":" + code
                            + "},\"after\":{\"code\":" + code + ",\"updated_at\":1640598932000},\"ts_ms\":1}");
        });
    }

    private void failAll(CamelContext camel, int from, int to) {
        sinkDown = true;
        for (int code = from; code <= to; code++) {
            fail(camel, code);
        }
    }

    /** The rows of the dead-letter table, by id, as column -> value. */
    private static Map<String, Map<String, Object>> rows(DataSource store) throws Exception {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        try (Connection c = store.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM " + DeadLetters.TABLE + " ORDER BY RECORDED_MS, ID")) {
            while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.put(r.getMetaData().getColumnLabel(i).toUpperCase(), r.getObject(i));
                }
                rows.put(r.getString("ID"), row);
            }
        }
        return rows;
    }

    @Test
    void aReplayThatFailsAgainKeepsEachDeadLetterOnceAndSaysSo() throws Exception {
        DataSource store = embedded().store().dataSource();
        DeadLetters deadLetters = pipeline(store);
        failAll(contexts.get(0), 1, 2);
        assertThat(rows(store)).hasSize(2);

        for (int attempt = 0; attempt < 3; attempt++) {
            ReplayResult result = deadLetters.replay();
            assertThat(result).isEqualTo(new ReplayResult(0, 2));
            assertThat(result.complete()).isFalse();
            assertThat(rows(store)).as("after replay " + (attempt + 1)).hasSize(2);
        }
        assertThat(rows(store).values()).extracting(r -> r.get("ATTEMPTS")).containsOnly(4);
        assertThat(rows(store).values())
                .extracting(r -> mapper.readTree((String) r.get("EVENT"))
                        .path("key")
                        .path("code")
                        .asInt())
                .containsExactly(1, 2);

        sinkDown = false;
        assertThat(deadLetters.replay()).isEqualTo(new ReplayResult(2, 0));
        assertThat(delivered).hasSize(2).doesNotHaveDuplicates();
        assertThat(deadLetters.count()).isZero();
        // kept as replayed rows (when), not deleted at once
        assertThat(rows(store).values()).allMatch(r -> r.get("REPLAYED_MS") != null);
    }

    /** An event of {@code project}'s {@code table} that the sink (down) turns into a dead letter. */
    private static void failOf(CamelContext camel, String project, String table, int code) {
        camel.createProducerTemplate().send("direct:coding-normalize", exchange -> {
            exchange.getMessage().setHeader("CamelCodingProject", project);
            exchange.getMessage().setHeader("CamelCodingTable", table);
            exchange.getMessage()
                    .setHeader("CamelCodingKey", "{\"project\":\"" + project + "\",\"code\":" + code + "}");
            exchange.getMessage()
                    .setBody("{\"op\":\"u\",\"table\":\"" + table + "\",\"key\":{\"project\":\"" + project
                            + "\",\"code\":" + code + "},\"ts_ms\":1}");
        });
    }

    /**
     * A dead letter keeps its event's project with its table, so that one store serving several projects can say whose
     * letters wait, and a replay can take one project's (and table's) alone: the letters kept no project.
     */
    @Test
    void eachLetterKeepsItsProjectAndAReplayTakesOneProjectsTableAlone() throws Exception {
        DataSource store = embedded().store().dataSource();
        DeadLetters deadLetters = pipeline(store);
        CamelContext camel = contexts.get(0);
        sinkDown = true;
        failOf(camel, "web", "issues", 1);
        failOf(camel, "web", "issues", 2);
        failOf(camel, "web", "comments", 3);
        failOf(camel, "api", "issues", 4);

        assertThat(rows(store).values())
                .extracting(r -> r.get("PROJECT") + "/" + r.get("SINK_TABLE"))
                .containsExactlyInAnyOrder("web/issues", "web/issues", "web/comments", "api/issues");
        assertThat(deadLetters.waiting())
                .containsExactly(
                        new DeadLetters.Waiting("api", "issues", 1),
                        new DeadLetters.Waiting("web", "comments", 1),
                        new DeadLetters.Waiting("web", "issues", 2));
        assertThat(deadLetters.count(new DeadLetters.Selection("web", null))).isEqualTo(3);

        sinkDown = false;
        assertThat(deadLetters.replay(new DeadLetters.Selection("web", "issues")))
                .isEqualTo(new ReplayResult(2, 0));
        assertThat(deadLetters.waiting())
                .containsExactly(
                        new DeadLetters.Waiting("api", "issues", 1), new DeadLetters.Waiting("web", "comments", 1));
        assertThat(deadLetters.replay(new DeadLetters.Selection(null, "issues")))
                .isEqualTo(new ReplayResult(1, 0));
        assertThat(deadLetters.replay(new DeadLetters.Selection("web", null))).isEqualTo(new ReplayResult(1, 0));
        assertThat(deadLetters.count()).isZero();
        assertThat(delivered).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void deadLettersSurviveARestartOfTheApplication() throws Exception {
        OwnedStore first = embedded();
        failAll(pipeline(first.store().dataSource()).getCamelContext(), 1, 3);
        contexts.remove(0).close();
        first.close();
        stores.remove(first);

        // a new process: a new pool on the same file
        DataSource reopened = embedded().store().dataSource();
        DeadLetters afterRestart = pipeline(reopened);
        assertThat(afterRestart.count()).isEqualTo(3);
        sinkDown = false;
        assertThat(afterRestart.replay()).isEqualTo(new ReplayResult(3, 0));
        assertThat(delivered).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void aReplayKilledMidwayLosesAndDuplicatesNothingAndKeepsWhatWasRecordedMeanwhile(@TempDir Path childDir)
            throws Exception {
        DataSource store = embedded().store().dataSource();
        DeadLetters recorder = pipeline(store);
        CamelContext camel = contexts.get(0);
        failAll(camel, 1, 10);
        Set<String> ids = new HashSet<>(rows(store).keySet());
        assertThat(ids).hasSize(10);

        Path childDelivered = childDir.resolve("delivered");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReplayChild.class.getName(),
                        dir.toString(),
                        childDelivered.toString(),
                        "5")
                .redirectErrorStream(true)
                .redirectOutput(childDir.resolve("child.log").toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(childDelivered.resolveSibling("blocked")) || !child.isAlive());
            assertThat(child.isAlive())
                    .as("the child replays (log: " + childDir.resolve("child.log") + ")")
                    .isTrue();
            // the application keeps failing over while the replay runs: those must survive the replay too
            failAll(camel, 11, 12);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> deliveredByChild = Files.readAllLines(childDelivered);
        assertThat(deliveredByChild).hasSize(4);
        // the killed replay's open transaction (the letter in flight) is rolled back by the store
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(recorder.count())
                        .as("10 - 4 settled + 2 recorded meanwhile")
                        .isEqualTo(8));

        sinkDown = false;
        ReplayResult result = recorder.replay();
        assertThat(result).isEqualTo(new ReplayResult(8, 0));
        Set<String> all = new HashSet<>(deliveredByChild);
        for (String id : delivered) {
            assertThat(all.add(id)).as("delivered twice: " + id).isTrue();
        }
        assertThat(all).hasSize(12).containsAll(ids);
    }

    @Test
    void recordKeepsTheReasonTheDatabasesOwnWordsTheEventAndItsKey() throws Exception {
        DataSource store = embedded().store().dataSource();
        DeadLetters deadLetters = pipeline(store);
        Exchange failed = new DefaultExchange(contexts.get(0));
        failed.setProperty(
                Exchange.EXCEPTION_CAUGHT,
                new RuntimeException(
                        "bad SQL grammar []",
                        new java.sql.SQLSyntaxErrorException("Table \"CODING_ISSUES\" not found")));
        failed.getMessage().setHeader("CamelCodingTable", "issues");
        failed.getMessage().setHeader("CamelCodingKey", "{\"code\":9}");
        failed.getMessage().setBody("{\"op\":\"d\"}");
        deadLetters.record(failed);
        Map<String, Object> row = rows(store).values().iterator().next();
        assertThat(row.get("REASON")).isEqualTo("bad SQL grammar []");
        assertThat((String) row.get("ROOT_CAUSE")).contains("CODING_ISSUES");
        assertThat(row.get("SINK_TABLE")).isEqualTo("issues");
        assertThat(row.get("EVENT_KEY")).isEqualTo("{\"code\":9}");
        assertThat(row.get("EVENT")).isEqualTo("{\"op\":\"d\"}");
        assertThat(row.get("ATTEMPTS")).isEqualTo(1);
        assertThat(row.get("REPLAYED_MS")).isNull();
        JsonNode headers = mapper.readTree((String) row.get("HEADERS"));
        assertThat(headers.path("CamelCodingTable").asText()).isEqualTo("issues");
    }

    @Test
    void twoProcessesReplayingOnePostgresStoreNeverHandOneLetterTwice() throws Exception {
        String schema = "dl_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = ChangeLogPostgres.node().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        List<String> takenByA = new CopyOnWriteArrayList<>();
        List<String> takenByB = new CopyOnWriteArrayList<>();
        CountDownLatch aHolds = new CountDownLatch(1);
        CountDownLatch bTookOne = new CountDownLatch(1);
        // A holds its first letter (and that row's lock) until B has delivered one: B must pass over A's row
        Runnable aWaitsForB = () -> {
            if (takenByA.isEmpty()) {
                aHolds.countDown();
                try {
                    assertThat(bTookOne.await(30, TimeUnit.SECONDS))
                            .as("B delivers while A holds a letter")
                            .isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        DeadLetters a = pipeline(postgres(schema), takenByA, aWaitsForB);
        DeadLetters b = pipeline(postgres(schema), takenByB, bTookOne::countDown);
        failAll(contexts.get(0), 1, 60);
        assertThat(b.count()).isEqualTo(60);

        sinkDown = false;
        CompletableFuture<ReplayResult> replayA = CompletableFuture.supplyAsync(a::replay);
        assertThat(aHolds.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ReplayResult> replayB = CompletableFuture.supplyAsync(b::replay);
        replayA.get(60, TimeUnit.SECONDS);
        replayB.get(60, TimeUnit.SECONDS);

        assertThat(takenByA).isNotEmpty();
        assertThat(takenByB).isNotEmpty();
        List<String> all = new ArrayList<>(takenByA);
        all.addAll(takenByB);
        assertThat(all).hasSize(60).doesNotHaveDuplicates();
        assertThat(a.count()).isZero();
        try (Connection c = ChangeLogPostgres.node().getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** A process's own connections to the shared PostgreSQL, in a schema of the test's own. */
    private static DataSource postgres(String schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(ChangeLogPostgres.url());
        dataSource.setCurrentSchema(schema);
        return dataSource;
    }
}
