package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.schema.IssueSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead letter says whose it is: {@code status} (text and {@code --json}) counts them per project and table, each
 * project's totals count its own, and {@code replay --project P} sends one project's again while the others wait.
 * The letters kept no project: one store serving several projects could not say whose were waiting.
 */
class DeadLettersPerProjectTest {

    @TempDir
    Path data;

    private static String[] args(String command, Properties p, String... options) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(options));
        p.stringPropertyNames().stream().sorted().forEach(key -> {
            args.add("--set");
            args.add(key + "=" + p.getProperty(key));
        });
        return args.toArray(String[]::new);
    }

    /** An issue update of {@code project} handed to the pipeline, as a source hands it over. */
    private static void send(ProducerTemplate template, String project, long code) {
        ChangeEvent event = new ChangeEvent(
                Op.UPDATE,
                "issues",
                IssueSchema.key(project, code),
                null,
                IssueSchema.key(project, code).put("updated_at", 1640598932000L),
                new ChangeEvent.Source("acme", project, "polling", null, null, false),
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
                        event.key().toString(),
                        CodingConstants.PROJECT,
                        project));
    }

    @Test
    void statusCountsThemPerProjectAndTableAndReplayTakesOneProjectAlone() throws Exception {
        String jdbc = "jdbc:h2:mem:dead-letters-per-project-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties p = SyncHarness.sinkOnlySettings(jdbc, data, "web");
        try (SyncApplication app = ReplayCommand.startWithoutSources(p)) {
            // the sink refuses every write (a constraint no row meets), as a database mid-migration would
            SyncHarness.execute(jdbc, "ALTER TABLE coding_issues ADD CONSTRAINT sink_outage CHECK (row_key = 'none')");
            ProducerTemplate template = app.camel().createProducerTemplate();
            send(template, "web", 1);
            send(template, "web", 2);
            send(template, "api", 3);
        }

        Cli json = Cli.run(args("status", p, "--json"));
        JsonNode deadLetters = new ObjectMapper().readTree(json.out()).path("deadLetters");
        assertThat(deadLetters.path("waiting").asLong()).isEqualTo(3);
        assertThat(deadLetters.path("groups").toString())
                .isEqualTo("[{\"project\":\"api\",\"table\":\"issues\",\"waiting\":1},"
                        + "{\"project\":\"web\",\"table\":\"issues\",\"waiting\":2}]");
        JsonNode web = new ObjectMapper().readTree(json.out()).path("projects").get(0);
        assertThat(web.path("project").asText()).isEqualTo("web");
        assertThat(web.path("deadLetters").asLong()).as("web's own letters").isEqualTo(2);
        String text = Cli.run(args("status", p)).out();
        assertThat(text).contains("  api/issues    1 waiting", "  web/issues    2 waiting");

        SyncHarness.execute(jdbc, "ALTER TABLE coding_issues DROP CONSTRAINT sink_outage");
        Cli replay = Cli.run(args("replay", p, "--project", "web", "--table", "issues"));
        assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("Replayed 2 dead letters of project web, table issues; 0 still waiting");
        assertThat(SyncHarness.count(jdbc, "issues")).isEqualTo(2);
        assertThat(SyncHarness.deadLetters(data.resolve("state")))
                .singleElement()
                .satisfies(letter -> assertThat(letter).contains("project=api\n", "sink_table=issues\n"));

        Cli wrongTable = Cli.run(args("replay", p, "--table", "tickets"));
        assertThat(wrongTable.exit()).isEqualTo(2);
        assertThat(wrongTable.err()).contains("--table tickets is not a table");
    }
}
