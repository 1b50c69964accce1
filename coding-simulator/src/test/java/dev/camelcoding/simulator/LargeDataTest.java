package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 100,000 issues: generation, deep pages, and determinism of the seed. */
class LargeDataTest {

    @Test
    void deepPagesOfAHundredThousandIssuesAreCorrect() {
        try (CodingSimulator sim = CodingSimulator.builder().issues(100_000).start()) {
            assertThat(sim.data().issueCount()).isEqualTo(100_000);
            Map<String, Integer> byType = sim.data().issueCountByType();
            assertThat(byType.values()).allSatisfy(n -> assertThat(n).isPositive());
            Api api = new Api(sim);

            List<IssueSnapshot> all = sim.data().issues();
            List<Integer> expected = all.stream()
                    .sorted(Comparator.comparingLong(IssueSnapshot::updatedAt).thenComparingInt(IssueSnapshot::code))
                    .map(IssueSnapshot::code)
                    .toList();
            for (int pageNumber : new int[] {1, 2, 150, 199, 200}) {
                Api.Answer a = api.call(
                        "DescribeIssueListWithPage",
                        "ProjectName",
                        sim.projectName(),
                        "IssueType",
                        "ALL",
                        "ShowSubIssues",
                        true,
                        "SortKey",
                        "UPDATED_AT",
                        "SortValue",
                        "ASC",
                        "PageNumber",
                        pageNumber,
                        "PageSize",
                        500);
                JsonNode data = a.response().get("Data");
                assertThat(data.get("TotalCount").asInt()).isEqualTo(100_000);
                assertThat(data.get("TotalPage").asInt()).isEqualTo(200);
                assertThat(data.get("List")).hasSize(500);
                List<Integer> codes = new java.util.ArrayList<>();
                data.get("List").forEach(row -> codes.add(row.get("Code").asInt()));
                assertThat(codes).isEqualTo(expected.subList((pageNumber - 1) * 500, pageNumber * 500));
            }
            Api.Answer beyond = api.call(
                    "DescribeIssueListWithPage",
                    "ProjectName",
                    sim.projectName(),
                    "IssueType",
                    "ALL",
                    "ShowSubIssues",
                    true,
                    "PageNumber",
                    201,
                    "PageSize",
                    500);
            assertThat(beyond.response().at("/Data/List")).isEmpty();

            // a later issue in the data set can be described in full
            JsonNode deep = api.call("DescribeIssue", "ProjectName", sim.projectName(), "IssueCode", 99_999)
                    .response()
                    .get("Issue");
            assertThat(deep.get("Code").asInt()).isEqualTo(99_999);
        }
    }

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedDoesNot() {
        try (CodingSimulator a =
                        CodingSimulator.builder().issues(2_000).seed(11).build();
                CodingSimulator b =
                        CodingSimulator.builder().issues(2_000).seed(11).build();
                CodingSimulator c =
                        CodingSimulator.builder().issues(2_000).seed(12).build()) {
            assertThat(a.data().issues()).isEqualTo(b.data().issues());
            assertThat(a.data().iterations()).isEqualTo(b.data().iterations());
            assertThat(a.data().teamMembers()).isEqualTo(b.data().teamMembers());
            assertThat(a.projectId()).isEqualTo(b.projectId());
            for (int code : new int[] {1, 500, 2_000}) {
                assertThat(a.data().describeIssueJson(code)).isEqualTo(b.data().describeIssueJson(code));
                assertThat(a.data().comments(code)).isEqualTo(b.data().comments(code));
            }
            assertThat(a.data().issues()).isNotEqualTo(c.data().issues());
        }
    }

    @Test
    void seededTimesLookLikeCodings() {
        try (CodingSimulator sim = CodingSimulator.builder().issues(5_000).build()) {
            List<IssueSnapshot> all = sim.data().issues();
            long anchor = CodingSimulator.DEFAULT_DATA_ANCHOR;
            assertThat(all).allSatisfy(i -> {
                assertThat(i.createdAt() % 1000).isZero();
                assertThat(i.updatedAt()).isBetween(i.createdAt(), anchor);
                assertThat(i.createdAt()).isGreaterThan(anchor - 366L * 86_400_000L);
                if (i.statusType().equals("COMPLETED")) {
                    assertThat(i.completedAt()).isPositive().isLessThanOrEqualTo(i.updatedAt());
                } else {
                    assertThat(i.completedAt()).isZero();
                }
                if (i.type().equals("SUB_TASK")) {
                    assertThat(i.parentCode()).isPositive().isLessThan(i.code());
                }
            });
            assertThat(all).extracting(IssueSnapshot::createdAt).isSorted();
            long neverUpdated =
                    all.stream().filter(i -> i.updatedAt() == i.createdAt()).count();
            assertThat(neverUpdated).isGreaterThan(100);
        }
    }
}
