package dev.camelcoding.component.polling;

import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.codes;
import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommentsPollerTest {

    private PollerHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private int totalComments() {
        int total = 0;
        for (int code : h.simulator.data().issueCodes()) {
            total += h.simulator.data().comments(code).size();
        }
        return total;
    }

    @Test
    void theSnapshotReadsEveryCommentOnce() throws Exception {
        h = new PollerHarness(b -> b.issues(150).maxCommentsPerIssue(4));
        h.poller(CodingTable.COMMENTS).poll();

        List<ChangeEvent> events = h.emitter.take();
        assertThat(events).hasSize(totalComments()).allMatch(e -> e.op() == Op.READ);
        assertThat(events.stream().map(e -> e.key().toString()).distinct().count()).isEqualTo(events.size());
        assertThat(h.calls("DescribeIssueCommentList")).isEqualTo(h.simulator.data().issueCount());
    }

    @Test
    void aCommentOnAnUntouchedIssueIsFoundByTheRotation() throws Exception {
        h = new PollerHarness(b -> b.issues(60).maxCommentsPerIssue(2));
        h.commentRescanBatch = 20;
        TablePoller poller = h.poller(CodingTable.COMMENTS);
        poller.poll();
        h.emitter.take();

        // CODING does not move the issue's UpdatedAt for a comment: only the rotation can see it.
        int target = h.simulator.data().issueCodes()[45];
        long updatedBefore = h.simulator.data().issue(target).orElseThrow().updatedAt();
        long commentId = h.simulator.addComment(target, "Spotted by the rotation");
        assertThat(h.simulator.data().issue(target).orElseThrow().updatedAt()).isEqualTo(updatedBefore);

        List<ChangeEvent> found = List.of();
        for (int poll = 0; poll < 3 && found.isEmpty(); poll++) {
            h.tick(Duration.ofMinutes(1));
            poller.poll();
            found = h.emitter.take();
        }
        assertThat(codes(found, "comment_id", op(Op.CREATE))).containsExactly(commentId);
        assertThat(found.get(0).after().path("raw_content").asText()).isEqualTo("Spotted by the rotation");
        assertThat(found.get(0).key().path("issue_code").asLong()).isEqualTo(target);
    }

    @Test
    void commentsOfAChangedIssueAreReadAtOnce() throws Exception {
        h = new PollerHarness(b -> b.issues(60).maxCommentsPerIssue(2));
        TablePoller poller = h.poller(CodingTable.COMMENTS);
        poller.poll();
        h.emitter.take();

        h.tick(Duration.ofMinutes(1));
        long commentId = h.simulator.addComment(30, "With an edit");
        h.simulator.updateIssue(30, e -> e.name("edited with a comment"));
        long callsBefore = h.calls("DescribeIssueCommentList");
        poller.poll();

        assertThat(codes(h.emitter.take(), "comment_id", op(Op.CREATE))).containsExactly(commentId);
        assertThat(h.calls("DescribeIssueCommentList") - callsBefore).isEqualTo(1);
        h.tick(Duration.ofMinutes(1));
        assertThat(poller.poll()).isZero();
    }
}
