package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.protocol.CodingCalendar;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A simulated CODING whose clock is not the test's: every time it stamps, and its day ranges, follow its clock. */
class ClockOffsetTest {

    /** 2026-05-28 23:40 in China Standard Time: one hour ahead is already the next CODING day. */
    private static final long LOCAL = Instant.parse("2026-05-28T15:40:00Z").toEpochMilli();

    @Test
    void timesAreStampedWithTheShiftedClockAndDayRangesMatchCodingsDay() {
        for (Duration offset : List.of(Duration.ofHours(1), Duration.ofHours(-1))) {
            try (CodingSimulator sim = CodingSimulator.builder()
                    .issues(20)
                    .clock(() -> LOCAL)
                    .clockOffset(offset)
                    .start()) {
                Api api = new Api(sim);
                int created = sim.createIssue("MISSION", "made on CODING's clock");
                JsonNode issue = api.call("DescribeIssue", "ProjectName", sim.projectName(), "IssueCode", created)
                        .response()
                        .path("Issue");
                long coding = LOCAL + offset.toMillis();
                assertThat(issue.path("CreatedAt").asLong())
                        .as("CreatedAt " + offset)
                        .isEqualTo(coding);
                assertThat(issue.path("UpdatedAt").asLong())
                        .as("UpdatedAt " + offset)
                        .isEqualTo(coding);

                // The UPDATED_AT condition is a day range in CODING's calendar (China Standard Time: an assumption,
                // docs/architecture.md "Assumptions"): CODING's day.
                String codingDay = Instant.ofEpochMilli(coding)
                        .atZone(CodingCalendar.ZONE)
                        .toLocalDate()
                        .toString();
                JsonNode page = api.call(
                                "DescribeIssueListWithPage",
                                "ProjectName",
                                sim.projectName(),
                                "IssueType",
                                "ALL",
                                "PageNumber",
                                1,
                                "PageSize",
                                50,
                                "Conditions",
                                List.of(Map.of("Key", "UPDATED_AT", "Value", codingDay + "_" + codingDay)))
                        .response()
                        .path("Data");
                List<Integer> codes = new java.util.ArrayList<>();
                page.path("List").forEach(row -> codes.add(row.path("Code").asInt()));
                assertThat(codes)
                        .as("issues updated on CODING's day " + codingDay)
                        .containsExactly(created);
            }
        }
    }
}
