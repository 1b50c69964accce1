package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's first command: the demo runs end to end and ends with its summary. */
class DemoCommandTest {

    @Test
    void theDemoSyncsTheSimulatorAndSummarises(@TempDir Path data) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = CodingSync.execute("demo", "--issues", "300", "--data", data.toString());
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.println(printed);

        assertThat(exit).isZero();
        assertThat(printed)
                .contains(
                        "the sink equals CODING.",
                        "Done in",
                        "coding_issues",
                        "300 rows",
                        "Events per op:",
                        "CODING API calls made:",
                        "org.h2.tools.Shell");
        assertThat(printed).containsPattern("(\\d+) of \\1 deliveries answered 2xx");
        assertThat(data.resolve("coding.mv.db")).exists();
    }

    /** The status command the demo prints at its end works as printed: it finds the demo's state and shows it. */
    @Test
    void theStatusCommandTheDemoPrintsReportsTheTables(@TempDir Path data) {
        Cli demo = Cli.run("demo", "--issues", "40", "--data", data.toString());
        assertThat(demo.exit()).isZero();
        String printed = demo.out()
                .lines()
                .map(String::strip)
                .filter(line -> line.startsWith("./coding-sync status"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the demo printed no status command"));
        String[] args = printed.substring("./coding-sync ".length()).strip().split("\\s+");
        Cli status = Cli.run(args);
        assertThat(status.exit()).isZero();
        assertThat(status.out()).doesNotContain("No sync state").contains("state in ");
        for (String table : java.util.List.of("issues", "comments", "iterations", "projectMembers")) {
            assertThat(status.out())
                    .containsPattern("(?m)^" + table + "\\R  phase         (snapshot|backfill|incremental|listing)");
        }
    }
}
