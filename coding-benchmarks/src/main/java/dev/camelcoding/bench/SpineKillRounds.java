package dev.camelcoding.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.changelog.JdbcChangeLog;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.IssueSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Rounds of kill -9 against {@code coding-sync run} (a child JVM, the embedded change log, an H2 sink): each round
 * kills the run at a random point of the backfill, starts it again, lets it finish, edits issues in CODING (the
 * simulator) and kills it at a random point of the incremental polling, then starts it again until the sink holds
 * every change. Counted per round, against the simulator (an independent CODING): changes lost (an issue whose
 * version in the sink is not CODING's) and duplicates (log entries of one table, key and version beyond the first:
 * a page appended again after a kill).
 */
public final class SpineKillRounds {

    /** What the rounds found. */
    public record Result(int rounds, int kills, long duplicates, long lost) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(180);

    private SpineKillRounds() {}

    /** Runs {@code rounds} rounds of {@code issues} issues each in directories under {@code work}. */
    public static Result run(Path work, int rounds, Random random, int issues, Consumer<String> out) throws Exception {
        int kills = 0;
        long duplicates = 0;
        long lost = 0;
        for (int round = 1; round <= rounds; round++) {
            Round one = new Round(work.resolve("round-" + round), random, issues, out);
            try {
                kills += one.play();
                long roundDuplicates = one.duplicates();
                long roundLost = one.lost();
                duplicates += roundDuplicates;
                lost += roundLost;
                out.accept("round " + round + ": " + one.kills + " kills, " + roundDuplicates + " duplicate entries, "
                        + roundLost + " changes lost");
            } finally {
                one.close();
            }
        }
        return new Result(rounds, kills, duplicates, lost);
    }

    private static final class Round implements AutoCloseable {

        private final Path dir;
        private final Random random;
        private final int issues;
        private final Consumer<String> out;
        private final CodingSimulator sim;
        /** Holds the sink open in this JVM, so it is the sink's H2 server and the children connect over TCP. */
        private final Connection sinkServer;

        private final List<Process> children = new ArrayList<>();
        private int kills;
        private int started;

        Round(Path dir, Random random, int issues, Consumer<String> out) throws Exception {
            this.dir = dir;
            this.random = random;
            this.issues = issues;
            this.out = out;
            Files.createDirectories(dir);
            this.sim = CodingSimulator.builder()
                    .issues(issues)
                    .seed(random.nextLong())
                    .start();
            this.sinkServer = DriverManager.getConnection(sinkUrl(), "sa", "");
        }

        String sinkUrl() {
            return "jdbc:h2:file:" + dir.resolve("sink").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        }

        String logUrl() {
            return JdbcChangeLog.embeddedH2Url(dir.resolve("state"));
        }

        int play() throws Exception {
            // the backfill: killed once the sink holds a random share of the issues
            Process first = start();
            int share = issues / 20 + random.nextInt(issues * 3 / 4);
            if (awaitOrExit(first, () -> sinkCount() >= share)) {
                kill(first);
            }
            Process second = start();
            awaitOrFail(() -> sinkCount() >= issues, "the backfill after the kill");
            // incremental polling: issues edited in CODING, the run killed at a random moment while it reads them
            editSome();
            sleepRandomly(1_500);
            kill(second);
            editSome();
            Process third = start();
            awaitOrFail(this::sinkHasCodingsVersions, "every change after the last kill");
            stop(third);
            return kills;
        }

        private void editSome() {
            int[] codes = sim.data().issueCodes();
            int edits = 5 + random.nextInt(20);
            for (int i = 0; i < edits; i++) {
                int code = codes[random.nextInt(codes.length)];
                sim.updateIssue(code, edit -> edit.name("edited " + random.nextInt(1_000_000)));
            }
        }

        private void sleepRandomly(int maxMs) throws InterruptedException {
            // a random kill point: what is being measured is where the kill lands, not a wait for a condition
            Thread.sleep(random.nextInt(maxMs));
        }

        private Process start() throws Exception {
            started++;
            List<String> line = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-cp",
                    AppJar.path(),
                    AppJar.MAIN_CLASS,
                    "run"));
            for (String pair : List.of(
                    "coding.team=" + sim.team(),
                    "coding.project=" + sim.projectName(),
                    "coding.token=" + sim.personalToken(),
                    "coding.api-url=" + sim.baseUrl(),
                    "coding.rate-limit=1000",
                    "coding.tables=issues",
                    "coding.page-size=100",
                    "coding.poll.delay=200",
                    "coding.sink.throttle.rate=20",
                    "coding.batch-size=50",
                    "coding.data-dir=" + dir.resolve("state"),
                    "coding.sink.jdbc.url=" + sinkUrl())) {
                line.add("--set");
                line.add(pair);
            }
            ProcessBuilder builder = new ProcessBuilder(line)
                    .redirectOutput(dir.resolve("run-" + started + ".out").toFile())
                    .redirectError(dir.resolve("run-" + started + ".err").toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("CODING_"));
            Process child = builder.start();
            children.add(child);
            return child;
        }

        private void kill(Process child) throws InterruptedException {
            if (child.isAlive()) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no clean stop
                kills++;
            }
        }

        private void stop(Process child) throws InterruptedException {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        /** Waits for {@code condition} while the child runs; false when the child ended first. */
        private boolean awaitOrExit(Process child, BooleanSupplier condition) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                if (!child.isAlive()) {
                    return false;
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException(
                    "waited " + WAIT + " for the backfill to reach a share (" + sinkCount() + " rows); " + tails());
        }

        private void awaitOrFail(BooleanSupplier condition, String what) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    out.accept("gave up waiting for " + what + " after " + WAIT + ": " + tails());
                    return; // counted as lost changes below
                }
                Thread.sleep(100);
            }
        }

        /** The last lines each run wrote to stderr: why a round did not go as planned. */
        private String tails() {
            StringBuilder tails = new StringBuilder();
            for (int run = 1; run <= started; run++) {
                try {
                    List<String> lines = Files.readAllLines(dir.resolve("run-" + run + ".err"));
                    tails.append("\nrun ")
                            .append(run)
                            .append(" stderr:\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
                } catch (java.io.IOException unreadable) {
                    tails.append("\nrun ").append(run).append(": ").append(unreadable.getMessage());
                }
            }
            return tails.toString();
        }

        private long sinkCount() {
            try (Statement statement = sinkServer.createStatement();
                    ResultSet rows =
                            statement.executeQuery("SELECT COUNT(*) FROM coding_issues WHERE deleted = FALSE")) {
                rows.next();
                return rows.getLong(1);
            } catch (SQLException notYet) {
                return 0; // the table is made by the first run
            }
        }

        private boolean sinkHasCodingsVersions() {
            return lost() == 0;
        }

        /** Issues whose version in the sink is not CODING's (missing, or an older version). */
        long lost() {
            Map<Long, Long> inSink = new HashMap<>();
            try (Statement statement = sinkServer.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT doc FROM coding_issues WHERE deleted = FALSE")) {
                while (rows.next()) {
                    JsonNode doc = JSON.readTree(rows.getString(1));
                    inSink.put(doc.path("code").asLong(), doc.path("updated_at").asLong());
                }
            } catch (Exception notYet) {
                return issues;
            }
            long lost = 0;
            for (IssueSnapshot issue : sim.data().issues()) {
                Long version = inSink.get((long) issue.code());
                if (version == null || version != issue.updatedAt()) {
                    lost++;
                }
            }
            return lost;
        }

        /** Log entries repeating a (table, key, version) already logged: each is a page appended twice. */
        long duplicates() throws SQLException {
            try (Connection log = DriverManager.getConnection(logUrl(), "sa", "");
                    Statement statement = log.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n"
                            + " FROM CODING_LOG_ENTRY WHERE VERSION_MS > 0 GROUP BY TBL, KEY_JSON, VERSION_MS"
                            + " HAVING COUNT(*) > 1) repeats")) {
                rows.next();
                return rows.getLong(1);
            }
        }

        @Override
        public void close() throws Exception {
            for (Process child : children) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            sinkServer.close();
            sim.close();
        }
    }
}
