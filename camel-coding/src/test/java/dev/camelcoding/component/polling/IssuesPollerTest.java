package dev.camelcoding.component.polling;

import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.codes;
import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.simulator.FailureKind;
import dev.camelcoding.simulator.IssueSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuesPollerTest {

    private PollerHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private static Set<Long> simulatorCodes(PollerHarness h) {
        return Arrays.stream(h.simulator.data().issueCodes())
                .mapToObj(c -> (long) c)
                .collect(Collectors.toSet());
    }

    @Test
    void backfillEmitsEveryIssueOnceWithPageCountCallsThenIdlePollsCostOneCall() throws Exception {
        h = new PollerHarness(b -> b.issues(3_050));
        TablePoller poller = h.poller(CodingTable.ISSUES);

        poller.poll();

        List<ChangeEvent> events = h.emitter.take();
        assertThat(events).hasSize(h.simulator.data().issueCount()).allMatch(e -> e.op() == Op.READ);
        assertThat(new HashSet<>(codes(events, "code", e -> true))).isEqualTo(simulatorCodes(h));
        assertThat(events)
                .allMatch(
                        e -> "snapshot".equals(e.source().mode()) && !e.source().inferred());
        long pages = (long) Math.ceil(h.simulator.data().issueCount() / 100.0);
        assertThat(h.simulator.counters().total())
                .as("one call per page, the newest UpdatedAt the cursor starts from, and the first incremental poll")
                .isLessThanOrEqualTo(pages + 2);

        long before = h.simulator.counters().total();
        h.tick(Duration.ofMinutes(1));
        assertThat(poller.poll()).isZero();
        assertThat(h.simulator.counters().total() - before)
                .as("an idle poll costs exactly one call")
                .isEqualTo(1);
    }

    @Test
    void changesArePolledAsInferredCreatesAndUpdatesWithTheirNewContent() throws Exception {
        h = new PollerHarness(b -> b.issues(300));
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        h.emitter.take();

        h.tick(Duration.ofMinutes(2));
        h.simulator.updateIssue(7, e -> e.name("Renamed seven"));
        h.simulator.updateIssue(42, e -> e.priority(3));
        int created = h.simulator.createIssue("DEFECT", "A fresh defect");
        h.tick(Duration.ofSeconds(5));
        poller.poll();

        List<ChangeEvent> events = h.emitter.take();
        assertThat(codes(events, "code", op(Op.UPDATE))).containsExactlyInAnyOrder(7L, 42L);
        assertThat(codes(events, "code", op(Op.CREATE))).containsExactly((long) created);
        assertThat(events)
                .allMatch(e ->
                        e.source().inferred() && "polling".equals(e.source().mode()));
        ChangeEvent seven = events.stream()
                .filter(e -> e.key().path("code").asLong() == 7)
                .findFirst()
                .orElseThrow();
        assertThat(seven.after().path("name").asText()).isEqualTo("Renamed seven");
        assertThat(seven.key().path("project").asText()).isEqualTo(h.simulator.projectName());

        h.tick(Duration.ofMinutes(1));
        assertThat(poller.poll())
                .as("the lookback re-reads them; nothing is emitted twice")
                .isZero();
    }

    @Test
    void severalChangesInTheSameMillisecondAreAllEmittedOnce() throws Exception {
        h = new PollerHarness(b -> b.issues(50));
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        h.emitter.take();
        h.tick(Duration.ofMinutes(1));

        // The clock stands still: every change below has the same UpdatedAt.
        h.simulator.updateIssue(3, e -> e.name("first"));
        poller.poll();
        h.simulator.updateIssue(4, e -> e.name("second, same millisecond"));
        h.simulator.updateIssue(3, e -> e.name("first, edited again in the same millisecond"));
        poller.poll();
        poller.poll();

        List<ChangeEvent> events = h.emitter.take();
        assertThat(events)
                .extracting(e -> e.key().path("code").asLong() + "="
                        + e.after().path("name").asText())
                .containsExactly(
                        "3=first", "3=first, edited again in the same millisecond", "4=second, same millisecond");
    }

    @Test
    void aCrashMidBackfillResumesAtThePageItStoppedOnRepeatingAtMostOnePage() throws Exception {
        h = new PollerHarness(b -> b.issues(1_000));
        h.emitter.failAfter = 250;
        assertThatThrownBy(() -> h.poller(CodingTable.ISSUES).poll()).hasMessageContaining("sink down");
        List<ChangeEvent> firstRun = h.emitter.take();
        assertThat(firstRun).hasSize(250);

        h.emitter.failAfter = Integer.MAX_VALUE;
        long callsBefore = h.calls("DescribeIssueListWithPage");
        h.poller(CodingTable.ISSUES).poll(); // a new poller: only the persisted state carries over
        List<ChangeEvent> secondRun = h.emitter.take();

        Set<Long> all = new HashSet<>(codes(firstRun, "code", e -> true));
        all.addAll(codes(secondRun, "code", e -> true));
        assertThat(all).isEqualTo(simulatorCodes(h));
        int repeated = firstRun.size() + secondRun.size() - all.size();
        assertThat(repeated).as("only the page that failed is read again").isLessThanOrEqualTo(100);
        assertThat(secondRun.get(0).key().path("code").asLong()).isGreaterThan(200);
        assertThat(h.calls("DescribeIssueListWithPage") - callsBefore).isLessThanOrEqualTo(8 + 1);
    }

    @Test
    void aFailingSinkLosesNothing() throws Exception {
        h = new PollerHarness(b -> b.issues(100));
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        h.emitter.take();
        h.tick(Duration.ofMinutes(1));
        for (int code = 10; code < 20; code++) {
            int c = code;
            h.simulator.updateIssue(c, e -> e.name("changed " + c));
            h.tick(Duration.ofSeconds(1));
        }

        h.emitter.failAfter = 4;
        assertThatThrownBy(poller::poll).hasMessageContaining("sink down");
        List<ChangeEvent> delivered = h.emitter.take();
        h.emitter.failAfter = Integer.MAX_VALUE;
        poller.poll();
        delivered.addAll(h.emitter.take());

        assertThat(new HashSet<>(codes(delivered, "code", e -> true)))
                .containsExactlyInAnyOrder(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
        assertThat(delivered).hasSize(10);
    }

    @Test
    void theCensusReportsDeletedIssues() throws Exception {
        h = new PollerHarness(b -> b.issues(400));
        h.reconcileInterval = Duration.ofMinutes(30);
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        h.emitter.take();

        Set<Long> before = simulatorCodes(h);
        h.simulator.deleteIssue(5);
        h.simulator.deleteIssue(333);
        Set<Long> deleted = new HashSet<>(before);
        deleted.removeAll(simulatorCodes(h));
        assertThat(deleted).contains(5L, 333L);
        h.tick(Duration.ofMinutes(10));
        poller.poll();
        assertThat(h.emitter.take()).as("not due yet").isEmpty();

        h.tick(Duration.ofMinutes(25));
        poller.poll();
        List<ChangeEvent> events = h.emitter.take();
        assertThat(new HashSet<>(codes(events, "code", op(Op.DELETE)))).isEqualTo(deleted);
        assertThat(events).hasSize(deleted.size());
        assertThat(events)
                .filteredOn(op(Op.DELETE))
                .allMatch(
                        e -> e.after() == null && "reconcile".equals(e.source().mode()));

        h.tick(Duration.ofMinutes(31));
        poller.poll();
        assertThat(h.emitter.take()).as("deletes are reported once").isEmpty();
    }

    @Test
    void issueTypeAndIterationFiltersNarrowTheStream() throws Exception {
        h = new PollerHarness(b -> b.issues(600));
        h.issueType = "DEFECT";
        h.poller(CodingTable.ISSUES).poll();
        List<ChangeEvent> defects = h.emitter.take();
        long expectedDefects = h.simulator.data().issues().stream()
                .filter(i -> i.type().equals("DEFECT"))
                .count();
        assertThat(defects)
                .hasSize((int) expectedDefects)
                .allMatch(e -> e.after().path("type").asText().equals("DEFECT"));

        int iteration = h.simulator.data().iterations().get(0).code();
        h.issueType = "ALL";
        h.iterationCodes = List.of((long) iteration);
        h.repository = new org.apache.camel.support.processor.state.MemoryStateRepository();
        h.poller(CodingTable.ISSUES).poll();
        List<ChangeEvent> planned = h.emitter.take();
        long expectedPlanned = h.simulator.data().issues().stream()
                .filter(i -> i.iterationCode() == iteration)
                .count();
        assertThat(expectedPlanned).isPositive();
        assertThat(planned)
                .hasSize((int) expectedPlanned)
                .allMatch(e -> e.after().path("iteration_code").asLong() == iteration);
    }

    @Test
    void throttlingAndInjectedFaultsLoseNothing() throws Exception {
        h = new PollerHarness(b -> b.issues(1_200));
        h.simulator
                .faults()
                .failureRate(0.2, FailureKind.INTERNAL_ERROR)
                .throttleNext(2, 0, true)
                .truncateNext(1)
                .resetNext(1);

        h.poller(CodingTable.ISSUES).poll();

        List<ChangeEvent> events = h.emitter.take();
        assertThat(new HashSet<>(codes(events, "code", e -> true))).isEqualTo(simulatorCodes(h));
        assertThat(events).hasSize(h.simulator.data().issueCount());
    }

    @Test
    void aRestartResumesFromThePersistedCursor(@TempDir Path dir) throws Exception {
        h = new PollerHarness(b -> b.issues(200));
        h.repository =
                FileStateRepository.fileStateRepository(dir.resolve("state.dat").toFile());
        ((FileStateRepository) h.repository).start();
        h.poller(CodingTable.ISSUES).poll();
        h.emitter.take();
        ((FileStateRepository) h.repository).stop();

        h.tick(Duration.ofMinutes(3));
        h.simulator.updateIssue(99, e -> e.name("changed while we were down"));
        h.tick(Duration.ofMinutes(3));
        h.repository =
                FileStateRepository.fileStateRepository(dir.resolve("state.dat").toFile());
        ((FileStateRepository) h.repository).start();
        h.poller(CodingTable.ISSUES).poll();

        List<ChangeEvent> events = h.emitter.take();
        assertThat(events).extracting(e -> e.key().path("code").asLong()).containsExactly(99L);
        assertThat(events.get(0).op()).isEqualTo(Op.UPDATE);
    }

    @Test
    void startFromNowSkipsTheSnapshot() throws Exception {
        h = new PollerHarness(b -> b.issues(200));
        h.startFrom = "now";
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        assertThat(h.emitter.take()).isEmpty();

        h.tick(Duration.ofSeconds(30));
        h.simulator.updateIssue(12, e -> e.name("after start"));
        poller.poll();
        assertThat(codes(h.emitter.take(), "code", e -> true)).containsExactly(12L);
    }

    @Test
    void rowsFollowTheCanonicalSchema() throws Exception {
        h = new PollerHarness(b -> b.issues(120));
        h.poller(CodingTable.ISSUES).poll();
        List<ChangeEvent> events = h.emitter.take();
        IssueSnapshot subTask = h.simulator.data().issues().stream()
                .filter(i -> i.type().equals("SUB_TASK"))
                .findFirst()
                .orElseThrow();
        ChangeEvent event = events.stream()
                .filter(e -> e.key().path("code").asLong() == subTask.code())
                .findFirst()
                .orElseThrow();

        assertThat(event.after().path("parent_code").asLong()).isEqualTo(subTask.parentCode());
        assertThat(event.after().path("updated_at").asLong()).isEqualTo(subTask.updatedAt());
        assertThat(event.after().path("status_name").asText()).isEqualTo(subTask.statusName());
        assertThat(event.toJson().path("source").path("connector").asText()).isEqualTo("coding");
        assertThat(event.toJson().fieldNames())
                .toIterable()
                .containsExactly("op", "table", "key", "before", "after", "source", "ts_ms");
    }

    @Test
    void fetchIssueDetailCallsDescribeIssueOncePerChangeAndNeverOtherwise() throws Exception {
        h = new PollerHarness(b -> b.issues(150));
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        assertThat(h.calls("DescribeIssue")).as("no N+1 by default").isZero();
        h.emitter.take();

        h.fetchIssueDetail = true;
        TablePoller detailed = h.poller(CodingTable.ISSUES);
        h.tick(Duration.ofMinutes(1));
        h.simulator.updateIssue(8, e -> e.name("detail wanted"));
        detailed.poll();

        assertThat(h.calls("DescribeIssue")).isEqualTo(1);
        assertThat(h.emitter.take())
                .singleElement()
                .satisfies(e -> assertThat(e.after().path("name").asText()).isEqualTo("detail wanted"));
    }

    @Test
    void inHybridModeTheCensusDoesNotRepeatADeleteTheWebhookDelivered() throws Exception {
        h = new PollerHarness(b -> b.issues(120));
        h.reconcileInterval = Duration.ofMinutes(5);
        h.crossPath = new CrossPathLedger();
        TablePoller poller = h.poller(CodingTable.ISSUES);
        poller.poll();
        h.emitter.take();

        // sub-tasks have no children, so deleting one deletes nothing else
        List<Integer> leaves = h.simulator.data().issues().stream()
                .filter(i -> i.type().equals("SUB_TASK"))
                .map(IssueSnapshot::code)
                .toList();
        int viaWebhook = leaves.get(0);
        int unnoticed = leaves.get(1);
        h.simulator.deleteIssue(viaWebhook);
        h.crossPath.issueDeleted(viaWebhook); // what the webhook consumer records after emitting ISSUE_DELETED
        h.simulator.deleteIssue(unnoticed);
        h.tick(Duration.ofMinutes(6));
        poller.poll();

        assertThat(codes(h.emitter.take(), "code", op(Op.DELETE))).containsExactly((long) unnoticed);
    }
}
