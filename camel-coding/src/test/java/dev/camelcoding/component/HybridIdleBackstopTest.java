package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hybrid mode: an idle table's backstop poll backs off to maxIdleDelay, and a webhook delivery that carries a change
 * brings it back to backstopInterval (the project is active again), though the backstop itself found nothing new.
 */
class HybridIdleBackstopTest {

    private static final String SECRET = "hybrid-idle-backstop-secret";

    @TempDir
    Path data;

    @Test
    void aDeliveryWithAChangeBringsTheBackstopBackToItsInterval() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Queue<String> events = new ConcurrentLinkedQueue<>();
        try (CodingSimulator sim = CodingSimulator.builder().issues(10).start();
                DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("coding:issues?mode=hybrid&teamName=" + sim.team() + "&projectName=" + sim.projectName()
                                    + "&apiUrl=" + sim.baseUrl() + "&token=" + sim.personalToken()
                                    + "&rateLimit=1000&webhookSecret=" + SECRET + "&webhookHost=127.0.0.1&webhookPort="
                                    + port + "&webhookPath=/idle-backstop&backstopInterval=100ms&initialDelay=0"
                                    + "&idleBackoffAfter=0s&maxIdleDelay=1600ms&reconcileInterval=0&dataDirectory="
                                    + data.toString().replace('\\', '/'))
                            .routeId("issues")
                            .process(
                                    exchange -> events.add(exchange.getMessage().getBody(String.class)));
                }
            });
            context.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 10);
            CodingPollingConsumer backstop =
                    ((CodingWebhookConsumer) context.getRoute("issues").getConsumer()).backstop();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> backstop.currentDelay().equals(Duration.ofMillis(1600)));

            events.clear();
            sim.registerHook("http://127.0.0.1:" + port + "/idle-backstop", SECRET, List.of());
            sim.updateIssue(3, e -> e.name("changed, delivered by webhook"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !events.isEmpty());
            assertThat(events.peek()).contains("changed, delivered by webhook");
            // the delay is 100 ms again, then doubles with each idle backstop poll: 200, 400, 800, 1600 ms
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> backstop.currentDelay().compareTo(Duration.ofMillis(1600)) < 0);
        }
    }
}
