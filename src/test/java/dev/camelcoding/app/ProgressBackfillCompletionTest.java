package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.status.SyncPhase;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}'s line for a completed backfill says the rows the sink holds: a 300-issue hybrid backfill printed
 * "issues: backfill complete, 600 rows" when the first progress report came after the snapshot had ended (the
 * meter took the rows committed <em>before</em> the run from the phase at that report, incremental, so CODING's 300
 * were counted once as committed before the run and once more as delivered in it).
 */
class ProgressBackfillCompletionTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    /** Lines of the JSON Lines sink's issues file: what the sink holds, counted independently of the meter. */
    private long sinkLines() throws Exception {
        Path file = data.resolve("jsonl").resolve("issues.jsonl");
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    @Test
    void aHybridBackfillReportedOnlyAfterItEndedSaysTheRowsCodingHasOnce() throws Exception {
        sim = CodingSimulator.builder()
                .issues(300)
                .iterations(2)
                .members(2)
                .maxCommentsPerIssue(0)
                .start();
        int issues = sim.data().issueCount();
        Properties p = SyncHarness.settings(sim, "jdbc:h2:mem:unused-" + UUID.randomUUID(), data);
        p.setProperty("coding.sink", "jsonl");
        p.setProperty("coding.sink.jsonl.dir", data.resolve("jsonl").toString());
        p.setProperty("coding.tables", "issues");
        p.setProperty("coding.mode", "hybrid");
        p.setProperty("coding.webhook.host", "127.0.0.1");
        p.setProperty("coding.webhook.port", "0");
        p.setProperty("coding.webhook.secret", "s3cret-" + UUID.randomUUID());
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            ProgressMeter progress = app.progress();
            // the backfill ends and is delivered before anyone reads the meter (a --progress-seconds longer than it)
            await().atMost(Duration.ofSeconds(90)).until(() -> sinkLines() >= issues);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> app.codingEndpoints().stream()
                            .filter(e -> e.getTable().uriName().equals("issues"))
                            .allMatch(e -> e.status().phase() == SyncPhase.INCREMENTAL));
            await().atMost(Duration.ofSeconds(10)).until(() -> progress.count("issues", "r") >= issues);

            List<String> printed = progress.report(issues, List.of("issues"));

            assertThat(sinkLines()).isEqualTo(issues);
            assertThat(printed.get(printed.size() - 1)).startsWith("issues " + issues + "/" + issues + " (incremental");
            assertThat(printed)
                    .filteredOn(l -> l.startsWith("issues: backfill complete"))
                    .singleElement()
                    .satisfies(l -> assertThat(l).startsWith("issues: backfill complete, " + issues + " rows "));
        }
    }
}
