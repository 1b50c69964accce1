package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays of one ISSUE_COMMENT_CREATED delivery, each with a fresh delivery id and a body that differs outside the
 * comment (as an independent CODING sent them), used to emit one comment event and make one list call each. An
 * unchanged comment is not a change: the replays are answered without a refetch and without an event.
 */
class CommentReplayTest extends CamelTestSupport {

    private static final String SECRET = "comment-replay-secret";
    private final int port = AvailablePortFinder.getNextAvailable();
    private final CodingSimulator sim =
            CodingSimulator.builder().issues(5).maxCommentsPerIssue(1).start();

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
                from("coding:comments?mode=webhook&teamName=" + sim.team() + "&projectName=" + sim.projectName()
                                + "&apiUrl=" + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000"
                                + "&webhookSecret=" + SECRET + "&webhookHost=127.0.0.1&webhookPort=" + port
                                + "&webhookPath=/replays&dataDirectory="
                                + data.toString().replace('\\', '/'))
                        .to("mock:comments");
            }
        };
    }

    @Test
    void replayedCommentDeliveriesEmitNothingNewAndCallNothing() throws Exception {
        sim.registerHook("http://127.0.0.1:" + port + "/replays", SECRET, List.of());
        int issue = sim.data().issueCodes()[2];
        sim.addComment(issue, "said once");
        List<HookDelivery> deliveries = sim.deliveries();
        HookDelivery original = deliveries.get(deliveries.size() - 1);
        assertThat(original.event()).isEqualTo("ISSUE_COMMENT_CREATED");
        assertThat(original.responseStatus()).isEqualTo(200);
        long lists = sim.counters().count("DescribeIssueCommentList");

        ObjectMapper json = new ObjectMapper();
        for (int replay = 1; replay <= 20; replay++) {
            ObjectNode body = (ObjectNode) json.readTree(original.body());
            body.put("replayed", replay); // a body of its own: the body-hash dedup cannot recognise it
            List<HookDelivery> sent =
                    sim.sendRaw("ISSUE_COMMENT_CREATED", body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(sent).allMatch(d -> d.responseStatus() == 200);
            assertThat(sent).allMatch(d -> !d.deliveryId().equals(original.deliveryId()));
        }

        MockEndpoint comments = getMockEndpoint("mock:comments");
        assertThat(comments.getExchanges())
                .as("one event for the comment, none for its replays")
                .hasSize(1);
        assertThat(sim.counters().count("DescribeIssueCommentList"))
                .as("no refetch for a replay")
                .isEqualTo(lists);
    }
}
