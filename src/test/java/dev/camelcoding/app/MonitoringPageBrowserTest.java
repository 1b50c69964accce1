package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The monitoring page in a real browser (Debian's chromium, headless, through chromedriver): while the issues are
 * backfilled and after a change, the figures the page shows are those {@code coding-sync status --json} prints; the
 * events-per-minute chart moves as events are delivered; a table CODING refuses (a permission the token lacks) shows
 * DOWN with the reason in words. A screenshot is saved under target/ at each step of every run.
 */
class MonitoringPageBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "monitoring-page");

    /** Every Action the sync may call; the token is later refused one of them. */
    private static final Set<String> ACTIONS = Set.of(
            "DescribeCodingCurrentUser",
            "DescribeProjectByName",
            "DescribeCodingProjects",
            "DescribeIssueListWithPage",
            "DescribeIssue",
            "DescribeIterationList",
            "DescribeIteration",
            "DescribeProjectMembers",
            "DescribeTeamMembers",
            "DescribeIssueCommentList",
            "DescribeProjectIssueTypeList",
            "DescribeTeamIssueTypeList",
            "DescribeProjectIssueFieldList",
            "DescribeProjectIssueStatusList");

    @TempDir
    Path data;

    private CodingSimulator sim;
    private SyncApplication app;
    private ChromeDriver browser;
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            try {
                screenshot("last"); // every run, a failing one too: what the page showed at the end
            } finally {
                browser.quit();
            }
        }
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void thePageShowsWhatStatusJsonPrintsAndADownSourcesReason() throws Exception {
        browser = chromium();
        sim = CodingSimulator.builder()
                .issues(300)
                .iterations(3)
                .members(3)
                .maxCommentsPerIssue(0)
                .start();
        Properties settings =
                SyncHarness.settings(sim, "jdbc:h2:mem:page-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", data);
        settings.setProperty("coding.tables", "issues,iterations,projectMembers");
        settings.setProperty("coding.page-size", "20");
        // polls 4 s apart (a snapshot pass runs within one poll): between two, the page can show what status shows
        settings.setProperty("coding.poll.delay", "4000");
        settings.setProperty("coding.reference.poll-delay", "4000");
        int port = freePort();
        settings.setProperty("coding.observe.enabled", "true");
        settings.setProperty("coding.observe.host", "127.0.0.1");
        settings.setProperty("coding.observe.port", Integer.toString(port));
        // each call takes 4 s: the backfill is slow enough to look at, a page at a time, and its state stays the same
        // long enough for the page (refreshed every 2 s from figures taken every second) to show it
        sim.faults().latency(Duration.ofSeconds(4));
        app = new SyncApplication(settings);
        app.start();
        browser.get("http://127.0.0.1:" + port + MonitorPage.PAGE);

        // during the backfill: the page's figures are status --json's (between two saves of the reader's state)
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    JsonNode status = statusJson(settings);
                    assertThat(source(status, "issues").path("phase").asText()).isEqualTo("snapshot");
                    // a few pages in, so the rows delivered are some of CODING's total
                    assertThat(source(status, "issues").path("passPage").asInt())
                            .isGreaterThanOrEqualTo(3);
                    assertThat(source(status, "issues")
                                    .path("rows")
                                    .path("total")
                                    .asLong())
                            .isEqualTo(300);
                    assertThat(pageFigures()).isEqualTo(expected(status));
                });
        long chartBefore = chartTotal("issues");
        screenshot("backfill");
        sim.faults().latency(Duration.ZERO);

        // the backfill ends; then a change in CODING
        String sink = settings.getProperty("coding.sink.jdbc.url");
        await().atMost(Duration.ofSeconds(60)).until(() -> SyncHarness.count(sink, "issues") == 300);
        int code = sim.data().issueCodes()[0];
        sim.updateIssue(code, edit -> edit.name("renamed while the page watches"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    JsonNode status = statusJson(settings);
                    JsonNode issues = source(status, "issues");
                    assertThat(issues.path("phase").asText()).isEqualTo("incremental");
                    assertThat(issues.path("totalEvents").asLong()).isEqualTo(301); // 300 snapshot rows and the change
                    assertThat(pageFigures()).isEqualTo(expected(status));
                });
        // the chart moves: the events delivered since the first look are in it
        await().atMost(Duration.ofSeconds(10)).until(() -> chartTotal("issues") > chartBefore);
        assertThat(chartTotal("issues")).isGreaterThanOrEqualTo(301);
        screenshot("after-change");

        // CODING refuses the iterations from now on: the page shows the table DOWN, and why, in words
        Set<String> allButIterations = new java.util.HashSet<>(ACTIONS);
        allButIterations.remove("DescribeIterationList");
        sim.restrictToken(sim.personalToken(), allButIterations);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    JsonNode status = statusJson(settings);
                    JsonNode iterations = source(status, "iterations");
                    assertThat(iterations.path("health").asText()).isEqualTo("DOWN");
                    assertThat(iterations.path("down").path("problem").asText()).isEqualTo("permission");
                    Map<String, Map<String, String>> page = pageFigures();
                    assertThat(page).isEqualTo(expected(status));
                    assertThat(page.get("iterations").get("reason"))
                            .contains("permission")
                            .isEqualTo(iterations.path("down").path("reason").asText());
                });
        // the page redraws its table at each fetch: a row found just before a redraw is stale, so look again
        await().atMost(Duration.ofSeconds(10))
                .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
                .until(() -> browser.findElement(org.openqa.selenium.By.cssSelector("tr.reason[data-table=iterations]"))
                        .isDisplayed());
        screenshot("down");
    }

    /** Chromium and chromedriver from Debian's packages; the test fails, saying so, when they are missing. */
    private ChromeDriver chromium() throws Exception {
        Optional<Path> chromium = onPath("chromium");
        Optional<Path> driver = onPath("chromedriver");
        assertThat(chromium.isPresent() && driver.isPresent())
                .as("this test drives Debian's chromium through chromedriver: install them with"
                        + " `apt-get install -y chromium chromium-driver` (.ci/run does when they are missing)")
                .isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1366,800",
                "--user-data-dir=" + Files.createDirectories(data.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** What the page shows now, per table, read from the rendered page in one go. */
    private Map<String, Map<String, String>> pageFigures() throws Exception {
        String figures = (String) ((JavascriptExecutor) browser).executeScript("""
                const out = {};
                document.querySelectorAll("tr.source").forEach(tr => {
                  const t = tr.dataset.table;
                  const reason = document.querySelector("tr.reason[data-table='" + t + "'] .down-reason");
                  out[t] = {
                    health: tr.dataset.health,
                    phase: tr.querySelector(".phase").textContent,
                    rows: tr.querySelector(".rows").textContent,
                    totalEvents: tr.querySelector(".total-events").textContent,
                    lastPoll: tr.querySelector(".last-poll").dataset.value,
                    throttledPolls: tr.querySelector(".throttled-polls").textContent,
                    behind: tr.querySelector(".behind").getAttribute("data-value"),
                    reason: reason ? reason.textContent : null,
                    deadLetters: document.getElementById("dead-letters").textContent
                  };
                });
                return JSON.stringify(out);""");
        Map<String, Map<String, String>> page = new LinkedHashMap<>();
        json.readTree(figures).fields().forEachRemaining(e -> {
            Map<String, String> table = new LinkedHashMap<>();
            e.getValue()
                    .fields()
                    .forEachRemaining(f -> table.put(
                            f.getKey(),
                            f.getValue().isNull() ? null : f.getValue().asText()));
            page.put(e.getKey(), table);
        });
        return withoutMovingBehind(page);
    }

    /** The figures status --json gives, as the page writes them. */
    private Map<String, Map<String, String>> expected(JsonNode status) {
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        for (JsonNode s : status.path("sources")) {
            Map<String, String> table = new LinkedHashMap<>();
            JsonNode rows = s.path("rows");
            table.put("health", s.path("health").asText());
            table.put(
                    "phase",
                    s.path("phase").asText()
                            + (s.has("passPage")
                                    ? " (page " + s.path("passPage").asInt() + ")"
                                    : ""));
            table.put(
                    "rows",
                    rows.path("delivered").asLong()
                            + (rows.has("total") ? " / " + rows.path("total").asLong() : ""));
            table.put("totalEvents", Long.toString(s.path("totalEvents").asLong()));
            table.put("lastPoll", s.path("lastPoll").asText(""));
            table.put("throttledPolls", Long.toString(s.path("throttledPolls").asLong()));
            table.put("behind", s.has("behindSeconds") ? s.path("behindSeconds").asText() : null);
            table.put("reason", s.has("down") ? s.path("down").path("reason").asText() : null);
            table.put(
                    "deadLetters",
                    Long.toString(status.path("deadLetters").path("waiting").asLong()));
            expected.put(s.path("table").asText(), table);
        }
        return withoutMovingBehind(expected);
    }

    /**
     * "Behind CODING" grows with the clock while a table is not caught up: compared only when it is 0 (caught up) or
     * unknown, the figures that do not move between two reads.
     */
    private static Map<String, Map<String, String>> withoutMovingBehind(Map<String, Map<String, String>> figures) {
        figures.values().forEach(t -> {
            String behind = t.get("behind");
            if (behind != null && !behind.equals("0")) {
                t.put("behind", "moving");
            }
        });
        return figures;
    }

    private long chartTotal(String table) {
        return Long.parseLong(
                browser.findElement(org.openqa.selenium.By.cssSelector("tr.source[data-table=" + table + "] svg.chart"))
                        .getAttribute("data-total"));
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

    private static JsonNode source(JsonNode status, String table) {
        for (JsonNode source : status.path("sources")) {
            if (source.path("table").asText().equals(table)) {
                return source;
            }
        }
        throw new AssertionError("no source " + table + " in " + status);
    }

    private void screenshot(String step) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(step + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
