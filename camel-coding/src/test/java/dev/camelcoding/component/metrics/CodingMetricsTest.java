package dev.camelcoding.component.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.simulator.CodingSimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The component's counters in the CamelContext's MeterRegistry, checked against the simulated CODING's own count of
 * the calls it answered and refused, and against the rows it holds.
 */
class CodingMetricsTest {

    private static final String LIST = "DescribeIssueListWithPage";

    private CodingSimulator sim;
    private CamelContext camel;
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(40).iterations(3).start();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        sim.close();
    }

    @Test
    void eventsPerTableAndOpAndApiCallsPerActionAndResult() throws Exception {
        sim.faults().throttleNext(2, 0, true); // CODING's rate limit refuses the first two calls (HTTP 429)
        start(false);
        int issues = sim.data().issueCount();
        // the backfill: seconds, but more than 30 on a machine as loaded as a 2-core CI run can be
        await().atMost(Duration.ofSeconds(90))
                .until(() ->
                        count(CodingMetrics.EVENTS, "table", "issues", "op", "r", "outcome", CodingMetrics.DELIVERED)
                                        == issues
                                && count(
                                                CodingMetrics.EVENTS,
                                                "table",
                                                "iterations",
                                                "op",
                                                "r",
                                                "outcome",
                                                CodingMetrics.DELIVERED)
                                        == sim.data().iterations().size());
        quiesce();

        // every call the simulator answered is counted once, by its Action; the refused ones as throttled. A call
        // under way as the polls were suspended is counted when its answer reaches the client (CI once saw the
        // simulator's third DescribeIterationList before the counter's)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String action : sim.counters().snapshot().keySet()) {
                double counted = registry.find(CodingMetrics.API_CALLS).tag("action", action).counters().stream()
                        .mapToDouble(Counter::count)
                        .sum();
                assertThat(counted).as(action).isEqualTo(sim.counters().count(action));
            }
        });
        double throttled = registry.find(CodingMetrics.API_THROTTLED).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        assertThat(throttled).isEqualTo(2);
        assertThat(registry.find(CodingMetrics.API_CALLS).tag("result", "throttled").counters().stream()
                        .mapToDouble(Counter::count)
                        .sum())
                .isEqualTo(2);
        assertThat(registry.find(CodingMetrics.EVENTS)
                        .tag("outcome", CodingMetrics.FAILED)
                        .counters())
                .isEmpty();
    }

    @Test
    void anEventTheRouteFailsOnIsCountedAsFailed() throws Exception {
        start(true);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(CodingMetrics.EVENTS, "table", "issues", "op", "r", "outcome", CodingMetrics.FAILED)
                        >= 1);
    }

    @Test
    void aRestartedContextCountsEachEventOnce() throws Exception {
        start(false);
        int issues = sim.data().issueCount();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        count(CodingMetrics.EVENTS, "table", "issues", "op", "r", "outcome", CodingMetrics.DELIVERED)
                                == issues);
        // the component stops and starts again (as with its context): its event counter must not be there twice
        camel.getRouteController().stopAllRoutes();
        CodingComponent component = camel.getComponent("coding", CodingComponent.class);
        component.stop();
        component.start();
        camel.getRouteController().startAllRoutes();
        sim.updateIssue(sim.data().issueCodes()[0], edit -> edit.name("Changed after the restart"));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        count(CodingMetrics.EVENTS, "table", "issues", "op", "u", "outcome", CodingMetrics.DELIVERED)
                                >= 1);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() ->
                        count(CodingMetrics.EVENTS, "table", "issues", "op", "u", "outcome", CodingMetrics.DELIVERED)
                                == 1);
    }

    @Test
    void everyCounterCarriesTheProjectAndTheTable() throws Exception {
        sim.addProject("beta", 7);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        camel.getRegistry().bind("state", new MemoryStateRepository());
        String common = "teamName=" + sim.team() + "&apiUrl=" + sim.baseUrl() + "&token=" + sim.personalToken()
                + "&rateLimit=1000&initialDelay=0&delay=100&cursorRepository=#state&reconcileInterval=0";
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?projectName=" + sim.projectName() + "&" + common)
                        .routeId("default-issues")
                        .to("log:ignored?level=OFF");
                from("coding:issues?projectName=beta&" + common)
                        .routeId("beta-issues")
                        .to("log:ignored?level=OFF");
            }
        });
        camel.start();
        int defaultIssues = sim.data().issueCount();
        int betaIssues = sim.project("beta").data().issueCount();
        // the backfill of both projects: seconds, but more than 30 on a machine as loaded as a 2-core CI run can be
        await().atMost(Duration.ofSeconds(90))
                .until(() -> count(
                                        CodingMetrics.EVENTS,
                                        "project",
                                        sim.projectName(),
                                        "table",
                                        "issues",
                                        "op",
                                        "r",
                                        "outcome",
                                        CodingMetrics.DELIVERED)
                                == defaultIssues
                        && count(
                                        CodingMetrics.EVENTS,
                                        "project",
                                        "beta",
                                        "table",
                                        "issues",
                                        "op",
                                        "r",
                                        "outcome",
                                        CodingMetrics.DELIVERED)
                                == betaIssues);
        // each project's list calls under its own tags, and together every list call CODING answered. The polls run
        // every 100 ms: a list call under way as they were suspended is counted when its answer reaches the client
        // (this compared at once after camel.stop(), with such a call perhaps still under way)
        quiesce();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            double defaultCalls =
                    sum(CodingMetrics.API_CALLS, "project", sim.projectName(), "table", "issues", "action", LIST);
            double betaCalls = sum(CodingMetrics.API_CALLS, "project", "beta", "table", "issues", "action", LIST);
            assertThat(defaultCalls).isPositive();
            assertThat(betaCalls).isPositive();
            assertThat(defaultCalls + betaCalls).isEqualTo(sim.counters().count(LIST));
        });
        assertThat(registry.find(CodingMetrics.API_THROTTLED)
                        .tags("project", "beta", "table", "issues", "action", LIST)
                        .counter())
                .isNotNull();
    }

    @Test
    void withoutAMeterRegistryNothingIsCountedAndTheComponentRuns() throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("state", new MemoryStateRepository());
        camel.addRoutes(routes(false));
        camel.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> camel.getRegistry().findSingleByType(MeterRegistry.class) == null
                        && sim.counters().count(LIST) > 0);
        assertThat(registry.getMeters()).isEmpty();
    }

    /**
     * Suspends every route, so that no poll starts, before the client's call counts are compared with the
     * simulator's. Not a stop: a stop interrupts a poll under way, and a call interrupted before the simulator read it
     * is counted by the client only (a loaded machine showed 4 list calls counted, 3 answered). A suspended consumer
     * lets the poll under way make its calls to the end, and both counts then stay where they are.
     */
    private void quiesce() throws Exception {
        for (org.apache.camel.Route route : camel.getRoutes()) {
            camel.getRouteController().suspendRoute(route.getRouteId());
        }
    }

    private void start(boolean failFirst) throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        camel.getRegistry().bind("state", new MemoryStateRepository());
        camel.addRoutes(routes(failFirst));
        camel.start();
    }

    private RouteBuilder routes(boolean failFirst) {
        String options = "teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl=" + sim.baseUrl()
                + "&token=" + sim.personalToken() + "&rateLimit=1000&initialDelay=0&delay=100"
                + "&cursorRepository=#state&reconcileInterval=0";
        AtomicBoolean failed = new AtomicBoolean();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?" + options).routeId("issues").process(e -> {
                    if (failFirst && failed.compareAndSet(false, true)) {
                        throw new IllegalStateException("the sink refuses this one");
                    }
                });
                from("coding:iterations?iterationStrategy=diff&" + options)
                        .routeId("iterations")
                        .to("log:ignored?level=OFF");
            }
        };
    }

    private double sum(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
