package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status --json} and the text {@code status} print one report: for a synced store (issues, comments,
 * iterations), every figure of the JSON is the one the text shows, and both equal the simulated CODING's facts.
 */
class StatusJsonTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void theJsonAndTheTextCarryTheSameFigures() throws Exception {
        sim = CodingSimulator.builder()
                .issues(30)
                .iterations(4)
                .members(2)
                .maxCommentsPerIssue(2)
                .start();
        Properties p =
                SyncHarness.settings(sim, "jdbc:h2:mem:status-json-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", data);
        p.setProperty("coding.tables", "issues,comments,iterations");
        p.setProperty("coding.iterations.strategy", "diff");
        String sink = p.getProperty("coding.sink.jdbc.url");
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SyncHarness.count(sink, "issues") == sim.data().issueCount()
                            && SyncHarness.count(sink, "iterations")
                                    == sim.data().iterations().size());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> app.codingEndpoints().stream()
                            .filter(e -> e.getTable().uriName().equals("comments"))
                            .allMatch(e -> e.status()
                                    .comments()
                                    .map(f -> f.unread() == 0 && f.issues() > 0)
                                    .orElse(false)));
        }

        Cli text = Cli.run(args(p, false));
        Cli json = Cli.run(args(p, true));
        assertThat(json.exit()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.out());

        // the simulated CODING's facts
        JsonNode issues = source(report, "issues");
        assertThat(issues.path("phase").asText()).isEqualTo("incremental");
        assertThat(issues.path("health").asText()).isEqualTo("UP");
        assertThat(issues.path("totalEvents").asLong()).isEqualTo(sim.data().issueCount());
        assertThat(issues.path("behindSeconds").asLong()).isZero();
        JsonNode iterations = source(report, "iterations");
        assertThat(iterations.path("rowsKnown").asLong())
                .isEqualTo(sim.data().iterations().size());
        assertThat(iterations.path("rows").path("delivered").asLong())
                .isEqualTo(sim.data().iterations().size());
        JsonNode comments = source(report, "comments");
        assertThat(comments.path("comments").path("issues").asLong())
                .isEqualTo(sim.data().issueCount());
        assertThat(comments.path("rows").path("delivered").asLong())
                .isEqualTo(sim.data().issueCount());
        assertThat(report.path("callBudget").path("callsPerSecond").asDouble()).isEqualTo(1000.0);
        assertThat(report.path("deadLetters").path("waiting").asLong()).isZero();

        // the text shows each of them, table by table
        for (JsonNode source : report.path("sources")) {
            String block = block(text.out(), source.path("table").asText());
            assertThat(block)
                    .as(source.toString())
                    .contains("phase         " + source.path("phase").asText())
                    .contains("(" + source.path("lastPollEvents").asLong() + " events; "
                            + source.path("totalEvents").asLong() + " in all)");
            if (source.has("cursor")) {
                assertThat(block)
                        .contains("cursor        " + source.path("cursor").asText());
            }
            if (source.has("rowsKnown")) {
                assertThat(block)
                        .contains("rows known    " + source.path("rowsKnown").asLong());
            }
            if (source.path("behindSeconds").asLong(-1) == 0) {
                assertThat(block).contains("behind CODING 0 s (caught up");
            }
        }
        JsonNode f = comments.path("comments");
        assertThat(block(text.out(), "comments"))
                .contains(String.format(
                        "comments read %.1f %% of %d issues within the hour",
                        100 * f.path("shareReadLastHour").asDouble(),
                        f.path("issues").asLong()))
                .contains("backfill      complete: " + f.path("read").asLong() + "/"
                        + f.path("issues").asLong());
        assertThat(text.out())
                .contains("state in " + report.path("stateStore").asText())
                .contains("dead letters    "
                        + report.path("deadLetters").path("waiting").asLong() + " waiting in "
                        + report.path("deadLetters").path("file").asText());
    }

    private static JsonNode source(JsonNode report, String table) {
        for (JsonNode source : report.path("sources")) {
            if (source.path("table").asText().equals(table)) {
                return source;
            }
        }
        throw new AssertionError("no source " + table + " in " + report);
    }

    /** The text status's lines of one table: from its name to the next unindented line. */
    private static String block(String text, String table) {
        StringBuilder block = new StringBuilder();
        boolean in = false;
        for (String line : text.split("\n")) {
            if (!line.startsWith(" ")) {
                in = line.equals(table);
            }
            if (in) {
                block.append(line).append('\n');
            }
        }
        return block.toString();
    }

    private static String[] args(Properties p, boolean json) {
        List<String> args = new ArrayList<>(List.of("status"));
        if (json) {
            args.add("--json");
        }
        p.stringPropertyNames().stream().sorted().forEach(key -> {
            args.add("--set");
            args.add(key + "=" + p.getProperty(key));
        });
        return args.toArray(String[]::new);
    }
}
