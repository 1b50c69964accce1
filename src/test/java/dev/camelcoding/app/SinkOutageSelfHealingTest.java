package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import dev.camelcoding.sink.SinkUnavailableException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped routes with the change log (the default) and the JDBC sink on an H2 TCP server that is stopped for a
 * while: webhook deliveries are answered 200 at once, because they only need the log; once the server is back every
 * change reaches the sink by itself, and nothing became a dead letter (a sink that is unreachable is not bad data).
 */
class SinkOutageSelfHealingTest {

    private static final String SECRET = "outage-secret-" + UUID.randomUUID();

    @TempDir
    Path data;

    private CodingSimulator sim;
    private SyncApplication app;
    private Server h2;
    /** Exchanges of the coding: consumer that failed because the sink was unreachable. */
    private final AtomicInteger unavailable = new AtomicInteger();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (h2 != null) {
            h2.stop();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Server startH2(int port) throws Exception {
        return Server.createTcpServer(
                        "-tcpPort",
                        Integer.toString(port),
                        "-baseDir",
                        data.resolve("h2").toString(),
                        "-ifNotExists")
                .start();
    }

    @Test
    void deliveriesDuringASinkOutageAreAnsweredAtOnceAndReachTheSinkWhenItIsBackWithoutDeadLetters() throws Exception {
        sim = CodingSimulator.builder().issues(30).iterations(2).start();
        int h2Port = freePort();
        h2 = startH2(h2Port);
        String jdbc = "jdbc:h2:tcp://127.0.0.1:" + h2Port + "/sink";
        int hookPort = freePort();
        String hookPath = "/coding/hooks/" + UUID.randomUUID();
        Properties p = SyncHarness.settings(sim, jdbc, data);
        p.setProperty("coding.tables", "issues");
        p.setProperty("coding.mode", "webhook");
        p.setProperty("coding.webhook.host", "127.0.0.1");
        p.setProperty("coding.webhook.port", Integer.toString(hookPort));
        p.setProperty("coding.webhook.path", hookPath);
        p.setProperty("coding.webhook.secret", SECRET);
        app = new SyncApplication(p);
        app.start();
        app.camel().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeFailedEvent failed
                        && failed.getExchange().getException() instanceof SinkUnavailableException
                        && failed.getExchange().getFromEndpoint() != null
                        && failed.getExchange()
                                .getFromEndpoint()
                                .getEndpointUri()
                                .startsWith("coding:")) {
                    unavailable.incrementAndGet();
                }
            }
        });
        sim.registerHook("http://127.0.0.1:" + hookPort + hookPath, SECRET, List.of());
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.ping().succeeded());

        int[] codes = sim.data().issueCodes();
        sim.updateIssue(codes[0], e -> e.name("before the outage"));
        await().atMost(Duration.ofSeconds(30)).until(() -> name(jdbc, codes[0]).equals("before the outage"));

        h2.stop();
        List<HookDelivery> duringOutage = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            String name = "changed during the outage " + i;
            sim.updateIssue(codes[i], e -> e.name(name));
            List<HookDelivery> deliveries = sim.deliveries();
            duringOutage.add(deliveries.get(deliveries.size() - 1));
        }
        // answered from the log: 200, within CODING's 5 s window (well within: no sink on the answer's path)
        assertThat(duringOutage).allSatisfy(d -> {
            assertThat(d.responseStatus()).as("status of " + d.deliveryId()).isEqualTo(200);
            assertThat(d.durationMillis())
                    .as("answer time of " + d.deliveryId())
                    .isLessThan(2_000);
        });
        // the consumer's attempts fail as "unavailable" (connection refused) and are retried while the server is down
        await().atMost(Duration.ofSeconds(30)).until(() -> unavailable.get() >= 3);

        h2 = startH2(h2Port);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, JsonNode> rows = SyncHarness.rows(jdbc, "issues");
            for (int i = 1; i <= 15; i++) {
                JsonNode row = rows.get("{\"project\":\"" + sim.projectName() + "\",\"code\":" + codes[i] + "}");
                assertThat(row).as("issue " + codes[i]).isNotNull();
                assertThat(row.path("name").asText()).isEqualTo("changed during the outage " + i);
            }
        });
        assertThat(SyncHarness.deadLetters(data.resolve("state")))
                .as("an unreachable sink makes no dead letter")
                .isEmpty();
    }

    private String name(String jdbc, int code) {
        try {
            JsonNode row = SyncHarness.rows(jdbc, "issues")
                    .get("{\"project\":\"" + sim.projectName() + "\",\"code\":" + code + "}");
            return row == null ? "" : row.path("name").asText();
        } catch (Exception notYet) {
            return "";
        }
    }
}
