package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.schema.IssueSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./coding-sync replay} through the real routes: counts, exit code, and no dead letter doubled or lost. */
class ReplayCommandTest {

    @TempDir
    Path data;

    private Properties settings(String jdbc) {
        return SyncHarness.sinkOnlySettings(jdbc, data, "web");
    }

    private static String[] asArgs(Properties p) {
        List<String> args = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            args.add("--set");
            args.add(key + "=" + p.getProperty(key));
        }
        return args.toArray(String[]::new);
    }

    private static String[] cat(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    private record Run(int exit, String printed) {}

    private static Run replay(Properties p) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exit = CodingSync.execute(cat("replay", asArgs(p)));
            return new Run(exit, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    private long deadLetterLines() throws Exception {
        return SyncHarness.deadLetters(data.resolve("state")).size();
    }

    @Test
    void aReplayThatFailsExitsNonZeroWithCountsAndKeepsEachDeadLetterOnce() throws Exception {
        String jdbc = "jdbc:h2:mem:replay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties p = settings(jdbc);
        try (SyncApplication app = ReplayCommand.startWithoutSources(p)) {
            // the sink refuses every write (a constraint no row meets), as a database mid-migration would
            SyncHarness.execute(jdbc, "ALTER TABLE coding_issues ADD CONSTRAINT sink_outage CHECK (row_key = 'none')");
            ProducerTemplate template = app.camel().createProducerTemplate();
            for (long code = 1; code <= 2; code++) {
                ChangeEvent event = new ChangeEvent(
                        Op.UPDATE,
                        "issues",
                        IssueSchema.key("web", code),
                        null,
                        IssueSchema.key("web", code).put("updated_at", 1640598932000L),
                        new ChangeEvent.Source("acme", "web", "polling", null, null, false),
                        1_000 + code);
                template.sendBodyAndHeaders(
                        "direct:coding-normalize",
                        event.render().body(),
                        Map.of(
                                CodingConstants.TABLE,
                                "issues",
                                CodingConstants.OP,
                                "u",
                                CodingConstants.KEY,
                                event.key().toString()));
            }
        }
        assertThat(deadLetterLines()).isEqualTo(2);

        for (int attempt = 1; attempt <= 3; attempt++) {
            Run run = replay(p);
            assertThat(run.exit()).as("exit code of replay " + attempt).isEqualTo(1);
            assertThat(run.printed()).contains("Replayed 0 dead letters; 2 still waiting");
            assertThat(deadLetterLines())
                    .as("dead letters after replay " + attempt)
                    .isEqualTo(2);
        }

        SyncHarness.execute(jdbc, "ALTER TABLE coding_issues DROP CONSTRAINT sink_outage");
        Run run = replay(p);
        assertThat(run.exit()).isZero();
        assertThat(run.printed()).contains("Replayed 2 dead letters; 0 still waiting");
        assertThat(deadLetterLines()).isZero();
        assertThat(SyncHarness.count(jdbc, "issues")).isEqualTo(2);
    }
}
