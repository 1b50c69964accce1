package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.protocol.IterationOffsetMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DescribeIterationList: Offset semantics, the data key, filters, and counts. */
class IterationListTest {

    static List<Integer> codes(JsonNode data) {
        List<Integer> out = new ArrayList<>();
        data.get("List").forEach(r -> out.add(r.get("Code").asInt()));
        return out;
    }

    @Test
    void rowOffsetByDefaultUnderLowerCaseData() {
        try (CodingSimulator sim =
                CodingSimulator.builder().issues(300).iterations(8).start()) {
            Api api = new Api(sim);
            JsonNode first = api.call(
                            "DescribeIterationList", "ProjectName", sim.projectName(), "Offset", 0, "Limit", 3)
                    .response()
                    .get("data");
            assertThat(codes(first)).containsExactly(8, 7, 6);
            assertThat(first.get("Page").asInt()).isEqualTo(1);
            assertThat(first.get("TotalRow").asInt()).isEqualTo(8);
            assertThat(first.get("TotalPage").asInt()).isEqualTo(3);
            JsonNode second = api.call(
                            "DescribeIterationList", "ProjectName", sim.projectName(), "Offset", 3, "Limit", 3)
                    .response()
                    .get("data");
            assertThat(codes(second)).containsExactly(5, 4, 3);
            assertThat(second.get("Page").asInt()).isEqualTo(2);
            JsonNode end = api.call("DescribeIterationList", "ProjectName", sim.projectName(), "Offset", 6, "Limit", 3)
                    .response()
                    .get("data");
            assertThat(codes(end)).containsExactly(2, 1);
            assertThat(api.call("DescribeIterationList", "ProjectName", sim.projectName(), "Offset", 9, "Limit", 3)
                            .response()
                            .at("/data/List"))
                    .isEmpty();

            JsonNode processing = api.call(
                            "DescribeIterationList", "ProjectName", sim.projectName(), "Status", List.of("PROCESSING"))
                    .response()
                    .get("data");
            assertThat(processing.get("List")).hasSize(1);
            JsonNode row = processing.at("/List/0");
            int code = row.get("Code").asInt();
            long inIteration = sim.data().issues().stream()
                    .filter(i -> i.iterationCode() == code)
                    .count();
            assertThat(row.get("WaitProcessCount").asLong()
                            + row.get("ProcessingCount").asLong()
                            + row.get("CompletedCount").asLong())
                    .isEqualTo(inIteration);
            assertThat(row.get("StartAt").asLong()).isLessThan(CodingSimulator.DEFAULT_DATA_ANCHOR);
            assertThat(row.get("EndAt").asLong()).isGreaterThan(CodingSimulator.DEFAULT_DATA_ANCHOR);
            assertThat(api.call("DescribeIterationList").errorCode()).isEqualTo("MissingParameter");
        }
    }

    @Test
    void pageOffsetModeAndUpperCaseDataKey() {
        try (CodingSimulator sim = CodingSimulator.builder()
                .issues(10)
                .iterations(8)
                .iterationOffsetMode(IterationOffsetMode.PAGE)
                .iterationDataKey("Data")
                .start()) {
            Api api = new Api(sim);
            JsonNode second = api.call(
                            "DescribeIterationList", "ProjectName", sim.projectName(), "Offset", 1, "Limit", 3)
                    .response()
                    .get("Data");
            assertThat(codes(second)).containsExactly(5, 4, 3);
            assertThat(second.get("Page").asInt()).isEqualTo(2);
        }
    }
}
