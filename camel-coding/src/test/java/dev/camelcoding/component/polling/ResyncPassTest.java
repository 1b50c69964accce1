package dev.camelcoding.component.polling;

import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.codes;
import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.IterationStrategy;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.status.SyncPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code coding-sync resync}: a request in the table's state store, taken by the table's poller at the start of a
 * poll; a full pass that emits every row again (mode resync) and deletes, once complete, the rows it did not see.
 * Figures from the simulator (its codes, its call counters), never from the poller.
 */
class ResyncPassTest {

    private static final String LIST = "DescribeIssueListWithPage";

    private PollerHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private Set<Long> simulatorCodes() {
        return Arrays.stream(h.simulator.data().issueCodes())
                .mapToObj(c -> (long) c)
                .collect(Collectors.toSet());
    }

    private SyncPhase phase(CodingTable table) {
        return new CodingStatusReader(h.repository)
                .read(table, "test/" + table.uriName())
                .phase();
    }

    @Test
    void anIssuesResyncReadsEveryPageOnceEmitsEveryIssueAndDeletesWhatItDidNotSee() throws Exception {
        h = new PollerHarness(b -> b.issues(450));
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        h.emitter.take();
        h.tick(Duration.ofMinutes(1));
        poller.poll();
        assertThat(h.emitter.take()).isEmpty();

        // deleted in CODING without any event: polling alone never learns it (the census is off)
        h.simulator.deleteIssue(7);
        Set<Long> codes = simulatorCodes();
        assertThat(codes).doesNotContain(7L);
        StateStore store = h.stateStore(CodingTable.ISSUES);
        ResyncRequest asked = ResyncRequests.ask(store, h.clock.get());
        h.tick(Duration.ofSeconds(1));
        assertThat(ResyncRequests.ask(store, h.clock.get()))
                .as("asked again before it started: the same request")
                .isEqualTo(asked);
        assertThat(phase(CodingTable.ISSUES)).isEqualTo(SyncPhase.INCREMENTAL);

        List<SyncPhase> phasesDuringPass = new ArrayList<>();
        h.emitter.batchSize = 50;
        h.emitter.onHandOver = n -> phasesDuringPass.add(phase(CodingTable.ISSUES));
        long listCallsBefore = h.calls(LIST);
        h.tick(Duration.ofMinutes(1));
        poller.poll();

        List<ChangeEvent> events = h.emitter.take();
        assertThat(new HashSet<>(codes(events, "code", op(Op.READ)))).isEqualTo(codes);
        assertThat(codes(events, "code", op(Op.READ))).hasSize(codes.size());
        assertThat(codes(events, "code", op(Op.DELETE))).containsExactly(7L);
        assertThat(events).allMatch(e -> "resync".equals(e.source().mode()));
        long pages = (codes.size() + 99) / 100;
        assertThat(h.calls(LIST) - listCallsBefore)
                .as("the pages of the table, the newest UpdatedAt the cursor keeps, the incremental poll after")
                .isLessThanOrEqualTo(pages + 2);
        assertThat(phasesDuringPass).isNotEmpty().allMatch(p -> p == SyncPhase.RESYNC);
        assertThat(phase(CodingTable.ISSUES)).isEqualTo(SyncPhase.INCREMENTAL);
        ResyncRequest done = ResyncRequests.current(store).orElseThrow();
        assertThat(done.done()).isTrue();
        assertThat(done.rows()).isEqualTo(codes.size());
        assertThat(done.deleted()).isEqualTo(1);

        h.tick(Duration.ofMinutes(1));
        poller.poll();
        assertThat(h.emitter.take()).as("one pass per request").isEmpty();
    }

    @Test
    void aResyncStoppedMidPassResumesAtItsPageAndStillDeletesOnlyWhatIsGone() throws Exception {
        h = new PollerHarness(b -> b.issues(450));
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        h.emitter.take();
        Set<Long> gone = simulatorCodes();
        h.simulator.deleteIssue(420); // with its sub-tasks, if it has any
        Set<Long> codes = simulatorCodes();
        gone.removeAll(codes);
        assertThat(gone).contains(420L);
        ResyncRequests.ask(h.stateStore(CodingTable.ISSUES), h.clock.get());

        h.emitter.failAfter = 250; // the sink goes down on the third page
        h.tick(Duration.ofMinutes(1));
        assertThatThrownBy(poller::poll).hasMessageContaining("sink down");
        assertThat(phase(CodingTable.ISSUES)).isEqualTo(SyncPhase.RESYNC);
        List<ChangeEvent> beforeFailure = h.emitter.take();

        // a new poller: the process restarted; the pass resumes from the store
        h.emitter.failAfter = Integer.MAX_VALUE;
        h.tick(Duration.ofMinutes(1));
        h.poller(CodingTable.ISSUES).poll();
        List<ChangeEvent> after = h.emitter.take();

        Set<Long> read = new HashSet<>(codes(beforeFailure, "code", op(Op.READ)));
        read.addAll(codes(after, "code", op(Op.READ)));
        assertThat(read).isEqualTo(codes);
        assertThat(codes(after, "code", op(Op.DELETE))).containsExactlyInAnyOrderElementsOf(gone);
        assertThat(phase(CodingTable.ISSUES)).isEqualTo(SyncPhase.INCREMENTAL);
    }

    @Test
    void aListedTableResyncEmitsEveryRowAndTheRowsGone() throws Exception {
        h = new PollerHarness(b -> b.issues(5).iterations(12));
        h.iterationStrategy = IterationStrategy.diff;
        TablePoller poller = h.poller(CodingTable.ITERATIONS);
        poller.poll();
        h.emitter.take();
        poller.poll();
        assertThat(h.emitter.take()).as("nothing changed").isEmpty();

        int gone = h.simulator.data().iterations().get(2).code();
        h.simulator.deleteIteration(gone);
        List<Long> iterations = h.simulator.data().iterations().stream()
                .map(i -> (long) i.code())
                .collect(Collectors.toList());
        StateStore store = h.stateStore(CodingTable.ITERATIONS);
        ResyncRequests.ask(store, h.clock.get());
        poller.poll();
        List<ChangeEvent> events = h.emitter.take();
        assertThat(codes(events, "code", op(Op.READ))).containsExactlyInAnyOrderElementsOf(iterations);
        assertThat(codes(events, "code", op(Op.DELETE))).containsExactly((long) gone);
        assertThat(events).allMatch(e -> "resync".equals(e.source().mode()));
        assertThat(ResyncRequests.current(store).orElseThrow().done()).isTrue();
        assertThat(ResyncRequests.current(store).orElseThrow().deleted()).isEqualTo(1);
    }

    @Test
    void aCommentsResyncReadsEveryIssuesCommentsAgainAndDeletesTheCommentsGone() throws Exception {
        h = new PollerHarness(b -> b.issues(60).maxCommentsPerIssue(3));
        h.comments = new CommentSettings(25, 0.2, Duration.ofDays(7), Duration.ofMinutes(1));
        TablePoller poller = h.poller(CodingTable.COMMENTS);
        pollUntilDone(poller);
        h.tick(Duration.ofSeconds(30));
        pollUntilDone(poller);
        h.emitter.take();

        int issue = -1;
        for (int code : h.simulator.data().issueCodes()) {
            if (!h.simulator.data().comments(code).isEmpty()) {
                issue = code;
                break;
            }
        }
        long goneComment = h.simulator.data().comments(issue).get(0).commentId();
        h.simulator.deleteComment(issue, goneComment);
        long comments = 0;
        for (int code : h.simulator.data().issueCodes()) {
            comments += h.simulator.data().comments(code).size();
        }
        StateStore store = h.stateStore(CodingTable.COMMENTS);
        ResyncRequests.ask(store, h.clock.get());
        long readsBefore = h.calls("DescribeIssueCommentList");
        List<SyncPhase> phases = new ArrayList<>();
        List<ChangeEvent> events = new ArrayList<>();
        for (int poll = 0;
                poll < 100 && !ResyncRequests.current(store).orElseThrow().done();
                poll++) {
            h.tick(Duration.ofSeconds(30));
            poller.poll();
            events.addAll(h.emitter.take());
            phases.add(phase(CodingTable.COMMENTS));
        }

        assertThat(ResyncRequests.current(store).orElseThrow().done()).isTrue();
        assertThat(h.calls("DescribeIssueCommentList") - readsBefore)
                .as("every issue's comments read again once, give or take the rescans the schedule adds")
                .isGreaterThanOrEqualTo(h.simulator.data().issueCount());
        assertThat(events.stream()
                        .filter(op(Op.READ))
                        .map(e -> e.key().toString())
                        .distinct())
                .hasSize((int) comments);
        assertThat(codes(events, "comment_id", op(Op.DELETE))).containsExactly(goneComment);
        assertThat(events)
                .filteredOn(op(Op.READ))
                .allMatch(e -> "resync".equals(e.source().mode()));
        assertThat(phases.subList(0, phases.size() - 1)).allMatch(p -> p == SyncPhase.RESYNC);
        assertThat(phases.get(phases.size() - 1)).isNotEqualTo(SyncPhase.RESYNC);
    }

    private void pollUntilDone(TablePoller poller) throws Exception {
        int polls = 0;
        do {
            h.tick(Duration.ofSeconds(30));
            poller.poll();
        } while (poller.moreWork() && ++polls < 100);
    }
}
