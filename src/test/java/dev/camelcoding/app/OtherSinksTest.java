package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.app.it.TestKafka;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same routes into the other sinks: a real Kafka broker, and JSON Lines files. */
class OtherSinksTest {

    @TempDir
    Path data;

    private CodingSimulator sim;
    private SyncApplication app;

    @BeforeEach
    void simulator() {
        sim = CodingSimulator.builder()
                .issues(150)
                .iterations(4)
                .members(5)
                .maxCommentsPerIssue(1)
                .start();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        sim.close();
    }

    private Properties settings(String sink) {
        Properties settings = SyncHarness.settings(sim, "jdbc:h2:mem:unused", data);
        settings.setProperty("coding.sink", sink);
        return settings;
    }

    @Test
    void kafkaGetsOneTopicPerTableKeyedByRow() {
        String prefix = "coding-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Properties settings = settings("kafka");
        settings.setProperty("coding.sink.kafka.brokers", TestKafka.bootstrapServers());
        settings.setProperty("coding.sink.kafka.topic-prefix", prefix);
        app = new SyncApplication(settings);
        app.start();

        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName());
        Set<String> keys = new HashSet<>();
        ObjectMapper mapper = new ObjectMapper();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(prefix + "issues"));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode event = mapper.readTree(record.value());
                    assertThat(event.path("key").toString()).isEqualTo(record.key());
                    // the version a consumer compares (docs/configuration.md, version guard) travels as headers too
                    assertThat(longHeader(record, "CodingUpdatedAt"))
                            .isEqualTo(event.path("after").path("updated_at").asLong());
                    assertThat(longHeader(record, "CodingTsMs"))
                            .isEqualTo(event.path("ts_ms").asLong());
                    keys.add(record.key());
                }
                return keys.size() == sim.data().issueCount();
            });
        }
    }

    private static long longHeader(ConsumerRecord<String, String> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        assertThat(header).as("Kafka header " + name).isNotNull();
        return java.nio.ByteBuffer.wrap(header.value()).getLong();
    }

    @Test
    void jsonLinesGetOneFilePerTable() throws Exception {
        Properties settings = settings("jsonl");
        Path dir = data.resolve("jsonl");
        settings.setProperty("coding.sink.jsonl.dir", dir.toString());
        app = new SyncApplication(settings);
        app.start();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(dir.resolve("issues.jsonl"))
                        && Files.readAllLines(dir.resolve("issues.jsonl")).size()
                                >= sim.data().issueCount());
        List<String> lines = Files.readAllLines(dir.resolve("issues.jsonl"));
        ObjectMapper mapper = new ObjectMapper();
        Set<Long> codes = new HashSet<>();
        for (String line : lines) {
            codes.add(mapper.readTree(line).path("key").path("code").asLong());
        }
        assertThat(codes).hasSize(sim.data().issueCount());
    }
}
