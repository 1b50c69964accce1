package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.client.CallPriority;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.simulator.CodingSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

/**
 * Two projects of one team on one credential at a low rate, both backfilling from the start: a large one (20,000
 * issues, 200 pages of 100) and a small one (200 issues, 2 pages). The projects take turns at the limiter, so the
 * small project's backfill ends after about twice its own calls, not after the large one's 200 pages.
 */
class TwoProjectsBackfillTest {

    @Test
    void aSmallProjectsBackfillIsNotQueuedBehindALargeOnes() throws Exception {
        AtomicInteger large = new AtomicInteger();
        AtomicInteger small = new AtomicInteger();
        try (CodingSimulator sim = CodingSimulator.builder()
                        .issues(20_000)
                        .addProject("small", 200)
                        .start();
                DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("state", new MemoryStateRepository());
            String common = "&teamName=" + sim.team() + "&apiUrl=" + sim.baseUrl() + "&token=" + sim.personalToken()
                    + "&rateLimit=10&pageSize=100&initialDelay=0&delay=60000&reconcileInterval=0"
                    + "&cursorRepository=#state";
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("coding:issues?projectName=" + sim.projectName() + common)
                            .process(exchange -> large.incrementAndGet());
                    from("coding:issues?projectName=small" + common).process(exchange -> small.incrementAndGet());
                }
            });
            context.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> small.get() == 200);
            long listings = sim.counters().count("DescribeIssueListWithPage");
            int largeRows = large.get();
            var limiter = context.getComponent("coding", CodingComponent.class)
                    .rateLimiters()
                    .limiter(
                            CodingCredentials.personalToken(sim.personalToken()),
                            URI.create(sim.baseUrl()).getHost())
                    .orElseThrow();
            context.stop();
            // the figures, for the record (docs and reports quote them)
            org.slf4j.LoggerFactory.getLogger(TwoProjectsBackfillTest.class)
                    .info(
                            "small backfill (200 issues) in after {} listing calls of both projects; large had {} rows",
                            listings,
                            largeRows);

            // the small project's own calls: CODING's newest UpdatedAt, 2 pages, the first incremental poll
            int smallCalls = 4;
            assertThat(listings)
                    .as(
                            "listing calls of both projects when the small one's backfill was in (large had %d rows)",
                            largeRows)
                    .isLessThanOrEqualTo(2L * smallCalls + 2);
            assertThat(largeRows)
                    .as("the large project's pages interleaved with the small one's")
                    .isBetween(100, 500);
            // the small project's 3 (newest UpdatedAt, 2 pages) and at least the large one's newest and first page (it
            // had 100 rows or more): 5, whatever order the shared poll threads started them in
            assertThat(limiter.granted(CallPriority.BACKFILL)).isGreaterThanOrEqualTo(5);
        }
    }
}
