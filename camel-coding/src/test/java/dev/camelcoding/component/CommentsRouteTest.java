package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code from("coding:comments?mode=polling")} through Camel: alone (it lists the issues itself), next to
 * {@code coding:issues} (which feeds it: no paging of its own), and with the change log (each source's reader).
 * Expected: every comment the simulator has, once.
 */
class CommentsRouteTest {

    @TempDir
    Path data;

    private final CodingSimulator sim =
            CodingSimulator.builder().issues(700).maxCommentsPerIssue(2).start();
    private final List<CamelContext> contexts = new ArrayList<>();
    private final Set<String> comments = Collections.synchronizedSet(new HashSet<>());
    private final JdbcConnectionPool logDb = JdbcConnectionPool.create(
            "jdbc:h2:mem:comments-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "");

    @AfterEach
    void stop() throws Exception {
        for (CamelContext context : contexts) {
            context.stop();
        }
        sim.close();
        logDb.dispose();
    }

    private String uri(String table, String extra) {
        return "coding:" + table + "?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=2000&initialDelay=0&reconcileInterval=0"
                + "&dataDirectory=" + data + "&logReadInterval=50ms" + extra;
    }

    private Set<String> expected() {
        Set<String> keys = new HashSet<>();
        for (int code : sim.data().issueCodes()) {
            sim.data().comments(code).forEach(c -> keys.add(code + "/" + c.commentId()));
        }
        return keys;
    }

    private void record(Exchange exchange) {
        String key = exchange.getMessage().getHeader(CodingConstants.KEY, String.class);
        if (key != null && key.contains("comment_id")) {
            comments.add(key.replaceAll(".*\"issue_code\":(\\d+).*\"comment_id\":(\\d+).*", "$1/$2"));
        }
    }

    private void start(String... routes) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("logDb", logDb);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (String route : routes) {
                    from(route).process(CommentsRouteTest.this::record);
                }
            }
        });
        contexts.add(context);
        context.start();
    }

    @Test
    void commentsAloneListTheIssuesThemselves() throws Exception {
        start(uri("comments", "&delay=200"));
        Set<String> expected = expected();
        await().atMost(Duration.ofSeconds(60)).until(() -> comments.containsAll(expected));
        assertThat(comments).isEqualTo(expected);
    }

    @Test
    void nextToTheIssuesRouteCommentsPageNothing() throws Exception {
        // what the issues route costs alone: its snapshot in one poll (the next poll is an hour away)
        DefaultCamelContext alone = new DefaultCamelContext();
        java.util.Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        var memory = new org.apache.camel.support.processor.state.MemoryStateRepository() {
            @Override
            public void setState(String key, String value) {
                super.setState(key, value);
                written.add(key);
            }
        };
        alone.getRegistry().bind("memory", memory);
        alone.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("issues", "&delay=3600000&cursorRepository=#memory")).to("mock:alone");
            }
        });
        alone.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> alone.getEndpoint("mock:alone", org.apache.camel.component.mock.MockEndpoint.class)
                                .getReceivedCounter()
                        == sim.data().issueCount());
        // the route has every issue before its poll ends (the incremental read after the snapshot): wait for the
        // poll's status, written when the poll ended, or the baseline misses that call
        await().atMost(Duration.ofSeconds(30)).until(() -> written.stream().anyMatch(key -> key.endsWith(":status")));
        alone.stop();
        long issuesAlone = sim.counters().count("DescribeIssueListWithPage");
        sim.counters().reset();

        start(uri("issues", "&delay=3600000"), uri("comments", "&delay=200"));
        Set<String> expected = expected();
        await().atMost(Duration.ofSeconds(60)).until(() -> comments.containsAll(expected));
        assertThat(comments).isEqualTo(expected);
        assertThat(sim.counters().count("DescribeIssueListWithPage"))
                .as("the comments add one call: CODING's total")
                .isEqualTo(issuesAlone + 1);
    }

    @Test
    void withTheChangeLogEachSourcesReaderFeedsTheLog() throws Exception {
        start(uri("issues", "&delay=200&logCache=#logDb"), uri("comments", "&delay=200&logCache=#logDb"));
        Set<String> expected = expected();
        await().atMost(Duration.ofSeconds(60)).until(() -> comments.containsAll(expected));
        assertThat(comments).isEqualTo(expected);
    }
}
