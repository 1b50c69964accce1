package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.app.it.TestKafka;
import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * routes/patterns/kafka-log.camel.yaml on a real Kafka broker: one reader publishes to the topic, each task reads
 * all of it with its own consumer group; a webhook delivery is answered 200 only once the broker has acknowledged the
 * record, and not 200 while the broker cannot be reached (CODING then delivers it again, and nothing is lost).
 */
class KafkaLogPatternTest {

    private static final String PATTERN = "file:routes/patterns/kafka-log.camel.yaml";

    @TempDir
    Path data;

    private CodingSimulator sim;
    private final List<Main> mains = new ArrayList<>();
    private final String topic = "coding-log-" + UUID.randomUUID();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder()
                .issues(20)
                .iterations(3)
                .members(2)
                .maxCommentsPerIssue(1)
                .start();
    }

    @AfterEach
    void stop() {
        mains.forEach(Main::stop);
        sim.close();
    }

    @Test
    void oneReaderAndTwoTasksWithTheirOwnGroupsEachGetEveryChange() {
        List<Exchange> taskA = new CopyOnWriteArrayList<>();
        List<Exchange> taskB = new CopyOnWriteArrayList<>();
        Properties reader = settings("polling", TestKafka.bootstrapServers());
        reader.setProperty("coding.kafka-log.group", "task-a");
        start(reader, "taskA", taskA::add);
        // the second task is another process's: the same file, its own group, no reader
        Properties second = settings("polling", TestKafka.bootstrapServers());
        second.setProperty("coding.kafka-log.group", "task-b");
        second.setProperty("coding.kafka-log.reader", "false");
        second.setProperty("coding.kafka-log.task.uri", "bean:taskB");
        start(second, "taskB", taskB::add);

        int expected = sim.data().issueCount()
                + sim.data().iterations().size()
                + sim.data().projectMembers().size()
                + comments();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> rows(taskA).size() == expected && rows(taskB).size() == expected);
        assertThat(rows(taskA)).isEqualTo(rows(taskB));
        long issues =
                rows(taskA).stream().filter(row -> row.startsWith("issues|")).count();
        assertThat(issues).isEqualTo(sim.data().issueCount());
        // the task side has the consumer's headers back, from the event itself
        for (Exchange exchange : taskB) {
            JsonNode event = json(exchange);
            assertThat(exchange.getMessage().getHeader(CodingConstants.TABLE))
                    .isEqualTo(event.path("table").asText());
            assertThat(exchange.getMessage().getHeader(CodingConstants.OP))
                    .isEqualTo(event.path("op").asText());
            assertThat(exchange.getMessage().getHeader(CodingConstants.KEY))
                    .isEqualTo(event.path("key").toString());
            assertThat(exchange.getMessage().getHeader(CodingConstants.PROJECT)).isEqualTo(sim.projectName());
        }
        // the second process read CODING not at all: its coding: routes never started
        assertThat(mains.get(1)
                        .getCamelContext()
                        .getRouteController()
                        .getRouteStatus("coding-kafka-log-issues")
                        .isStopped())
                .isTrue();
    }

    @Test
    void aWebhookDeliveryIsAnsweredOnlyOnceTheBrokerHasTheRecord() throws Exception {
        int port = freePort();
        String path = "/coding/hooks/" + UUID.randomUUID();
        String secret = "kafka-log-secret-" + UUID.randomUUID();
        sim.registerHook("http://127.0.0.1:" + port + path, secret, List.of());
        int code = sim.data().issueCodes()[2];

        // the broker cannot be reached (nothing listens there): the delivery is not answered 200
        Properties down = webhook(settings("webhook", "127.0.0.1:" + freePort()), port, path, secret);
        Main first = start(down, "taskA", exchange -> {});
        sim.updateIssue(code, edit -> edit.name("Renamed while Kafka is down"));
        HookDelivery refused = last();
        assertThat(refused.responseStatus())
                .as("no 200 without the broker's acknowledgement")
                .isBetween(500, 599);
        assertThat(refused.durationMillis()).as("within CODING's 5 s").isLessThan(5_000);
        first.stop();
        mains.remove(first);

        // the broker is back: CODING's redelivery of the same delivery is answered 200, and the change is in Kafka
        Properties up = webhook(settings("webhook", TestKafka.bootstrapServers()), port, path, secret);
        up.setProperty("coding.kafka-log.task", "false");
        start(up, "taskA", exchange -> {});
        HookDelivery redelivered = sim.redeliver(refused.deliveryId());
        assertThat(redelivered.responseStatus()).isEqualTo(200);
        // answered after acks=all: the record is already readable by a consumer that starts now
        List<ConsumerRecord<String, String>> records = readTopic(1);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key())
                .isEqualTo("issues|{\"project\":\"" + sim.projectName() + "\",\"code\":" + code + "}");
        assertThat(mapper.readTree(records.get(0).value())
                        .path("after")
                        .path("name")
                        .asText())
                .isEqualTo("Renamed while Kafka is down");
    }

    @Test
    void aBatchExchangeIsPublishedAsOneRecordPerEventWithItsOwnKey() throws Exception {
        Properties p = settings("polling", TestKafka.bootstrapServers());
        p.setProperty("coding.kafka-log.reader", "false");
        p.setProperty("coding.kafka-log.task", "false");
        Main main = start(p, "taskA", exchange -> {});
        CamelContext camel = main.getCamelContext();
        List<Exchange> inner = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Exchange event = new DefaultExchange(camel);
            event.getMessage().setBody("{\"op\":\"u\",\"table\":\"issues\",\"key\":{\"code\":" + i + "}}");
            event.getMessage().setHeader(CodingConstants.TABLE, "issues");
            event.getMessage().setHeader(CodingConstants.KEY, "{\"code\":" + i + "}");
            inner.add(event);
        }
        ProducerTemplate producer = camel.createProducerTemplate();
        Exchange batch = producer.send("direct:coding-kafka-log-publish", ExchangePattern.InOnly, e -> {
            e.getMessage().setBody(inner);
            e.getMessage().setHeader(CodingConstants.TABLE, "issues");
        });
        assertThat(batch.getException()).isNull();
        assertThat(readTopic(3))
                .extracting(ConsumerRecord::key)
                .containsExactly("issues|{\"code\":1}", "issues|{\"code\":2}", "issues|{\"code\":3}");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Properties settings(String mode, String brokers) {
        Properties p = SyncHarness.settings(sim, "jdbc:h2:mem:unused", data);
        p.setProperty("coding.mode", mode);
        p.setProperty("coding.iterations.strategy", "diff");
        p.setProperty("coding.kafka-log.brokers", brokers);
        p.setProperty("coding.kafka-log.topic", topic);
        p.setProperty("coding.kafka-log.task.uri", "bean:taskA");
        return p;
    }

    private static Properties webhook(Properties p, int port, String path, String secret) {
        p.setProperty("coding.webhook.host", "127.0.0.1");
        p.setProperty("coding.webhook.port", Integer.toString(port));
        p.setProperty("coding.webhook.path", path);
        p.setProperty("coding.webhook.secret", secret);
        return p;
    }

    /** The pattern under Camel Main, as {@code camel run} runs it: application.properties and the overrides. */
    private Main start(Properties overrides, String beanName, Processor task) {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:routes/application.properties");
        main.setOverrideProperties(overrides);
        main.bind(beanName, task);
        main.configure().withRoutesIncludePattern(PATTERN);
        main.configure().withDurationMaxSeconds(0);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        mains.add(main);
        return main;
    }

    /** Distinct changes a task received: table|key|op|version of each event body. */
    private Set<String> rows(List<Exchange> received) {
        Set<String> rows = new HashSet<>();
        for (Exchange exchange : received) {
            JsonNode event = json(exchange);
            rows.add(event.path("table").asText() + "|" + event.path("key"));
        }
        return rows;
    }

    private JsonNode json(Exchange exchange) {
        try {
            return mapper.readTree(exchange.getMessage().getBody(String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int comments() {
        int comments = 0;
        for (int code : sim.data().issueCodes()) {
            comments += sim.data().comments(code).size();
        }
        return comments;
    }

    private HookDelivery last() {
        List<HookDelivery> deliveries = sim.deliveries();
        return deliveries.get(deliveries.size() - 1);
    }

    private List<ConsumerRecord<String, String>> readTopic(int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // nothing more than expected arrives meanwhile
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
