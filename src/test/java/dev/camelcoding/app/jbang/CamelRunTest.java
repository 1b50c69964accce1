package dev.camelcoding.app.jbang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * routes/ under {@code camel run} (its engine, {@link org.apache.camel.main.KameletMain}, in a child JVM whose class
 * path is camel-kamelet-main and its dependencies only): the coding: component, HikariCP and H2 come from
 * {@code --dep} alone, resolved by KameletMain's downloader from the local Maven repository and {@code --repos},
 * exactly as {@code camel run ... --dep=dev.camelcoding:camel-coding:VERSION} after {@code mvn install}.
 *
 * <p>The component jar: {@code mvn verify} on a clean clone installs nothing, so the test publishes the reactor's
 * own jar (camel-coding/target, built before this module's tests) with its POM and the parent POM into a file-based
 * Maven repository under target/app and passes it as {@code --repos}, as {@code mvn deploy} would have left it. The
 * child's local repository is target/app/camel-run-m2 (-Dmaven.repo.local), seeded from the build's own repository
 * (~/.m2, given as a second {@code --repos}): whatever snapshot of camel-coding an earlier or concurrent
 * {@code mvn install} put in ~/.m2 is neither used nor able to replace the jar under the running child. The child
 * prints which jar its coding: component came from; the test checks it is a byte-for-byte copy of the reactor's.
 */
class CamelRunTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern BATCH_LINE = Pattern.compile("coding\\.sink - (\\w+): (\\d+) changes");
    private static final Pattern EVENT_LINE = Pattern.compile("coding\\.sink - (\\w+) [curd] \\{");
    private static String version;
    private static Path repository;
    private static String childClassPath;

    @TempDir
    Path work;

    private CodingSimulator sim;
    private Process child;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void publishComponentAndResolveKameletMain() throws Exception {
        version = System.getProperty("camel-coding.version");
        assertThat(version)
                .as("camel-coding.version (set by app.pom.xml's surefire configuration)")
                .isNotBlank();
        repository = ComponentRepository.publish(ROOT, version, ROOT.resolve("target/app/camel-run-repository"));
        childClassPath = KameletMainClassPath.resolve();
    }

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            child.getOutputStream().close(); // CamelRunChild stops Camel and exits
            if (!child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void logSinkPollingRunsUnderCamelRunWithTheComponentFromDep() throws Exception {
        sim = CodingSimulator.builder()
                .issues(120)
                .iterations(5)
                .members(7)
                .maxCommentsPerIssue(1)
                .start();
        start(
                List.of(
                        "routes/coding-sources.camel.yaml",
                        "routes/coding-pipeline.camel.yaml",
                        "routes/sinks/log.camel.yaml",
                        "routes/application.properties",
                        // the store (coding.store.url empty, the default) is an H2 file: H2 comes with --dep
                        // too
                        "--dep=dev.camelcoding:camel-coding:" + version,
                        "--dep=dev.camelcoding:camel-coding-sinks:" + version,
                        "--dep=com.h2database:h2:2.3.232"),
                Map.of());

        // issues and members: each row once (nothing changes meanwhile); iterations: the first overwrite pass logs
        // every iteration (later idle passes log nothing) and its pass end; comments: at least one comment sampled
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            Map<String, List<Long>> logged = loggedChanges();
            return sum(logged, "issues") == sim.data().issueCount()
                    && sum(logged, "projectMembers")
                            == sim.data().projectMembers().size()
                    && sum(logged, "iterations") >= sim.data().iterations().size()
                    && sum(logged, "comments") > 0;
        });
    }

    @Test
    void jdbcSinkHybridRunsUnderCamelRunWithHikariAndH2FromDep() throws Exception {
        sim = CodingSimulator.builder()
                .issues(90)
                .iterations(4)
                .members(5)
                .maxCommentsPerIssue(0)
                .start();
        int port = freePort();
        String secret = "camel-run-" + UUID.randomUUID();
        String jdbc = "jdbc:h2:file:" + work.resolve("db/coding") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        start(
                List.of(
                        "routes/coding-sources.camel.yaml",
                        "routes/coding-pipeline.camel.yaml",
                        "routes/sinks/jdbc.camel.yaml",
                        "routes/application.properties",
                        "--dep=dev.camelcoding:camel-coding:" + version,
                        "--dep=dev.camelcoding:camel-coding-sinks:" + version,
                        "--dep=com.zaxxer:HikariCP:6.2.1",
                        "--dep=com.h2database:h2:2.3.232",
                        "--port=" + port),
                Map.of(
                        "coding.tables",
                        "issues,projectMembers,iterations",
                        "coding.mode",
                        "hybrid",
                        "coding.webhook.server",
                        "platform-http",
                        "coding.webhook.secret",
                        secret,
                        "coding.backstop-interval",
                        "1h",
                        "coding.sink.jdbc.url",
                        jdbc));

        await().atMost(Duration.ofSeconds(120))
                .until(() -> count(jdbc, "issues") == sim.data().issueCount()
                        && count(jdbc, "iterations") == sim.data().iterations().size()
                        && count(jdbc, "projectmembers")
                                == sim.data().projectMembers().size());

        // hybrid: with the backstop an hour away, only the webhook (on KameletMain's platform-http) can bring this
        sim.registerHook("http://127.0.0.1:" + port + "/coding/webhook", secret, List.of());
        int renamed = sim.data().issueCodes()[3];
        sim.updateIssue(renamed, e -> e.name("renamed under camel run"));
        assertThat(sim.deliveries().get(sim.deliveries().size() - 1).responseStatus())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> issueName(jdbc, renamed).contains("renamed under camel run"));
    }

    private void start(List<String> camelRunArgs, Map<String, String> props) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a local repository of its own, seeded from the user's: a snapshot another build installs into ~/.m2
                // meanwhile cannot replace the component jar under the running child
                "-Dmaven.repo.local=" + ROOT.resolve("target/app/camel-run-m2"),
                "-cp",
                childClassPath,
                CamelRunChild.class.getName(),
                "--repos=" + repository.toUri() + "," + userRepository().toUri()));
        command.addAll(camelRunArgs);
        Map<String, String> all = new java.util.TreeMap<>(Map.of(
                "coding.team",
                sim.team(),
                "coding.project",
                sim.projectName(),
                "coding.token",
                sim.personalToken(),
                "coding.api-url",
                sim.baseUrl(),
                "coding.rate-limit",
                "1000",
                "coding.poll.delay",
                "300",
                "coding.data-dir",
                work.resolve("state").toString()));
        all.putAll(props);
        all.forEach((k, v) -> command.add("--prop=" + k + "=" + v));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        child = builder.start();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            output.add(line);
                            System.out.println("[camel run] " + line);
                        }
                    } catch (IOException ended) {
                        // the child exited
                    }
                },
                "camel-run-output");
        reader.setDaemon(true);
        reader.start();
        String loadedFrom = await().atMost(Duration.ofSeconds(180))
                .until(
                        () -> output.stream()
                                .filter(l -> l.startsWith("coding component loaded from "))
                                .findFirst()
                                .map(l -> l.substring("coding component loaded from ".length()))
                                .orElseGet(() -> {
                                    assertThat(child.isAlive())
                                            .as("camel run exited: %s", tail())
                                            .isTrue();
                                    return null;
                                }),
                        java.util.Objects::nonNull);
        Path jar = Path.of(loadedFrom);
        assertThat(jar.toString())
                .as("the component must come from the Maven repository, not a class path")
                .doesNotContain(ROOT.resolve("camel-coding").toString());
        assertThat(sha256(jar))
                .as("the downloaded component is the reactor's jar")
                .isEqualTo(sha256(ComponentRepository.reactorJar(ROOT, version)));
    }

    /** The Maven repository the build itself uses (mvn -Dmaven.repo.local, else ~/.m2/repository). */
    private static Path userRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private String tail() {
        int from = Math.max(0, output.size() - 40);
        return String.join("\n", output.subList(from, output.size()));
    }

    /** The exchanges per table the log sink printed, as sizes: one line per event, or per batch "TABLE: N changes". */
    private Map<String, List<Long>> loggedChanges() {
        Map<String, List<Long>> sizes = new java.util.HashMap<>();
        for (String line : output) {
            Matcher batch = BATCH_LINE.matcher(line);
            if (batch.find()) {
                sizes.computeIfAbsent(batch.group(1), t -> new ArrayList<>()).add(Long.parseLong(batch.group(2)));
                continue;
            }
            Matcher one = EVENT_LINE.matcher(line);
            if (one.find()) {
                sizes.computeIfAbsent(one.group(1), t -> new ArrayList<>()).add(1L);
            }
        }
        return sizes;
    }

    private static long sum(Map<String, List<Long>> sizes, String table) {
        return sizes.getOrDefault(table, List.of()).stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private static long count(String jdbc, String table) {
        try (Connection c = DriverManager.getConnection(jdbc, "sa", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM coding_" + table + "_live")) {
            r.next();
            return r.getLong(1);
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static String issueName(String jdbc, int code) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "sa", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT doc FROM coding_issues_live WHERE row_key LIKE '%\"code\":" + code + "}%'")) {
            return r.next() ? r.getString(1) : "";
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
