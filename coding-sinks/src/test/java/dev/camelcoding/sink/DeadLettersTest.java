package dev.camelcoding.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.state.DurableFiles;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLettersTest {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<CamelContext> contexts = new ArrayList<>();
    /** What the sink took, by dead-letter id. */
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    private volatile boolean sinkDown;

    @AfterEach
    void stop() throws Exception {
        for (CamelContext c : contexts) {
            c.close();
        }
    }

    /** The pipeline's shape (routes/coding-pipeline.camel.yaml): a sink behind a dead-letter channel. */
    private DeadLetters pipeline() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        contexts.add(camel);
        DeadLetters deadLetters = new DeadLetters();
        deadLetters.setCamelContext(camel);
        deadLetters.setDirectory(dir.toString());
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
                    delivered.add(exchange.getMessage().getHeader(DeadLetters.ID_HEADER, String.class));
                });
                from("direct:coding-dead-letter").bean(deadLetters, "record");
            }
        });
        camel.start();
        return deadLetters;
    }

    private void fail(CamelContext camel, int code) {
        sinkDown = true;
        camel.createProducerTemplate().send("direct:coding-normalize", exchange -> {
            exchange.getMessage().setHeader("CamelCodingTable", "issues");
            exchange.getMessage().setHeader("CamelCodingKey", "{\"project\":\"web\",\"code\":" + code + "}");
            exchange.getMessage()
                    .setBody("{\"op\":\"u\",\"table\":\"issues\",\"key\":{\"project\":\"web\",\"code\":" + code
                            + "},\"after\":{\"code\":" + code + ",\"updated_at\":1640598932000},\"ts_ms\":1}");
        });
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        Path file = dir.resolve(DeadLetters.FILE_NAME);
        if (Files.exists(file)) {
            for (String l : Files.readAllLines(file)) {
                lines.add(mapper.readTree(l));
            }
        }
        return lines;
    }

    @Test
    void aReplayThatFailsAgainKeepsEachDeadLetterOnceAndSaysSo() throws Exception {
        DeadLetters deadLetters = pipeline();
        CamelContext camel = contexts.get(0);
        fail(camel, 1);
        fail(camel, 2);
        assertThat(lines()).hasSize(2);

        for (int attempt = 0; attempt < 3; attempt++) {
            ReplayResult result = deadLetters.replay();
            assertThat(result).isEqualTo(new ReplayResult(0, 2));
            assertThat(result.complete()).isFalse();
            assertThat(lines()).as("after replay " + (attempt + 1)).hasSize(2);
        }
        assertThat(lines()).extracting(l -> l.path("attempts").asInt()).containsOnly(4);
        assertThat(lines())
                .extracting(l -> l.path("event").path("key").path("code").asInt())
                .containsExactly(1, 2);

        sinkDown = false;
        assertThat(deadLetters.replay()).isEqualTo(new ReplayResult(2, 0));
        assertThat(delivered).hasSize(2);
        assertThat(dir.resolve(DeadLetters.FILE_NAME)).doesNotExist();
    }

    @Test
    void aDeadLetterIsForcedToDiskInAPrivateFile() throws Exception {
        DurableFiles.Sync counting = new DurableFiles.Sync() {
            @Override
            public void force(Path file, FileChannel channel) throws IOException {
                channel.force(true);
                forced.add(file.getFileName().toString());
            }

            @Override
            public void forceDirectory(Path directory) throws IOException {
                DurableFiles.FSYNC.forceDirectory(directory);
            }
        };
        DeadLetters deadLetters = pipeline();
        deadLetters.setDurableFiles(new DurableFiles(counting));
        fail(contexts.get(0), 7);
        assertThat(forced).containsExactly(DeadLetters.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(DeadLetters.FILE_NAME))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
    }

    private final List<String> forced = new CopyOnWriteArrayList<>();

    @Test
    void aReplayingFileLeftByAnInterruptedReplayIsReplayedNotDeleted() throws Exception {
        // what the previous version left when killed: dead letters without ids under the .replaying name
        List<String> legacy = new ArrayList<>();
        for (int code = 1; code <= 3; code++) {
            legacy.add("{\"failed_at\":\"2026-01-01T00:00:00Z\",\"reason\":\"down\",\"headers\":{},\"event\":"
                    + "{\"op\":\"u\",\"table\":\"issues\",\"key\":{\"code\":" + code + "}}}");
        }
        Files.write(dir.resolve(DeadLetters.REPLAYING), legacy);
        DeadLetters deadLetters = pipeline();
        sinkDown = true;
        assertThat(deadLetters.count()).isEqualTo(3);
        assertThat(deadLetters.replay()).isEqualTo(new ReplayResult(0, 3));
        sinkDown = false;
        assertThat(deadLetters.replay()).isEqualTo(new ReplayResult(3, 0));
        assertThat(delivered).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void aReplayKilledMidwayLosesAndDuplicatesNothingAndKeepsWhatWasRecordedMeanwhile(@TempDir Path childDir)
            throws Exception {
        DeadLetters recorder = pipeline();
        CamelContext camel = contexts.get(0);
        for (int code = 1; code <= 10; code++) {
            fail(camel, code);
        }
        Set<String> ids = new HashSet<>();
        lines().forEach(l -> ids.add(l.path("id").asText()));
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
            fail(camel, 11);
            fail(camel, 12);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> deliveredByChild = Files.readAllLines(childDelivered);
        assertThat(deliveredByChild).hasSize(4);
        assertThat(dir.resolve(DeadLetters.REPLAYING))
                .as("the interrupted replay's work")
                .exists();
        assertThat(recorder.count()).as("10 - 4 settled + 2 recorded meanwhile").isEqualTo(8);

        sinkDown = false;
        ReplayResult result = recorder.replay();
        assertThat(result).isEqualTo(new ReplayResult(8, 0));
        Set<String> all = new HashSet<>(deliveredByChild);
        for (String id : delivered) {
            assertThat(all.add(id)).as("delivered twice: " + id).isTrue();
        }
        assertThat(all).hasSize(12).containsAll(ids);
        assertThat(dir.toFile().list()).as("nothing left but the lock files").allMatch(name -> name.endsWith(".lock"));
    }

    @Test
    void recordKeepsTheReasonAndTheDatabasesOwnWords() throws Exception {
        DeadLetters deadLetters = pipeline();
        Exchange failed = new DefaultExchange(contexts.get(0));
        failed.setProperty(
                Exchange.EXCEPTION_CAUGHT,
                new RuntimeException(
                        "bad SQL grammar []",
                        new java.sql.SQLSyntaxErrorException("Table \"CODING_ISSUES\" not found")));
        failed.getMessage().setBody("{\"op\":\"d\"}");
        deadLetters.record(failed);
        JsonNode line = lines().get(0);
        assertThat(line.path("reason").asText()).isEqualTo("bad SQL grammar []");
        assertThat(line.path("root_cause").asText()).contains("CODING_ISSUES");
        assertThat(line.path("id").asText()).isNotBlank();
        assertThat(new File(dir.toFile(), DeadLetters.FILE_NAME)).exists();
    }
}
