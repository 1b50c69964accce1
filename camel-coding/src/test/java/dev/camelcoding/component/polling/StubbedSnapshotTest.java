package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.client.ApiFailure;
import dev.camelcoding.client.CodingTransientException;
import dev.camelcoding.component.CodingConstants;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The issues snapshot driven by a stub CODING ({@link StubIssueList}, found in the registry as the endpoint's
 * {@link dev.camelcoding.client.CodingOpenApi}): 70 issues in 7 pages of 10, sorted by Code. The expectations are
 * the contract's (every issue CODING still has is delivered, none twice, progress kept per page), not the poller's.
 */
class StubbedSnapshotTest {

    private static final int ISSUES = 70;
    private static final int PAGE = 10;
    private CamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    private MockEndpoint start(StubIssueList coding) throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("stubCoding", coding);
        camel.getRegistry().bind("state", new MemoryStateRepository());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // maxAttempts=1: a failed page fails the poll at once (no retry with backoff inside the client)
                from("coding:issues?teamName=acme&projectName=web&token=stub&apiUrl=http://127.0.0.1:9/open-api"
                                + "&pageSize=" + PAGE + "&batchSize=1&maxAttempts=1&initialDelay=0&delay=50"
                                + "&cursorRepository=#state&reconcileInterval=0&rateLimit=1000")
                        .routeId("issues")
                        .to("mock:issues");
            }
        });
        camel.start();
        return camel.getEndpoint("mock:issues", MockEndpoint.class);
    }

    /** How many times each issue code was delivered as a snapshot read (op r). */
    private static Map<Long, Long> snapshotReads(MockEndpoint issues) {
        return issues.getExchanges().stream()
                .filter(e -> "r".equals(e.getMessage().getHeader(CodingConstants.OP)))
                .map(StubbedSnapshotTest::code)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long code(Exchange e) {
        String key = e.getMessage().getHeader(CodingConstants.KEY, String.class);
        return Long.parseLong(key.replaceAll(".*\"code\":(\\d+).*", "$1"));
    }

    private static boolean snapshotDone(StubIssueList coding) {
        // the snapshot's last page (7 with 70 issues, 7 too after a shrink to 68) was answered and an
        // incremental poll (sorted by UPDATED_AT) has begun after it
        List<String> requests = coding.requests();
        int lastCodePage = requests.lastIndexOf("CODE page 7");
        return lastCodePage >= 0
                && requests.subList(lastCodePage, requests.size()).stream()
                        .skip(1)
                        .anyMatch(r -> r.startsWith("UPDATED_AT"));
    }

    @Test
    void anErrorOnPage3Of7ResumesAtPage3AndDeliversEveryIssueOnce() throws Exception {
        StubIssueList coding = new StubIssueList(ISSUES, 1_700_000_000_000L);
        AtomicBoolean failed = new AtomicBoolean();
        coding.beforePage((sortKey, page) -> {
            if ("CODE".equals(sortKey) && page == 3 && failed.compareAndSet(false, true)) {
                throw new CodingTransientException(
                        new ApiFailure("DescribeIssueListWithPage", null, null, null, 503, "service unavailable"),
                        "the stub fails page 3 once",
                        null);
            }
        });
        MockEndpoint issues = start(coding);

        await().atMost(Duration.ofSeconds(20)).until(() -> snapshotDone(coding));
        assertThat(failed).isTrue();
        Map<Long, Long> reads = snapshotReads(issues);
        assertThat(reads.keySet()).containsExactlyInAnyOrderElementsOf(coding.codes());
        assertThat(reads.values()).as("no issue delivered twice").allMatch(n -> n == 1);
        // progress is kept per page: after the failure the pass asks for page 3 again, never for pages 1 and 2
        List<String> codePages =
                coding.requests().stream().filter(r -> r.startsWith("CODE")).toList();
        assertThat(codePages)
                .containsExactly(
                        "CODE page 1",
                        "CODE page 2",
                        "CODE page 3",
                        "CODE page 3",
                        "CODE page 4",
                        "CODE page 5",
                        "CODE page 6",
                        "CODE page 7");
    }

    @Test
    void aListThatShrinksMidPassLosesNoIssue() throws Exception {
        StubIssueList coding = new StubIssueList(ISSUES, 1_700_000_000_000L);
        AtomicBoolean shrunk = new AtomicBoolean();
        coding.beforePage((sortKey, page) -> {
            // two issues of page 1, already delivered, are deleted before page 3 is read: every later issue moves
            // two places forward, so a pass that simply went on to page 3 would never see issues 31 and 32
            if ("CODE".equals(sortKey) && page == 3 && shrunk.compareAndSet(false, true)) {
                coding.delete(2);
                coding.delete(5);
            }
        });
        MockEndpoint issues = start(coding);

        await().atMost(Duration.ofSeconds(20)).until(() -> snapshotDone(coding));
        assertThat(shrunk).isTrue();
        Map<Long, Long> reads = snapshotReads(issues);
        assertThat(reads.keySet()).as("every issue CODING still has").containsAll(coding.codes());
        assertThat(reads.values()).as("no issue delivered twice").allMatch(n -> n == 1);
    }
}
