package dev.camelcoding.app;

import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job on embedded defaults, for a newcomer without a CODING account: a realistic project in the CODING
 * simulator, synced by the routes of routes/ in hybrid mode (signed Service Hook deliveries plus the backstop poll
 * that takes the snapshot) into an embedded H2 database; then a stream of changes made in the simulator, and a
 * summary of what arrived where.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "The main job on embedded defaults: a local"
                        + " CODING simulator synced end to end into H2 (hybrid mode), with a summary. No CODING account needed.")
final class DemoCommand implements Callable<Integer> {

    /** The sink tables the summary counts, in the order it prints them. */
    private static final List<String> TABLES = List.of(
            "issues",
            "comments",
            "iterations",
            "projectMembers",
            "projects",
            "issueTypes",
            "issueStatuses",
            "issueFields");

    /** The typed columns of the issues' live view: what a newcomer looks at first (README, "Look at the data"). */
    static final String LATEST_ISSUES_QUERY = "SELECT code, type, name, status_name, iteration_name, assignee_id,"
            + " updated_time FROM coding_issues_live ORDER BY updated_time DESC, code LIMIT 5";

    /** An analytic query on typed columns: open defects per assignee per iteration (README, "Look at the data"). */
    static final String OPEN_DEFECTS_QUERY = "SELECT i.iteration_name, m.name AS assignee, COUNT(*) AS open_defects"
            + " FROM coding_issues_live i LEFT JOIN coding_projectmembers_live m"
            + " ON m.project = i.project AND m.user_id = i.assignee_id"
            + " WHERE i.type = 'DEFECT' AND i.status_type <> 'COMPLETED'"
            + " GROUP BY i.iteration_name, m.name ORDER BY open_defects DESC, i.iteration_name, m.name";

    @Option(
            names = "--issues",
            paramLabel = "N",
            defaultValue = "3000",
            description = "issues in the simulated" + " project (default ${DEFAULT-VALUE})")
    int issues;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = "data/demo",
            description =
                    "where the H2 database," + " state and dead letters go; wiped first (default ${DEFAULT-VALUE})")
    Path data;

    @Option(
            names = "--page-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "port of the monitoring page (and /observe/metrics, /observe/health) on 127.0.0.1 while the"
                    + " demo runs; 0, the default, takes a free one. The address is printed at the start.")
    int pagePort;

    @Override
    public Integer call() throws Exception {
        if (issues < 1) {
            throw new ConfigurationException("--issues " + issues + ": use 1 or more");
        }
        wipe(data);
        Files.createDirectories(data);
        long started = System.nanoTime();
        try (CodingSimulator sim = CodingSimulator.builder()
                .issues(issues)
                .iterations(12)
                .members(15)
                .start()) {
            System.out.printf(
                    "1. CODING simulator at %s: team %s, project %s with %d issues, %d comments,"
                            + " %d iterations, %d members%n",
                    sim.baseUrl(),
                    sim.team(),
                    sim.projectName(),
                    sim.data().issueCount(),
                    totalComments(sim),
                    sim.data().iterations().size(),
                    sim.data().projectMembers().size());
            String jdbcUrl =
                    "jdbc:h2:file:" + data.toAbsolutePath().resolve("coding") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
            int port = freePort();
            String path = "/coding/webhook/" + token(18);
            String secret = token(24);
            Properties settings = settings(sim, data, jdbcUrl, port, path, secret);
            // the monitoring page is on in the demo: the observe server on this machine only
            int observePort = pagePort > 0 ? pagePort : freePort();
            settings.setProperty("coding.observe.enabled", "true");
            settings.setProperty("coding.observe.host", "127.0.0.1");
            settings.setProperty("coding.observe.port", Integer.toString(observePort));
            sim.registerHook("http://127.0.0.1:" + port + path, secret, List.of());
            System.out.printf(
                    "2. Service Hook registered in the simulator: http://127.0.0.1:%d%s (signed)%n",
                    port, path.substring(0, 24) + "...");

            try (SyncApplication app = new SyncApplication(settings)) {
                app.start();
                // the meter run prints with: each table's phase, pace and how far behind CODING, from its state
                ProgressMeter progress = app.progress();
                System.out.printf(
                        "   Monitoring page: http://127.0.0.1:%d%s (open it in a browser while the demo runs)%n",
                        observePort, MonitorPage.PAGE);
                System.out.println(
                        "3. Backfill of " + String.join(", ", TABLES) + " into H2 (mode hybrid, sink jdbc):");
                int total = sim.data().issueCount();
                int comments = totalComments(sim);
                waitFor(
                        // what the sink holds, the demo's promise (the meter counts deliveries, printed alongside)
                        () -> count(jdbcUrl, "issues") >= total
                                && count(jdbcUrl, "comments") >= comments
                                && count(jdbcUrl, "iterations")
                                        == sim.data().iterations().size()
                                && count(jdbcUrl, "projectMembers")
                                        >= sim.data().projectMembers().size()
                                && count(jdbcUrl, "projects") > 0
                                && count(jdbcUrl, "issueTypes") > 0
                                && count(jdbcUrl, "issueStatuses") > 0
                                && count(jdbcUrl, "issueFields") > 0,
                        () -> "   " + progress.line(total, TABLES));
                System.out.println();

                System.out.println("4. Changes made in CODING, delivered by signed Service Hooks:");
                List<String> made = change(sim);
                made.forEach(m -> System.out.println("   - " + m));
                System.out.println("   and one change whose delivery is lost (hook down): the backstop poll finds it");
                sim.unregisterHooks();
                int lost = sim.data().issueCodes()[7];
                sim.updateIssue(lost, e -> e.name(e.current().name() + " (edited while the hook was down)"));
                waitFor(() -> synced(sim, jdbcUrl), () -> "   waiting for the sink to equal CODING...");
                System.out.println("   the sink equals CODING.");
                summary(sim, progress, data, jdbcUrl, Duration.ofNanos(System.nanoTime() - started));
            }
        }
        return 0;
    }

    private static Properties settings(
            CodingSimulator sim, Path data, String jdbcUrl, int port, String path, String secret) {
        Properties p = SimulatedSync.settings(sim, data, jdbcUrl, "sa");
        p.setProperty("coding.rate-limit", "2000");
        p.setProperty("coding.tables", String.join(",", TABLES)); // every table, the team's projects too
        p.setProperty("coding.mode", "hybrid");
        p.setProperty("coding.backstop-interval", "3s");
        p.setProperty("coding.reconcile-interval", "10s");
        p.setProperty("coding.webhook.host", "127.0.0.1");
        p.setProperty("coding.webhook.port", Integer.toString(port));
        p.setProperty("coding.webhook.path", path);
        p.setProperty("coding.webhook.secret", secret);
        return p;
    }

    /** A stream of changes of every kind; each mutation delivers its hook before returning. */
    private static List<String> change(CodingSimulator sim) {
        int[] codes = sim.data().issueCodes();
        sim.updateIssue(codes[0], e -> e.name("Fix the login page (edited in the demo)"));
        sim.updateIssue(codes[1], e -> e.description("Steps to reproduce added in the demo"));
        sim.updateIssue(codes[2], e -> e.status("COMPLETED".equals(e.current().statusType()) ? "TODO" : "COMPLETED"));
        int created = sim.createIssue("DEFECT", "A defect reported during the demo");
        int deleted = codes[codes.length - 1];
        sim.deleteIssue(deleted);
        long comment = sim.addComment(created, "Reproduced on the demo machine");
        int iteration = sim.createIteration("Demo sprint");
        sim.updateIteration(sim.data().iterations().get(0).code(), e -> e.goal("Goal set in the demo"));
        long member = sim.addMember("Demo Newcomer", "开发");
        long accepted =
                sim.deliveries().stream().filter(HookDelivery::succeeded).count();
        return List.of(
                "3 issues updated, issue #" + created + " created, issue #" + deleted + " deleted",
                "comment " + comment + " added, iteration #" + iteration + " created, one iteration edited, member "
                        + member + " added",
                accepted + " of " + sim.deliveries().size() + " deliveries answered 2xx by the sync");
    }

    /** Whether the sink tables equal the simulator's data (keys, names, update times). */
    private static boolean synced(CodingSimulator sim, String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "");
                Statement s = c.createStatement()) {
            Map<Long, String> names = sim.data().issues().stream()
                    .collect(Collectors.toMap(i -> (long) i.code(), i -> i.updatedAt() + "|" + i.name()));
            int rows = 0;
            try (ResultSet r = s.executeQuery("SELECT row_key, updated_at, doc FROM coding_issues_live")) {
                com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                while (r.next()) {
                    var doc = mapper.readTree(r.getString(3));
                    String expected = names.get(doc.path("code").asLong());
                    if (expected == null
                            || !expected.equals(
                                    r.getLong(2) + "|" + doc.path("name").asText())) {
                        return false;
                    }
                    rows++;
                }
            }
            return rows == names.size()
                    && count(jdbcUrl, "iterations") == sim.data().iterations().size()
                    && count(jdbcUrl, "projectMembers")
                            == sim.data().projectMembers().size();
        } catch (SQLException | IOException notYet) {
            return false;
        }
    }

    private void summary(CodingSimulator sim, ProgressMeter progress, Path data, String jdbcUrl, Duration took) {
        System.out.printf("%nDone in %.1f s.%n", took.toMillis() / 1000.0);
        System.out.println("Rows in the H2 database " + data.resolve("coding.mv.db") + ":");
        for (String table : TABLES) {
            System.out.printf(
                    "  coding_%-15s %6d rows   (%d events received)%n",
                    table.toLowerCase(), count(jdbcUrl, table), progress.count(table));
        }
        System.out.print("Events per op:");
        progress.ops().forEach((op, n) -> System.out.printf("  %s=%d", op, n));
        System.out.println("   (r snapshot, c create, u update, d delete)");
        Map<String, Long> calls = new TreeMap<>(sim.counters().snapshot());
        System.out.printf(
                "CODING API calls made: %d (%s)%n",
                sim.counters().total(),
                calls.entrySet().stream()
                        .map(e -> e.getKey().replace("Describe", "") + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
        lookAtTheData(data).forEach(System.out::println);
        // status finds a table's state under the key its endpoint used (team, project): the command names them, so
        // it works as printed, without the CODING_TEAM / CODING_PROJECT a real run takes from the environment
        System.out.println("  ./coding-sync status --set coding.team=" + sim.team() + " --set coding.project="
                + sim.projectName() + " --set coding.data-dir=" + data.resolve("state"));
    }

    /**
     * How to open the demo's database: the H2 shell of the application's jar on the typed columns of the live views,
     * latest issues and open defects per assignee per iteration. The URL has AUTO_SERVER=TRUE, as the sink's own, so
     * the same command works while a sync holds the database (without it H2 refuses a second process the file).
     */
    static List<String> lookAtTheData(Path data) {
        String shell = "  java -cp target/app/coding-sync.jar org.h2.tools.Shell -url 'jdbc:h2:file:"
                + data.toAbsolutePath().resolve("coding") + ";AUTO_SERVER=TRUE' -user sa -sql ";
        return List.of(
                "Look at the data (typed columns in the views coding_<table>_live; works while a sync runs):",
                shell + "\"" + LATEST_ISSUES_QUERY + "\"",
                shell + "\"" + OPEN_DEFECTS_QUERY + "\"");
    }

    private static long count(String jdbcUrl, String table) {
        return SimulatedSync.liveRows(jdbcUrl, "sa", table);
    }

    private static int totalComments(CodingSimulator sim) {
        int total = 0;
        for (int code : sim.data().issueCodes()) {
            total += sim.data().comments(code).size();
        }
        return total;
    }

    private static void waitFor(BooleanSupplier done, java.util.function.Supplier<String> progress)
            throws InterruptedException {
        long deadline = System.nanoTime()
                + Duration.ofSeconds(Long.getLong("demo.timeoutSeconds", 300)).toNanos();
        long lastPrint = 0;
        Object pace = new Object();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo did not finish in time; " + progress.get());
            }
            if (System.nanoTime() - lastPrint > 1_000_000_000L) {
                System.out.print("\r" + progress.get() + "   ");
                System.out.flush();
                lastPrint = System.nanoTime();
            }
            synchronized (pace) {
                pace.wait(100); // the pace of the progress display, not a synchronisation
            }
        }
        System.out.print("\r" + progress.get() + "   ");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String token(int bytes) {
        byte[] raw = new byte[bytes];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Each demo starts afresh: its database, cursors and dead letters from a previous run are removed. */
    private static void wipe(Path data) throws IOException {
        if (!Files.isDirectory(data)) {
            return;
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
