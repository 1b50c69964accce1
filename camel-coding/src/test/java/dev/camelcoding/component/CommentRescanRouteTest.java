package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.CommentSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small project in polling mode (no webhooks): edits and deletes of comments have no CODING event, so only a rescan
 * finds them. With a rate far above what the project needs, the rescans spend their allowance and the sink has an
 * edit or a delete within a poll or two, where the capped schedule left it for 15 minutes or more.
 */
class CommentRescanRouteTest extends CamelTestSupport {

    /** 200 calls/s, half for rescans, polls 1 s apart: every issue can be re-read every poll (40 issues). */
    private static final String OPTIONS = "&rateLimit=200&delay=1000&initialDelay=0&reconcileInterval=0";

    private final CodingSimulator sim =
            CodingSimulator.builder().issues(40).maxCommentsPerIssue(3).start();
    /** comment key (issue/comment) to the last op and content the sink saw. */
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
                from("coding:comments?mode=polling&teamName=" + sim.team() + "&projectName=" + sim.projectName()
                                + "&apiUrl=" + sim.baseUrl() + "&token=" + sim.personalToken() + OPTIONS
                                + "&dataDirectory=" + data.toString().replace('\\', '/'))
                        .process(CommentRescanRouteTest.this::record);
            }
        };
    }

    private void record(Exchange exchange) {
        String key = exchange.getMessage().getHeader(CodingConstants.KEY, String.class);
        String op = exchange.getMessage().getHeader(CodingConstants.OP, String.class);
        String body = exchange.getMessage().getBody(String.class);
        sink.put(key.replaceAll(".*\"issue_code\":(\\d+).*\"comment_id\":(\\d+).*", "$1/$2"), op + " " + body);
    }

    @Test
    void anEditAndADeleteOfCommentsReachTheSinkWithinSecondsOnASmallProject() {
        Set<String> all = new HashSet<>();
        for (int code : sim.data().issueCodes()) {
            sim.data().comments(code).forEach(c -> all.add(code + "/" + c.commentId()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.keySet().containsAll(all));

        // two issues with comments, as CODING has them (the simulator's data, not the sink's)
        List<Integer> withComments = java.util.Arrays.stream(sim.data().issueCodes())
                .filter(code -> sim.data().comments(code).size() >= 2)
                .boxed()
                .limit(2)
                .toList();
        assertThat(withComments).hasSize(2);
        int edited = withComments.get(0);
        int deleted = withComments.get(1);
        CommentSnapshot toEdit = sim.data().comments(edited).get(0);
        CommentSnapshot toDelete = sim.data().comments(deleted).get(0);
        sim.editComment(edited, toEdit.commentId(), "edited where no event says so");
        sim.deleteComment(deleted, toDelete.commentId());

        // polls 1 s apart: a rescan within a few polls, not the 15 minutes (or days) of the capped schedule
        String editedKey = edited + "/" + toEdit.commentId();
        String deletedKey = deleted + "/" + toDelete.commentId();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(sink.get(editedKey)).startsWith("u ").contains("edited where no event says so");
            assertThat(sink.get(deletedKey)).startsWith("d ");
        });
    }
}
