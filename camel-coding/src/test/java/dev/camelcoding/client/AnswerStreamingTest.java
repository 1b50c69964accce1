package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CODING's answers are parsed as they arrive, never held whole: a page of 500 issues is about 700 KB of JSON, and a
 * single array that large is a humongous allocation for G1 in a small heap (regions of 1 MB under -Xmx192m, anything
 * of half a region or more), each of which starts a concurrent marking cycle. The allocations are read from the JVM's
 * own flight recorder (every allocation outside a TLAB, where an array of half a megabyte goes unless a TLAB that
 * large is opened for it, which is recorded too).
 */
class AnswerStreamingTest {

    /** Half of G1's region in a heap under 256 MB: the size from which an allocation is humongous. */
    private static final long HALF_A_REGION = 512 * 1024;

    private static CodingSimulator sim;

    @BeforeAll
    static void start() {
        sim = CodingSimulator.builder().issues(1_200).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static CodingApiClient client() {
        return new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(sim.baseUrl())
                .credentials(CodingCredentials.personalToken(sim.personalToken()))
                .requestsPerSecond(10_000)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(10))
                .maxTotalWait(Duration.ofSeconds(20))
                .build());
    }

    private static IssueQuery fullPages() {
        return IssueQuery.byUpdateTime(sim.projectName(), 500);
    }

    @Test
    void aPageOf500IssuesIsReadWithoutAnyAllocationOfHalfARegion() throws Exception {
        CodingApiClient client = client();
        client.issuePage(fullPages(), 1); // classes loaded, connection open: only the page's own work is recorded

        Path dump = Files.createTempFile("answer-streaming", ".jfr");
        Page page;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
            // a large TLAB may take the array too: then it is the allocation that opened the TLAB
            recording.enable("jdk.ObjectAllocationInNewTLAB").withStackTrace();
            recording.start();
            page = client.issuePage(fullPages(), 2);
            recording.stop();
            recording.dump(dump);
        }

        assertThat(page.rows()).hasSize(500);
        // the answer really is above the threshold, so the check below means something
        long answerBytes =
                page.rows().stream().mapToLong(row -> row.toString().length()).sum();
        assertThat(answerBytes).isGreaterThan(HALF_A_REGION);
        List<String> large = RecordingFile.readAllEvents(dump).stream()
                .filter(event -> event.getLong("allocationSize") >= HALF_A_REGION)
                .filter(AnswerStreamingTest::onTheClientsSide)
                .map(event -> event.getLong("allocationSize") + " bytes at "
                        + event.getStackTrace()
                                .getFrames()
                                .get(0)
                                .getMethod()
                                .getType()
                                .getName() + "."
                        + event.getStackTrace().getFrames().get(0).getMethod().getName())
                .toList();
        Files.deleteIfExists(dump);
        assertThat(large)
                .as("allocations of half a G1 region or more while reading the page")
                .isEmpty();
    }

    @Test
    void theConnectionIsReusedAfterEachStreamedAnswer() throws Exception {
        // the body is read to its end (here 200 KB of trailing whitespace, many network buffers after the JSON value)
        // before the stream is closed: a stream closed early makes the HTTP client drop the connection instead of
        // returning it to its pool
        String answer =
                "{\"Response\":{\"RequestId\":\"r\",\"User\":{\"Id\":7,\"Name\":\"u\"}}}" + " ".repeat(200_000) + "\n";
        try (StubCodingServer server = new StubCodingServer()) {
            server.always(StubCodingServer.Answer.json(answer));
            CodingApiClient client = new CodingApiClient(CodingClientOptions.builder()
                    .apiUrl(server.url())
                    .credentials(CodingCredentials.personalToken("streaming-test-token-0123456789"))
                    .requestsPerSecond(1000)
                    .build());
            for (int i = 0; i < 3; i++) {
                assertThat(client.currentUser().get("Id").asLong()).isEqualTo(7);
            }
            assertThat(server.received())
                    .extracting(StubCodingServer.Received::clientPort)
                    .hasSize(3)
                    .containsOnly(server.received().get(0).clientPort());
        }
    }

    @Test
    void streamedPagesKeepEveryRow() {
        CodingApiClient client = client();
        sim.counters().reset();
        Page first = client.issuePage(fullPages(), 1);
        Page second = client.issuePage(fullPages(), 2);
        Page third = client.issuePage(fullPages(), 3);

        assertThat(first.rows()).hasSize(500);
        assertThat(second.rows()).hasSize(500);
        assertThat(third.rows()).hasSize(200);
        assertThat(third.last()).isTrue();
        assertThat(first.totalCount()).isEqualTo(1_200);
        ObjectNode row = second.rows().get(0);
        assertThat(row.path("Code").asLong()).isPositive();
        assertThat(row.path("Name").asText()).isNotEmpty();
        assertThat(sim.counters().count("DescribeIssueListWithPage")).isEqualTo(3);
    }

    /** An allocation made by the client (HTTP client, parser, our code), not by the simulator serving the page. */
    private static boolean onTheClientsSide(RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return false;
        }
        boolean client = false;
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("dev.camelcoding.simulator") || type.startsWith("sun.net.httpserver")) {
                return false;
            }
            client |= type.startsWith("jdk.internal.net.http")
                    || type.startsWith("com.fasterxml.jackson")
                    || type.startsWith("dev.camelcoding.client");
        }
        return client;
    }
}
