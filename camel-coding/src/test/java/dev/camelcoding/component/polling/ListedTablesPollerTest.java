package dev.camelcoding.component.polling;

import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.codes;
import static dev.camelcoding.component.polling.PollerHarness.RecordingEmitter.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.IterationStrategy;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.protocol.IterationOffsetMode;
import dev.camelcoding.simulator.MemberSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Iterations, members, projects and issue metadata: listed whole each poll, compared, or overwritten. */
class ListedTablesPollerTest {

    private PollerHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private List<Long> simulatorIterationCodes() {
        return h.simulator.data().iterations().stream()
                .map(i -> (long) i.code())
                .collect(Collectors.toList());
    }

    @ParameterizedTest
    @EnumSource(value = IterationOffsetMode.class, names = "DETECT", mode = EnumSource.Mode.EXCLUDE)
    void iterationsOverwriteEmitsTheWholeListAsOnePassEveryPoll(IterationOffsetMode offsetMode) throws Exception {
        h = new PollerHarness(b -> b.issues(20).iterations(45).iterationOffsetMode(offsetMode));
        h.pageSize = 20;
        h.iterationStrategy = IterationStrategy.overwrite;
        TablePoller poller = h.poller(CodingTable.ITERATIONS);

        poller.poll();
        List<String> firstPass = List.copyOf(h.emitter.passIds);
        List<ChangeEvent> first = h.emitter.take();
        assertThat(codes(first, "code", op(Op.READ))).containsExactlyInAnyOrderElementsOf(simulatorIterationCodes());
        assertThat(new HashSet<>(firstPass)).hasSize(1);

        int deleted = h.simulator.data().iterations().get(3).code();
        h.simulator.deleteIteration(deleted);
        poller.poll();
        List<String> secondPass = List.copyOf(h.emitter.passIds);
        List<ChangeEvent> second = h.emitter.take();
        assertThat(codes(second, "code", e -> true))
                .containsExactlyInAnyOrderElementsOf(simulatorIterationCodes())
                .doesNotContain((long) deleted);
        assertThat(new HashSet<>(secondPass)).hasSize(1).doesNotContainAnyElementsOf(firstPass);
    }

    @Test
    void iterationsDiffEmitsOnlyRealChanges() throws Exception {
        h = new PollerHarness(b -> b.issues(20).iterations(8));
        TablePoller poller = h.poller(CodingTable.ITERATIONS);
        poller.poll();
        assertThat(h.emitter.take()).hasSize(8).allMatch(e -> e.op() == Op.READ);

        assertThat(poller.poll()).as("nothing changed").isZero();

        int renamed = h.simulator.data().iterations().get(0).code();
        int deleted = h.simulator.data().iterations().get(1).code();
        h.simulator.updateIteration(renamed, e -> e.name("Sprint renamed"));
        h.simulator.deleteIteration(deleted);
        int created = h.simulator.createIteration("Sprint new");
        poller.poll();

        List<ChangeEvent> events = h.emitter.take();
        assertThat(codes(events, "code", op(Op.UPDATE))).containsExactly((long) renamed);
        assertThat(codes(events, "code", op(Op.DELETE))).containsExactly((long) deleted);
        assertThat(codes(events, "code", op(Op.CREATE))).containsExactly((long) created);
        assertThat(events).allMatch(e -> !e.source().inferred());
        ChangeEvent update = events.stream().filter(op(Op.UPDATE)).findFirst().orElseThrow();
        assertThat(update.after().path("name").asText()).isEqualTo("Sprint renamed");
        assertThat(update.key().path("project").asText()).isEqualTo(h.simulator.projectName());
    }

    @Test
    void membersAreDiffedByUserWithTheirRoles() throws Exception {
        h = new PollerHarness(b -> b.issues(10).members(12));
        TablePoller poller = h.poller(CodingTable.PROJECT_MEMBERS);
        poller.poll();
        List<ChangeEvent> snapshot = h.emitter.take();
        List<MemberSnapshot> members = h.simulator.data().projectMembers();
        assertThat(codes(snapshot, "user_id", e -> true))
                .containsExactlyInAnyOrderElementsOf(
                        members.stream().map(MemberSnapshot::id).toList());

        long added = h.simulator.addMember("New Person", "开发");
        long changed = members.get(2).id();
        long removed = members.get(3).id();
        String newRole = "测试".equals(members.get(2).roleName()) ? "产品经理" : "测试";
        h.simulator.changeMemberRole(changed, newRole);
        h.simulator.removeMember(removed);
        long callsBefore = h.simulator.counters().total();
        poller.poll();

        List<ChangeEvent> events = h.emitter.take();
        assertThat(codes(events, "user_id", op(Op.CREATE))).containsExactly(added);
        assertThat(codes(events, "user_id", op(Op.UPDATE))).containsExactly(changed);
        assertThat(codes(events, "user_id", op(Op.DELETE))).containsExactly(removed);
        assertThat(h.simulator.counters().total() - callsBefore)
                .as("one listing call; the project id is cached")
                .isEqualTo(1);
        ChangeEvent role = events.stream().filter(op(Op.UPDATE)).findFirst().orElseThrow();
        assertThat(role.after().path("roles").get(0).path("role_name").asText()).isEqualTo(newRole);
    }

    @Test
    void projectsIssueTypesFieldsAndStatusesAreSnapshottedThenQuiet() throws Exception {
        h = new PollerHarness(b -> b.issues(10));
        for (CodingTable table : List.of(
                CodingTable.PROJECTS, CodingTable.ISSUE_TYPES, CodingTable.ISSUE_FIELDS, CodingTable.ISSUE_STATUSES)) {
            TablePoller poller = h.poller(table);
            poller.poll();
            List<ChangeEvent> snapshot = h.emitter.take();
            assertThat(snapshot).as(table.uriName()).isNotEmpty().allMatch(e -> e.op() == Op.READ);
            assertThat(snapshot.stream().map(e -> e.key().toString()).distinct().count())
                    .as("keys of " + table + " are unique")
                    .isEqualTo(snapshot.size());
            assertThat(poller.poll()).as(table.uriName() + " unchanged").isZero();
        }
    }

    @Test
    void startFromNowRecordsTheListSilently() throws Exception {
        h = new PollerHarness(b -> b.issues(10).iterations(5));
        h.startFrom = "now";
        TablePoller poller = h.poller(CodingTable.ITERATIONS);
        poller.poll();
        assertThat(h.emitter.take()).isEmpty();
        int created = h.simulator.createIteration("Later sprint");
        poller.poll();
        assertThat(codes(h.emitter.take(), "code", op(Op.CREATE))).containsExactly((long) created);
    }
}
