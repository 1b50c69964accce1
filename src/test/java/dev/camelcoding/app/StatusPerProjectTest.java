package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.SimulatedProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One store holding two projects' sources (two single-project runs on one {@code coding.data-dir}, as two processes
 * sharing {@code coding.store.url} make it): {@code status} shows both projects, each with its own figures equal to
 * the simulated team's, and a team total that is their sum, whichever project the settings name; {@code --project}
 * shows one.
 */
class StatusPerProjectTest {

    @TempDir
    static Path data;

    private static CodingSimulator sim;
    private static SimulatedProject alpha;
    private static SimulatedProject beta;
    private static Properties alphaSettings;

    @BeforeAll
    static void syncTwoProjectsIntoOneStore() {
        sim = CodingSimulator.builder()
                .projectName("alpha")
                .issues(12)
                .iterations(3)
                .members(2)
                .addProject("beta", s -> s.issues(5).iterations(2).members(2))
                .start();
        alpha = sim.project("alpha");
        beta = sim.project("beta");
        alphaSettings = syncOnce(alpha);
        syncOnce(beta);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    /** One run of one project into the shared store (its own sink), until the sink has every row of it. */
    private static Properties syncOnce(SimulatedProject project) {
        Properties p = SyncHarness.settings(
                sim, "jdbc:h2:mem:status-per-project-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", data);
        p.setProperty("coding.project", project.name());
        p.setProperty("coding.tables", "issues,iterations");
        p.setProperty("coding.iterations.strategy", "diff");
        String sink = p.getProperty("coding.sink.jdbc.url");
        try (SyncApplication app = new SyncApplication(p)) {
            app.start();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(SyncHarness.count(sink, "issues"))
                        .isEqualTo(project.data().issueCount());
                assertThat(SyncHarness.count(sink, "iterations"))
                        .isEqualTo(project.data().iterations().size());
                assertThat(app.codingEndpoints().stream()
                                .filter(e -> List.of("issues", "iterations")
                                        .contains(e.getTable().uriName())))
                        .hasSize(2)
                        .allMatch(e -> e.status().lastPoll().isPresent(), "every table polled");
            });
        }
        return p;
    }

    @Test
    void theJsonShowsEveryProjectOfTheStoreWithItsFiguresAndTheTeamTotal() throws Exception {
        Cli json = Cli.run(args(alphaSettings, "--json"));
        assertThat(json.exit()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.out());

        // every source of both projects, with the figures of its own project
        assertThat(source(report, "alpha", "issues").path("totalEvents").asLong())
                .isEqualTo(alpha.data().issueCount());
        assertThat(source(report, "beta", "issues").path("totalEvents").asLong())
                .isEqualTo(beta.data().issueCount());
        assertThat(source(report, "beta", "iterations").path("rowsKnown").asLong())
                .isEqualTo(beta.data().iterations().size());

        JsonNode projects = report.path("projects");
        assertThat(projects.size()).isEqualTo(2);
        JsonNode a = project(report, "alpha");
        JsonNode b = project(report, "beta");
        assertThat(a.path("team").asText()).isEqualTo(sim.team());
        assertThat(a.path("tables").asInt()).isEqualTo(2);
        assertThat(a.path("up").asInt()).isEqualTo(2);
        assertThat(a.path("down").asInt()).isZero();
        assertThat(a.path("phase").asText()).isEqualTo("incremental");
        assertThat(a.path("totalEvents").asLong())
                .isEqualTo(alpha.data().issueCount() + alpha.data().iterations().size());
        assertThat(a.path("rows").path("events").asLong())
                .isEqualTo(alpha.data().issueCount());
        assertThat(a.path("rows").path("rows").asLong())
                .isEqualTo(alpha.data().iterations().size());
        assertThat(b.path("rows").path("events").asLong()).isEqualTo(beta.data().issueCount());
        assertThat(b.path("rows").path("rows").asLong())
                .isEqualTo(beta.data().iterations().size());
        assertThat(b.path("behindSeconds").asLong(-1)).isZero();

        JsonNode total = report.path("total");
        assertThat(total.path("projects").asInt()).isEqualTo(2);
        assertThat(total.path("tables").asInt()).isEqualTo(4);
        assertThat(total.path("up").asInt()).isEqualTo(4);
        assertThat(total.path("rows").path("events").asLong())
                .isEqualTo(alpha.data().issueCount() + beta.data().issueCount());
        assertThat(total.path("rows").path("rows").asLong())
                .isEqualTo(alpha.data().iterations().size()
                        + beta.data().iterations().size());
        assertThat(total.path("deadLetters").asLong()).isZero();
    }

    @Test
    void theTextGroupsTheTablesByProjectAndEndsWithTheTeamTotal() {
        Cli text = Cli.run(args(alphaSettings));
        assertThat(text.exit()).isZero();
        String out = text.out();
        int alphaAt = out.indexOf("project " + sim.team() + "/alpha");
        int betaAt = out.indexOf("project " + sim.team() + "/beta");
        int totalAt = out.indexOf("team total");
        assertThat(alphaAt).isNotNegative();
        assertThat(betaAt).isGreaterThan(alphaAt);
        assertThat(totalAt).isGreaterThan(betaAt);
        assertThat(out.substring(betaAt, totalAt))
                .contains("2 tables (2 UP)")
                .contains((beta.data().issueCount() + beta.data().iterations().size()) + " events in all");
        assertThat(out.substring(totalAt))
                .contains("2 projects, 4 tables (4 UP)")
                .contains((alpha.data().issueCount()
                                + alpha.data().iterations().size()
                                + beta.data().issueCount()
                                + beta.data().iterations().size())
                        + " events in all");
    }

    @Test
    void projectShowsOneProjectAlone() throws Exception {
        Cli json = Cli.run(args(alphaSettings, "--json", "--project", "beta"));
        assertThat(json.exit()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.path("projects").size()).isEqualTo(1);
        for (JsonNode source : report.path("sources")) {
            assertThat(source.path("project").asText()).isEqualTo("beta");
        }
        assertThat(report.path("total").path("rows").path("events").asLong())
                .isEqualTo(beta.data().issueCount());

        Cli text = Cli.run(args(alphaSettings, "--project", "beta"));
        // one project: no grouping, the tables as a one-project status prints them
        assertThat(text.out()).doesNotContain("team total").doesNotContain("project " + sim.team() + "/alpha");
        assertThat(text.out().lines()).contains("issues", "iterations");

        Cli unknown = Cli.run(args(alphaSettings, "--project", "gamma"));
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("gamma").contains("alpha").contains("beta");
    }

    private static JsonNode source(JsonNode report, String project, String table) {
        for (JsonNode source : report.path("sources")) {
            if (source.path("project").asText().equals(project)
                    && source.path("table").asText().equals(table)) {
                return source;
            }
        }
        throw new AssertionError("no source " + project + "/" + table + " in " + report);
    }

    private static JsonNode project(JsonNode report, String name) {
        for (JsonNode project : report.path("projects")) {
            if (project.path("project").asText().equals(name)) {
                return project;
            }
        }
        throw new AssertionError("no project " + name + " in " + report);
    }

    private static String[] args(Properties p, String... options) {
        List<String> args = new ArrayList<>(List.of("status"));
        args.addAll(List.of(options));
        p.stringPropertyNames().stream().sorted().forEach(key -> {
            args.add("--set");
            args.add(key + "=" + p.getProperty(key));
        });
        return args.toArray(String[]::new);
    }
}
