package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.SimulatedProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The monitoring page of a process whose store holds another project's sources too (a second process sharing the
 * store): its JSON endpoint carries both projects, each with its totals and the team's, the same figures
 * {@code status --json} prints; the other project's sources are marked as read by another process; and the alert
 * gauges carry each project's tag.
 */
class MonitorPageProjectsTest {

    @TempDir
    Path data;

    private CodingSimulator sim;
    private SyncApplication app;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void thePageCarriesEveryProjectOfTheStoreAsStatusJsonDoes() throws Exception {
        sim = CodingSimulator.builder()
                .projectName("alpha")
                .issues(9)
                .iterations(2)
                .members(2)
                .maxCommentsPerIssue(0)
                .addProject("beta", s -> s.issues(4).iterations(3).members(2))
                .start();
        SimulatedProject beta = sim.project("beta");
        // beta was synced by another process into the same store (here: an earlier one, stopped since)
        Properties betaSettings = settings("beta");
        try (SyncApplication other = new SyncApplication(betaSettings)) {
            other.start();
            String sink = betaSettings.getProperty("coding.sink.jdbc.url");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(SyncHarness.count(sink, "issues"))
                        .isEqualTo(beta.data().issueCount());
                assertThat(SyncHarness.count(sink, "iterations"))
                        .isEqualTo(beta.data().iterations().size());
                assertThat(synced(other)).allMatch(e -> e.status().lastPoll().isPresent(), "polled");
            });
        }

        Properties settings = settings("alpha");
        int port = freePort();
        settings.setProperty("coding.observe.enabled", "true");
        settings.setProperty("coding.observe.host", "127.0.0.1");
        settings.setProperty("coding.observe.port", Integer.toString(port));
        app = new SyncApplication(settings);
        app.start();
        String sink = settings.getProperty("coding.sink.jdbc.url");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(SyncHarness.count(sink, "issues"))
                    .isEqualTo(sim.project("alpha").data().issueCount());
            assertThat(synced(app)).allMatch(e -> e.status().lastPoll().isPresent(), "polled");
        });

        String page = "http://127.0.0.1:" + port + MonitorPage.JSON;
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    JsonNode figures = json.readTree(get(page));
                    JsonNode status = statusJson(settings);
                    assertThat(steady(figures.path("status").path("projects")))
                            .isEqualTo(steady(status.path("projects")));
                    assertThat(steady(figures.path("status").path("total"))).isEqualTo(steady(status.path("total")));
                    assertThat(figures.path("status").path("projects").size()).isEqualTo(2);
                });
        JsonNode figures = json.readTree(get(page));
        JsonNode betaTotals = figures.path("status").path("projects").get(1);
        assertThat(betaTotals.path("project").asText()).isEqualTo("beta");
        assertThat(betaTotals.path("rows").path("events").asLong())
                .isEqualTo(beta.data().issueCount());
        assertThat(betaTotals.path("rows").path("rows").asLong())
                .isEqualTo(beta.data().iterations().size());
        assertThat(figures.path("status").path("total").path("projects").asInt())
                .isEqualTo(2);
        // which process reads each source: this one alpha's, another one beta's
        JsonNode readers = figures.path("live").path("readersHere");
        assertThat(readers.path("alpha/issues").asBoolean()).isTrue();
        assertThat(readers.path("beta/issues").asBoolean()).isFalse();

        // the alert rules' gauges, per project and table
        String metrics = get("http://127.0.0.1:" + port + "/observe/metrics");
        assertThat(metrics)
                .containsPattern("coding_source_down\\{[^}]*project=\"beta\",table=\"issues\"[^}]*} 0")
                .containsPattern("coding_source_down\\{[^}]*project=\"alpha\",table=\"issues\"[^}]*} 0")
                .containsPattern("coding_events_total\\{[^}]*project=\"alpha\",table=\"issues\"");
    }

    /** The totals without the figures that move with the clock or the next poll (last poll, behind a moving sink). */
    private static JsonNode steady(JsonNode totals) {
        JsonNode copy = totals.deepCopy();
        List<JsonNode> all = new ArrayList<>();
        if (copy.isArray()) {
            copy.forEach(all::add);
        } else {
            all.add(copy);
        }
        for (JsonNode one : all) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) one).remove("lastPoll");
        }
        return copy;
    }

    private Properties settings(String project) {
        Properties p = SyncHarness.settings(
                sim, "jdbc:h2:mem:page-projects-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", data);
        p.setProperty("coding.project", project);
        p.setProperty("coding.tables", "issues,iterations");
        p.setProperty("coding.iterations.strategy", "diff");
        return p;
    }

    /** The endpoints of the tables synced (the application has one per table, the others idle). */
    private static List<dev.camelcoding.component.CodingEndpoint> synced(SyncApplication app) {
        return app.codingEndpoints().stream()
                .filter(e ->
                        List.of("issues", "iterations").contains(e.getTable().uriName()))
                .toList();
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private JsonNode statusJson(Properties settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("status", "--json"));
        settings.stringPropertyNames().stream().sorted().forEach(key -> {
            args.add("--set");
            args.add(key + "=" + settings.getProperty(key));
        });
        Cli status = Cli.run(args.toArray(String[]::new));
        assertThat(status.exit()).as(status.err()).isZero();
        return json.readTree(status.out());
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
