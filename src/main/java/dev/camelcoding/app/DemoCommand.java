package dev.camelcoding.app;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.simulator.CodingSimulator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The main job on embedded defaults: starts a realistic CODING simulator, syncs every table with the {@code coding:}
 * polling consumer into JSON Lines files, drives a stream of changes through the simulator, and ends with a summary.
 */
final class DemoCommand {

    private static final List<String> TABLES = List.of("issues", "iterations", "projectMembers", "comments", "projects",
            "issueTypes", "issueFields", "issueStatuses");

    private final Map<String, AtomicLong> rows = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> ops = new ConcurrentHashMap<>();
    private final Map<String, BufferedWriter> files = new ConcurrentHashMap<>();

    int run(String[] args) throws Exception {
        int issues = 3000;
        Path data = Path.of("data", "demo");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--issues" -> issues = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                default -> {
                    System.err.println("demo: unknown option " + args[i]);
                    return 2;
                }
            }
        }
        Files.createDirectories(data);
        deleteOldOutput(data);
        long started = System.nanoTime();
        try (CodingSimulator sim = CodingSimulator.builder().issues(issues).iterations(12).members(15).start()) {
            System.out.printf("CODING simulator: %s (team %s, project %s: %d issues, %d iterations, %d members)%n",
                    sim.baseUrl(), sim.team(), sim.projectName(), sim.data().issueCount(),
                    sim.data().iterations().size(), sim.data().projectMembers().size());
            CamelContext camel = new DefaultCamelContext();
            camel.addRoutes(routes(sim, data));
            camel.start();
            try {
                System.out.println("Backfill (snapshot of every table):");
                int total = sim.data().issueCount();
                int comments = 0;
                for (int code : sim.data().issueCodes()) {
                    comments += sim.data().comments(code).size();
                }
                int totalComments = comments;
                int iterations = sim.data().iterations().size();
                int members = sim.data().projectMembers().size();
                waitFor(() -> count("issues") >= total && count("comments") >= totalComments
                        && count("iterations") >= iterations && count("projectMembers") >= members, total);
                printProgress(total, started);
                System.out.println();

                System.out.println("Changes made in CODING (the simulator): 3 updates, 1 new defect, 1 deletion,"
                        + " 1 new iteration, 1 renamed iteration, 1 new member, 1 comment");
                int first = sim.data().issueCodes()[0];
                sim.updateIssue(first, e -> e.name("Fix the login page (edited in the demo)"));
                sim.updateIssue(sim.data().issueCodes()[1], e -> e.name(e.current().name() + " (reworded)"));
                sim.updateIssue(sim.data().issueCodes()[2], e -> e.description("Steps to reproduce added in the demo"));
                int created = sim.createIssue("DEFECT", "A defect created during the demo");
                sim.deleteIssue(sim.data().issueCodes()[5]);
                sim.createIteration("Demo sprint");
                sim.updateIteration(sim.data().iterations().get(0).code(), e -> e.goal("Goal set in the demo"));
                sim.addMember("Demo Newcomer", "开发");
                sim.addComment(created, "Reproduced on the demo machine");
                System.out.println("Waiting for the polls to bring them (deletes come with the next census)...");
                waitFor(() -> count("issues", "u") >= 3 && count("issues", "c") >= 1 && count("issues", "d") >= 1
                        && count("iterations", "c") >= 1 && count("iterations", "u") >= 1
                        && count("projectMembers", "c") >= 1 && count("comments", "c") >= 1, 0);
            } finally {
                camel.stop();
            }
            closeFiles();
            summary(sim, data, Duration.ofNanos(System.nanoTime() - started));
        }
        return 0;
    }

    private RouteBuilder routes(CodingSimulator sim, Path data) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                for (String table : TABLES) {
                    String options = "&iterationStrategy=diff&reconcileInterval=3s&lookback=1m&commentRescanBatch=50";
                    from("coding:" + table + "?teamName=" + sim.team() + "&projectName=" + sim.projectName()
                            + "&apiUrl=" + sim.baseUrl() + "&token=" + sim.personalToken()
                            + "&rateLimit=2000&initialDelay=0&delay=1000&dataDirectory=" + data + "/state" + options)
                            .routeId("demo-" + table)
                            .process(exchange -> record(data, exchange.getMessage().getHeader(CodingConstants.TABLE,
                                    String.class), exchange.getMessage().getHeader(CodingConstants.OP, String.class),
                                    exchange.getMessage().getBody(String.class)));
                }
            }
        };
    }

    private void record(Path data, String table, String op, String json) throws IOException {
        BufferedWriter out = files.computeIfAbsent(table, t -> {
            try {
                return Files.newBufferedWriter(data.resolve(t + ".jsonl"), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        synchronized (out) {
            out.write(json);
            out.newLine();
        }
        rows.computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet();
        rows.computeIfAbsent(table + "/" + op, t -> new AtomicLong()).incrementAndGet();
        ops.computeIfAbsent(op, o -> new AtomicLong()).incrementAndGet();
    }

    private long count(String table, String op) {
        return count(table + "/" + op);
    }

    private long count(String table) {
        AtomicLong n = rows.get(table);
        return n == null ? 0 : n.get();
    }

    private void waitFor(BooleanSupplier done, int issuesTotal) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(Long.getLong("demo.timeoutSeconds", 300)).toNanos();
        long lastPrint = 0;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo did not finish within 5 minutes; events so far: "
                        + new TreeMap<>(rows));
            }
            if (issuesTotal > 0 && System.nanoTime() - lastPrint > 1_000_000_000L) {
                printProgress(issuesTotal, started);
                lastPrint = System.nanoTime();
            }
            synchronized (this) {
                wait(100); // progress display cadence, not a synchronisation
            }
        }
    }

    private void printProgress(int issuesTotal, long started) {
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        long done = count("issues");
        double rate = done / seconds;
        long eta = rate > 0 ? Math.round((issuesTotal - done) / rate) : -1;
        System.out.printf("\r  issues %d/%d (%.0f/s, ETA %s)  comments %d  iterations %d  members %d   ", done,
                issuesTotal, rate, eta < 0 ? "?" : eta + "s", count("comments"), count("iterations"),
                count("projectMembers"));
        System.out.flush();
    }

    private void summary(CodingSimulator sim, Path data, Duration took) {
        System.out.println();
        System.out.printf("Done in %.1f s. Events per table:%n", took.toMillis() / 1000.0);
        new TreeMap<>(rows).forEach((table, n) -> {
            if (!table.contains("/")) {
                System.out.printf("  %-15s %6d   -> %s%n", table, n.get(), data.resolve(table + ".jsonl"));
            }
        });
        System.out.print("Events per op:");
        new TreeMap<>(ops).forEach((op, n) -> System.out.printf("  %s=%d", op, n.get()));
        System.out.println("   (r snapshot, c create, u update, d delete)");
        Map<String, Long> calls = new TreeMap<>(sim.counters().snapshot());
        System.out.printf("CODING API calls made: %d%n", sim.counters().total());
        calls.forEach((action, n) -> System.out.printf("  %-32s %d%n", action, n));
        System.out.println("Look at the data:  head -n 2 " + data.resolve("issues.jsonl") + "   |   grep '\"op\":\"d\"' "
                + data + "/*.jsonl");
        System.out.println("Sync state (cursors) kept in " + data.resolve("state") + "; the next run starts afresh.");
    }

    private void closeFiles() throws IOException {
        for (BufferedWriter out : files.values()) {
            out.close();
        }
    }

    private static void deleteOldOutput(Path data) throws IOException {
        for (String table : TABLES) {
            Files.deleteIfExists(data.resolve(table + ".jsonl"));
        }
        Files.deleteIfExists(data.resolve("state").resolve("coding-state.dat"));
    }
}
