package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

/**
 * Polling by expected activity, through a route: an idle issues table is polled less often (one listing call per
 * poll, counted by the simulator), and at its base delay again once a poll finds a change. The delay's rule itself
 * (in proportion to the quiet since the last change, issue 19) is IdlePollScheduleTest's, on a clock of its own.
 */
class IdlePollingRouteTest {

    @Test
    void anIdleTableBacksOffToTheCapAndReturnsToItsDelayOnAChange() throws Exception {
        Queue<String> events = new ConcurrentLinkedQueue<>();
        try (CodingSimulator sim = CodingSimulator.builder().issues(20).start();
                DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("state", new MemoryStateRepository());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("coding:issues?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                                    + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000"
                                    + "&initialDelay=0&delay=50&idleBackoffAfter=2s&maxIdleDelay=400ms"
                                    + "&reconcileInterval=0&cursorRepository=#state")
                            .routeId("issues")
                            .process(
                                    exchange -> events.add(exchange.getMessage().getBody(String.class)));
                }
            });
            context.start();
            CodingPollingConsumer consumer =
                    (CodingPollingConsumer) context.getRoute("issues").getConsumer();
            await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 20);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.currentDelay().equals(Duration.ofMillis(400)));
            long calls = sim.counters().count("DescribeIssueListWithPage");
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> sim.counters().count("DescribeIssueListWithPage") >= calls + 3);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("three idle polls 400 ms apart, not 50 ms (the scheduler's ticks in between are skipped)")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(800));

            events.clear();
            sim.updateIssue(7, e -> e.name("active again"));
            await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 1);
            assertThat(events.peek()).contains("active again");
            assertThat(consumer.currentDelay())
                    .as("the poll that found the change brings the base delay back")
                    .isEqualTo(Duration.ofMillis(50));
        }
    }

    /**
     * Iterations in overwrite mode (the default) emit their whole list on every poll: an unchanged list must count as
     * idle, or every project's iterations are polled every minute for ever (60 calls an hour instead of 4).
     */
    @Test
    void anUnchangedOverwritePassCountsAsIdleAndAChangedOneAsAChange() throws Exception {
        Queue<String> events = new ConcurrentLinkedQueue<>();
        try (CodingSimulator sim =
                        CodingSimulator.builder().issues(5).iterations(3).start();
                DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("state", new MemoryStateRepository());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("coding:iterations?teamName=" + sim.team() + "&projectName=" + sim.projectName()
                                    + "&apiUrl=" + sim.baseUrl() + "&token=" + sim.personalToken()
                                    + "&rateLimit=1000&iterationStrategy=overwrite"
                                    // the delay grows by 50 ms per 200 ms of quiet: at the cap 1.6 s after the
                                    // start (the start counts as a change: no issues route tells the project's last
                                    // change), where idleBackoffAfter=1s would take 8 s under the proportional rule
                                    + "&initialDelay=0&delay=50&idleBackoffAfter=200ms&maxIdleDelay=400ms"
                                    + "&cursorRepository=#state")
                            .routeId("iterations")
                            .process(
                                    exchange -> events.add(exchange.getMessage().getBody(String.class)));
                }
            });
            context.start();
            CodingPollingConsumer consumer =
                    (CodingPollingConsumer) context.getRoute("iterations").getConsumer();
            await().atMost(Duration.ofSeconds(30)).until(() -> events.size() >= 6);

            await().atMost(Duration.ofSeconds(30))
                    .alias("unchanged passes are idle polls: the delay grows to the cap")
                    .until(() -> consumer.currentDelay().equals(Duration.ofMillis(400)));
            int before = events.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> events.size() >= before + 3);
            assertThat(events)
                    .as("every poll still emits the whole list (overwrite)")
                    .hasSizeGreaterThan(before);

            int code = sim.data().iterations().get(0).code();
            sim.updateIteration(code, e -> e.name("renamed sprint"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> events.stream().anyMatch(b -> b.contains("renamed sprint")));
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(5))
                    .alias("the pass that carried the change brings the base delay back")
                    .until(() -> consumer.currentDelay().equals(Duration.ofMillis(50)));
        }
    }

    /**
     * Issue 19: a start is no change when CODING says the project last changed long ago. The simulator's issues were
     * last updated on 2026-01-01 (its fixed data anchor), far more than idleBackoffAfter (1 h) ago by CODING's clock
     * (the Date header of its answers): the issues and the members (which take the project's issues' figure) back off
     * to the cap right after their first read, where before they were polled at the base delay for the hour.
     */
    @Test
    void aProjectThatLastChangedLongAgoStartsBackedOffInEveryTable() throws Exception {
        Queue<String> events = new ConcurrentLinkedQueue<>();
        try (CodingSimulator sim =
                        CodingSimulator.builder().issues(20).members(4).start();
                DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("state", new MemoryStateRepository());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    String common = "?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                            + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000"
                            + "&initialDelay=0&delay=50&idleBackoffAfter=1h&maxIdleDelay=400ms"
                            + "&reconcileInterval=0&cursorRepository=#state";
                    from("coding:issues" + common).routeId("issues").process(e -> events.add("issue"));
                    from("coding:projectMembers" + common).routeId("members").process(e -> events.add("member"));
                }
            });
            context.start();
            CodingPollingConsumer issues =
                    (CodingPollingConsumer) context.getRoute("issues").getConsumer();
            CodingPollingConsumer members =
                    (CodingPollingConsumer) context.getRoute("members").getConsumer();
            await().atMost(Duration.ofSeconds(30))
                    .alias("the issues start backed off")
                    .until(() -> issues.currentDelay().equals(Duration.ofMillis(400)));
            await().atMost(Duration.ofSeconds(30))
                    .alias("the members take the project's last change and start backed off too")
                    .until(() -> members.currentDelay().equals(Duration.ofMillis(400)));
            assertThat(events.stream().filter("issue"::equals)).hasSize(20);

            // a change found later resets the delay as before
            sim.updateIssue(7, e -> e.name("active again"));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> issues.currentDelay().equals(Duration.ofMillis(50)));
        }
    }

    /** A project whose last change is recent by CODING's clock starts at its base delay, as before issue 19. */
    @Test
    void aProjectThatChangedRecentlyStartsAtItsBaseDelay() throws Exception {
        Queue<String> events = new ConcurrentLinkedQueue<>();
        try (CodingSimulator sim = CodingSimulator.builder().issues(20).start();
                DefaultCamelContext context = new DefaultCamelContext()) {
            sim.updateIssue(3, e -> e.name("edited just now")); // the project's last change: now, by CODING's clock
            context.getRegistry().bind("state", new MemoryStateRepository());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("coding:issues?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                                    + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000"
                                    + "&initialDelay=0&delay=50&idleBackoffAfter=1h&maxIdleDelay=400ms"
                                    + "&reconcileInterval=0&cursorRepository=#state")
                            .routeId("issues")
                            .process(e -> events.add("issue"));
                }
            });
            context.start();
            CodingPollingConsumer consumer =
                    (CodingPollingConsumer) context.getRoute("issues").getConsumer();
            await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 20);
            long calls = sim.counters().count("DescribeIssueListWithPage");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sim.counters().count("DescribeIssueListWithPage") >= calls + 5);
            assertThat(consumer.currentDelay()).isEqualTo(Duration.ofMillis(50));
        }
    }
}
