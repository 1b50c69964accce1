package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hybrid mode: an issue deleted in CODING (ISSUE_DELETED to the issues endpoint) has its comments deleted by the
 * comments endpoint's backstop ({@code op=d} for each), where they used to stay in the sink for ever.
 */
class HybridCommentsTest extends CamelTestSupport {

    private static final String SECRET = "hybrid-comments-secret";
    private final int port = AvailablePortFinder.getNextAvailable();
    private final CodingSimulator sim =
            CodingSimulator.builder().issues(30).maxCommentsPerIssue(3).start();
    /** comment key (issue/comment) to the last op the sink saw. */
    private final Map<String, String> sink = new ConcurrentHashMap<>();

    @TempDir
    Path data;

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String common = "mode=hybrid&teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                        + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000&webhookSecret=" + SECRET
                        + "&webhookHost=127.0.0.1&webhookPort=" + port + "&webhookPath=/hybrid-comments"
                        + "&backstopInterval=300ms&initialDelay=0&reconcileInterval=0&dataDirectory="
                        + data.toString().replace('\\', '/');
                from("coding:issues?" + common).to("mock:issues");
                from("coding:comments?" + common).process(HybridCommentsTest.this::record);
            }
        };
    }

    private void record(Exchange exchange) {
        String key = exchange.getMessage().getHeader(CodingConstants.KEY, String.class);
        String op = exchange.getMessage().getHeader(CodingConstants.OP, String.class);
        sink.put(key.replaceAll(".*\"issue_code\":(\\d+).*\"comment_id\":(\\d+).*", "$1/$2"), op);
    }

    @Test
    void aDeletedIssueDeletesItsCommentsInTheSink() throws Exception {
        Set<String> all = new HashSet<>();
        for (int code : sim.data().issueCodes()) {
            sim.data().comments(code).forEach(c -> all.add(code + "/" + c.commentId()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.keySet().containsAll(all));
        sim.registerHook("http://127.0.0.1:" + port + "/hybrid-comments", SECRET, List.of());
        int victim = -1;
        for (int code : sim.data().issueCodes()) {
            if (sim.data().comments(code).size() >= 2
                    && sim.data().issue(code).orElseThrow().parentCode() == 0) {
                victim = code;
                break;
            }
        }
        Set<String> gone = new HashSet<>();
        Map<Integer, Set<String>> byIssue = new ConcurrentHashMap<>();
        for (int code : sim.data().issueCodes()) {
            sim.data()
                    .comments(code)
                    .forEach(c ->
                            byIssue.computeIfAbsent(code, k -> new HashSet<>()).add(code + "/" + c.commentId()));
        }
        sim.deleteIssue(victim);
        byIssue.forEach((code, keys) -> {
            if (sim.data().issue(code).isEmpty()) {
                gone.addAll(keys);
            }
        });
        assertThat(gone).hasSizeGreaterThanOrEqualTo(2);
        assertThat(sim.deliveries()).anyMatch(d -> "ISSUE_DELETED".equals(d.event()) && d.responseStatus() == 200);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(gone).allMatch(key -> "d".equals(sink.get(key))));
        assertThat(sink.entrySet())
                .filteredOn(e -> "d".equals(e.getValue()))
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrderElementsOf(gone);
    }
}
