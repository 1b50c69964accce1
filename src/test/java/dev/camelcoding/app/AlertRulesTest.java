package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example alert rules (docs/alerts/coding-sync.rules.yml): Prometheus's own {@code promtool} accepts them, and
 * every metric they use is one a running sync serves on /observe/metrics (a rule on a misspelt metric never fires).
 */
class AlertRulesTest {

    private static final Path RULES = Path.of("docs", "alerts", "coding-sync.rules.yml");
    private static final Pattern METRIC = Pattern.compile("\\b(coding_[a-z_]+)\\b");

    @TempDir
    Path data;

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Optional<Path> promtool = onPath("promtool");
        assertThat(promtool)
                .as("promtool checks the rules: install it with `apt-get install -y prometheus` (.ci/run does when it"
                        + " is missing)")
                .isPresent();
        Process check = new ProcessBuilder(promtool.get().toString(), "check", "rules", RULES.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS: 4 rules found");
    }

    @Test
    void everyMetricTheRulesUseIsServed() throws Exception {
        Set<String> used = new TreeSet<>();
        Matcher m = METRIC.matcher(Files.readString(RULES));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used)
                .contains(
                        "coding_source_down",
                        "coding_source_behind_seconds",
                        "coding_api_throttled_total",
                        "coding_dead_letters");

        try (CodingSimulator sim = CodingSimulator.builder()
                .issues(20)
                .iterations(2)
                .members(2)
                .maxCommentsPerIssue(0)
                .start()) {
            Properties settings =
                    SyncHarness.settings(sim, "jdbc:h2:mem:alerts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", data);
            settings.setProperty("coding.tables", "issues,iterations");
            int port = freePort();
            settings.setProperty("coding.observe.enabled", "true");
            settings.setProperty("coding.observe.host", "127.0.0.1");
            settings.setProperty("coding.observe.port", Integer.toString(port));
            // one call refused on the rate limit, so its counter exists (Micrometer makes a counter at its first count)
            sim.faults().throttleNext(1, 0, true);
            try (SyncApplication app = new SyncApplication(settings)) {
                app.start();
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    String metrics = http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
                    Set<String> served = new TreeSet<>();
                    metrics.lines()
                            .filter(l -> !l.startsWith("#"))
                            .map(l -> l.split("[{ ]", 2)[0])
                            .forEach(served::add);
                    assertThat(served).containsAll(used);
                    assertThat(metrics)
                            .contains("coding_source_down{project=\"" + sim.projectName() + "\",table=\"issues\"} 0.0");
                });
            }
        }
    }

    private static Optional<Path> onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
