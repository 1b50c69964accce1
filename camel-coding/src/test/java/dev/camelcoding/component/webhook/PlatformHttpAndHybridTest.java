package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook consumer on platform-http (the server Camel JBang provides), in hybrid mode: the backstop poll takes
 * the snapshot and catches a change whose delivery never arrived; what the webhook delivered is not emitted twice.
 */
class PlatformHttpAndHybridTest extends CamelTestSupport {

    private static final String SECRET = "hybrid-secret-" + UUID.randomUUID();
    private static CodingSimulator sim;
    private static int port;

    @TempDir
    static Path data;

    @BeforeAll
    static void startSimulator() {
        sim = CodingSimulator.builder().issues(80).start();
        port = AvailablePortFinder.getNextAvailable();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindHost("127.0.0.1");
        server.setBindPort(port);
        camel.addService(new VertxPlatformHttpServer(server));
        camel.getRegistry().bind("hybridState", new MemoryStateRepository());
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?mode=hybrid&webhookServer=platform-http&webhookPath=/hooks/hybrid"
                                + "&webhookSecret=" + SECRET + "&teamName=" + sim.team() + "&projectName="
                                + sim.projectName()
                                + "&apiUrl=" + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000"
                                + "&backstopInterval=200ms&initialDelay=0&cursorRepository=#hybridState&reconcileInterval=0"
                                + "&dataDirectory=" + data)
                        .to("mock:issues");
            }
        };
    }

    private long count(MockEndpoint mock, String op, long code) {
        return mock.getExchanges().stream()
                .filter(e -> op.equals(e.getMessage().getHeader(CodingConstants.OP)))
                .filter(e -> e.getMessage()
                        .getHeader(CodingConstants.KEY, String.class)
                        .contains("\"code\":" + code + "}"))
                .count();
    }

    @Test
    void webhookAndBackstopTogetherEmitEachChangeOnce() {
        MockEndpoint issues = getMockEndpoint("mock:issues");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> issues.getExchanges().size() >= sim.data().issueCount());
        assertThat(issues.getExchanges())
                .allMatch(e -> "r".equals(e.getMessage().getHeader(CodingConstants.OP)));

        // delivered by the webhook (platform-http)
        sim.registerHook("http://127.0.0.1:" + port + "/hooks/hybrid", SECRET, List.of());
        int viaHook = sim.data().issueCodes()[10];
        sim.updateIssue(viaHook, e -> e.name("via the webhook"));
        HookDelivery delivery = sim.deliveries().get(sim.deliveries().size() - 1);
        assertThat(delivery.responseStatus()).isEqualTo(200);

        // a change whose delivery is lost: only the backstop poll can see it
        sim.unregisterHooks();
        int missed = sim.data().issueCodes()[20];
        sim.updateIssue(missed, e -> e.name("delivery lost"));

        await().atMost(Duration.ofSeconds(15)).until(() -> count(issues, "u", missed) == 1);
        // Three more backstop polls must have run to their end before counting: the webhook's change must not come
        // again from polling. The simulator counts a call when it arrives, and the consumer polls on one thread, so
        // the 4th call after this point proves that the 3 before it were answered and their changes handed over (one
        // call per poll here: the 80 issues fit one page).
        long polls = sim.counters().count("DescribeIssueListWithPage");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> sim.counters().count("DescribeIssueListWithPage") >= polls + 4);
        assertThat(count(issues, "u", viaHook)).isEqualTo(1);
        assertThat(count(issues, "u", missed)).isEqualTo(1);
        // Which path emits a change seen by both depends on timing (the backstop may poll between CODING's update and
        // its delivery); that it is emitted exactly once does not.
    }
}
