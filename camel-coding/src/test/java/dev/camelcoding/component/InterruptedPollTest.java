package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A poll whose thread is interrupted (its executor stopping before the route's stop reaches the consumer, as in a
 * shutdown) says nothing about CODING: it is not reported as CODING unreachable. (The same line after a refused
 * run's one-line error in CodingSyncProcessTest came another way, a shared reference answer handed the interrupt of
 * another reader's call: ReferenceAnswersTest.)
 */
class InterruptedPollTest {

    private CodingSimulator sim;
    private DefaultCamelContext camel;
    private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(200).start();
    }

    @AfterEach
    void stop() {
        polls.shutdownNow();
        if (camel != null) {
            camel.stop();
        }
        sim.close();
    }

    @Test
    void anInterruptedPollIsNotReportedAsCodingUnreachable() throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("polls", polls);
        camel.getRegistry().bind("state", new MemoryStateRepository());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // ten pages at one call every two seconds: the poll waits for a permit most of the time
                from("coding:issues?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                                + sim.baseUrl() + "&token=" + sim.personalToken()
                                + "&rateLimit=0.5&pageSize=20&initialDelay=0&delay=3600000&reconcileInterval=0"
                                + "&cursorRepository=#state&scheduledExecutorService=#polls")
                        .routeId("issues")
                        .to("mock:rows");
            }
        });
        camel.start();
        CodingEndpoint endpoint = camel.getEndpoints().stream()
                .filter(CodingEndpoint.class::isInstance)
                .map(CodingEndpoint.class::cast)
                .findFirst()
                .orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.counters().count("DescribeIssueListWithPage") >= 2);

        polls.shutdownNow(); // interrupts the poll under way; the route still runs
        assertThat(polls.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(endpoint.health().problem())
                .as("the endpoint's problem after a poll its thread's interrupt ended")
                .isNull();
    }
}
