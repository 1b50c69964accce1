package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DescribeIssueListWithPage: paging edges, sorting, conditions, sub-issues, parameter errors. */
class IssueListTest {

    static CodingSimulator sim;
    static Api api;

    @BeforeAll
    static void start() {
        sim = CodingSimulator.builder().issues(1_200).start();
        api = new Api(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static JsonNode page(int number, int size, Object... more) {
        List<Object> params = new ArrayList<>(List.of(
                "ProjectName",
                sim.projectName(),
                "IssueType",
                "ALL",
                "PageNumber",
                number,
                "PageSize",
                size,
                "ShowSubIssues",
                true));
        params.addAll(List.of(more));
        Api.Answer a = api.call("DescribeIssueListWithPage", params.toArray());
        assertThat(a.errorCode()).as(a.http().body()).isNull();
        return a.response().get("Data");
    }

    static List<Integer> codes(JsonNode data) {
        List<Integer> out = new ArrayList<>();
        data.get("List").forEach(r -> out.add(r.get("Code").asInt()));
        return out;
    }

    @Test
    void pagingAtTheEdges() {
        int total = sim.data().issueCount();
        JsonNode one = page(1, 1);
        assertThat(one.get("List")).hasSize(1);
        assertThat(one.get("TotalCount").asInt()).isEqualTo(total);
        assertThat(one.get("TotalPage").asInt()).isEqualTo(total);

        JsonNode full = page(1, 500);
        assertThat(full.get("List")).hasSize(500);
        assertThat(full.get("TotalPage").asInt()).isEqualTo((total + 499) / 500);

        JsonNode last = page(3, 500);
        assertThat(last.get("List")).hasSize(total - 1000);
        JsonNode past = page(4, 500);
        assertThat(past.get("List")).isEmpty();
        assertThat(past.get("TotalCount").asInt()).isEqualTo(total);

        Api.Answer tooBig = api.call(
                "DescribeIssueListWithPage",
                "ProjectName",
                sim.projectName(),
                "IssueType",
                "ALL",
                "PageNumber",
                1,
                "PageSize",
                501);
        assertThat(tooBig.errorCode()).isEqualTo("InvalidParameterValue");

        JsonNode none = page(1, 20, "Conditions", List.of(Map.of("Key", "KEYWORD", "Value", "no such words at all")));
        assertThat(none.get("List")).isEmpty();
        assertThat(none.get("TotalCount").asInt()).isZero();
        assertThat(none.get("TotalPage").asInt()).isZero();
    }

    @Test
    void defaultsAreCodeDescendingAndTwentyRows() {
        Api.Answer a = api.call(
                "DescribeIssueListWithPage",
                "ProjectName",
                sim.projectName(),
                "IssueType",
                "ALL",
                "ShowSubIssues",
                true);
        JsonNode data = a.response().get("Data");
        assertThat(data.get("PageSize").asInt()).isEqualTo(20);
        List<Integer> codes = codes(data);
        assertThat(codes).hasSize(20).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(codes.get(0)).isEqualTo(1_200);
    }

    @Test
    void updatedAtOrderIsTotalAndStableAcrossPages() {
        List<Integer> paged = new ArrayList<>();
        for (int p = 1; p <= 13; p++) {
            paged.addAll(codes(page(p, 100, "SortKey", "UPDATED_AT", "SortValue", "ASC")));
        }
        List<Integer> expected = sim.data().issues().stream()
                .sorted(Comparator.comparingLong(IssueSnapshot::updatedAt).thenComparingInt(IssueSnapshot::code))
                .map(IssueSnapshot::code)
                .toList();
        assertThat(paged).isEqualTo(expected);
        // the seeded data has equal UpdatedAt values on purpose
        long distinct = sim.data().issues().stream()
                .mapToLong(IssueSnapshot::updatedAt)
                .distinct()
                .count();
        assertThat(distinct).isLessThan(sim.data().issueCount());

        List<Integer> desc = codes(page(1, 500, "SortKey", "CREATED_AT", "SortValue", "DESC"));
        List<Integer> expectedDesc = sim.data().issues().stream()
                .sorted(Comparator.comparingLong(IssueSnapshot::createdAt)
                        .thenComparingInt(IssueSnapshot::code)
                        .reversed())
                .limit(500)
                .map(IssueSnapshot::code)
                .toList();
        assertThat(desc).isEqualTo(expectedDesc);
    }

    /**
     * Checks an assumption, not a recording: no recorded response shows the zone of a day range; China Standard Time is
     * written down once in {@code CodingCalendar} (docs/architecture.md "Assumptions"), which the reader shares.
     */
    @Test
    void dayRangeConditionsAreClosedAndInChinaTime() {
        IssueSnapshot probe = sim.data().issues().get(600);
        LocalDate day = CodingTime.localDate(probe.updatedAt());
        String range = day + "_" + day;
        JsonNode data = page(1, 500, "Conditions", List.of(Map.of("Key", "UPDATED_AT", "Value", range)));
        long from = day.atStartOfDay(CodingTime.ZONE).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(CodingTime.ZONE).toInstant().toEpochMilli();
        List<Integer> expected = sim.data().issues().stream()
                .filter(i -> i.updatedAt() >= from && i.updatedAt() < to)
                .map(IssueSnapshot::code)
                .sorted(Comparator.reverseOrder())
                .toList();
        assertThat(codes(data)).isNotEmpty().contains(probe.code()).isEqualTo(expected);

        // a UTC day would differ: the window is 16:00Z..16:00Z
        assertThat(from % 86_400_000L).isEqualTo(16 * 3_600_000L);

        String created = CodingTime.localDate(probe.createdAt()) + "_"
                + CodingTime.localDate(probe.createdAt()).plusDays(2);
        JsonNode byCreation = page(1, 500, "Conditions", List.of(Map.of("Key", "CREATED_AT", "Value", created)));
        assertThat(codes(byCreation)).contains(probe.code());

        String t = CodingTime.formatDateTime(probe.updatedAt());
        JsonNode exact = page(1, 500, "Conditions", List.of(Map.of("Key", "UPDATED_AT", "Value", t + "_" + t)));
        assertThat(codes(exact)).contains(probe.code());
        assertThat(exact.get("List"))
                .allSatisfy(r -> assertThat(r.get("UpdatedAt").asLong()).isEqualTo(probe.updatedAt()));

        JsonNode openEnded =
                page(1, 1, "Conditions", List.of(Map.of("Key", "UPDATED_AT", "Value", day + "_9999-12-31")));
        assertThat(openEnded.get("TotalCount").asInt()).isEqualTo((int)
                sim.data().issues().stream().filter(i -> i.updatedAt() >= from).count());

        Api.Answer bad = api.call(
                "DescribeIssueListWithPage",
                "ProjectName",
                sim.projectName(),
                "IssueType",
                "ALL",
                "Conditions",
                List.of(Map.of("Key", "UPDATED_AT", "Value", "yesterday")));
        assertThat(bad.errorCode()).isEqualTo("InvalidParameterValue");
    }

    @Test
    void otherConditions() {
        int iteration = 3;
        JsonNode inIteration = page(1, 500, "Conditions", List.of(Map.of("Key", "ITERATION", "Value", "3,4")));
        assertThat(inIteration.get("List"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.at("/Iteration/Code").asInt()).isIn(iteration, 4));
        JsonNode todo = page(1, 500, "Conditions", List.of(Map.of("Key", "STATUS_TYPE", "Value", "TODO")));
        assertThat(todo.get("List"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.get("IssueStatusType").asText()).isEqualTo("TODO"));
        JsonNode defects = page(1, 500, "Conditions", List.of(Map.of("Key", "ISSUE_TYPE", "Value", "DEFECT")));
        assertThat(defects.get("List"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.get("Type").asText()).isEqualTo("DEFECT"));
        IssueSnapshot probe = sim.data().issues().get(10);
        JsonNode keyword = page(1, 500, "Conditions", List.of(Map.of("Key", "KEYWORD", "Value", probe.name())));
        assertThat(codes(keyword)).contains(probe.code());
        JsonNode backlog = page(1, 500, "Conditions", List.of(Map.of("Key", "ITERATION", "ConstValue", "UNSPECIFIC")));
        assertThat(backlog.get("List"))
                .allSatisfy(r -> assertThat(r.at("/Iteration/Code").asInt()).isZero());
        assertThat(api.call(
                                "DescribeIssueListWithPage",
                                "ProjectName",
                                sim.projectName(),
                                "IssueType",
                                "ALL",
                                "Conditions",
                                List.of(Map.of("Key", "WORKING_HOURS", "Value", "1_2")))
                        .errorCode())
                .isEqualTo("InvalidParameterValue");
    }

    @Test
    void subTasksAreListedOnlyWhenAskedFor() {
        int subTasks = sim.data().issueCountByType().get("SUB_TASK");
        int all = sim.data().issueCount();
        Api.Answer hidden = api.call(
                "DescribeIssueListWithPage", "ProjectName", sim.projectName(), "IssueType", "ALL", "PageSize", 1);
        assertThat(hidden.response().at("/Data/TotalCount").asInt()).isEqualTo(all - subTasks);
        assertThat(page(1, 1).get("TotalCount").asInt()).isEqualTo(all);
        Api.Answer onlySubTasks = api.call(
                "DescribeIssueListWithPage",
                "ProjectName",
                sim.projectName(),
                "IssueType",
                "SUB_TASK",
                "PageSize",
                500);
        JsonNode rows = onlySubTasks.response().at("/Data/List");
        assertThat(rows).hasSize(subTasks);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("ParentCode").asInt()).isPositive();
            assertThat(r.get("ParentId").asLong()).isPositive();
        });
    }

    @Test
    void parameterErrors() {
        assertThat(api.call("DescribeIssueListWithPage", "ProjectName", sim.projectName())
                        .errorCode())
                .isEqualTo("MissingParameter");
        Api.Answer missing = api.call("DescribeIssueListWithPage", "IssueType", "ALL");
        assertThat(missing.errorCode()).isEqualTo("MissingParameter");
        assertThat(missing.response().at("/Error/Message").asText()).contains("ProjectName");
        assertThat(api.call("DescribeIssueListWithPage", "ProjectName", "unknown-project", "IssueType", "ALL")
                        .errorCode())
                .isEqualTo("ResourceNotFound");
        assertThat(api.call("DescribeIssueListWithPage", "ProjectName", sim.projectName(), "IssueType", "STORY")
                        .errorCode())
                .isEqualTo("InvalidParameterValue");
        assertThat(api.call(
                                "DescribeIssueListWithPage",
                                "ProjectName",
                                sim.projectName(),
                                "IssueType",
                                "ALL",
                                "SortKey",
                                "COLOUR")
                        .errorCode())
                .isEqualTo("InvalidParameterValue");
        assertThat(api.call(
                                "DescribeIssueListWithPage",
                                "ProjectName",
                                sim.projectName(),
                                "IssueType",
                                "ALL",
                                "PageSize",
                                "many")
                        .errorCode())
                .isEqualTo("InvalidParameter");
        JsonNode other = api.call("DescribeIssueListWithPage", "ProjectName", "sandbox", "IssueType", "ALL")
                .response()
                .get("Data");
        assertThat(other.get("TotalCount").asInt()).isZero();
    }

    @Test
    void listReflectsMutationsImmediately() {
        JsonNode before = page(1, 1, "SortKey", "UPDATED_AT", "SortValue", "DESC");
        int code = sim.createIssue("DEFECT", "Login fails on Safari");
        JsonNode after = page(1, 1, "SortKey", "UPDATED_AT", "SortValue", "DESC");
        assertThat(after.get("TotalCount").asInt())
                .isEqualTo(before.get("TotalCount").asInt() + 1);
        assertThat(after.at("/List/0/Code").asInt()).isEqualTo(code);
        sim.deleteIssue(code);
        assertThat(page(1, 1).get("TotalCount").asInt())
                .isEqualTo(before.get("TotalCount").asInt());
    }
}
