package dev.camelcoding.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.changelog.JdbcChangeLog;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Rounds of kill -9 against {@code coding-sync run} (a child JVM in hybrid mode: Service Hook listener plus backstop
 * poll, the embedded change log, an H2 sink): each round kills the run at a random point of the backfill, starts it
 * again, lets it finish, edits issues in CODING (the simulator, no hook registered) and kills it at a random point of
 * the incremental (backstop) polling, starts it again until the sink holds every change, then registers the Service
 * Hook and kills it at a random point of a burst of signed webhook deliveries ({@link WebhookBurst}), which goes on
 * while it is dead and while it starts again. Counted per round, against the simulator (an independent CODING):
 * changes lost (an issue whose version in the sink is not CODING's), duplicates (log entries of one table, key and
 * version beyond the first: a page or a delivery appended again after a kill), and deliveries answered 2xx whose
 * version is not in the change log (acknowledged before it was durable). Deliveries refused while the run was dead
 * (or answered 503 while the restarted run waited for the killed one's reader lease to expire) are not sent again by
 * the simulator: the backstop poll must catch them, and the lost count says whether it did.
 */
public final class SpineKillRounds {

    /** What the rounds found. */
    public record Result(int rounds, int kills, long duplicates, long lost, Deliveries deliveries) {}

    /**
     * The webhook bursts' deliveries as the sender saw them: sent, answered 2xx, failed (no answer or not 2xx: the
     * run was dead, starting, or not yet the reader; left to the backstop poll), and answered 2xx although their
     * version is not in the change log (must be 0).
     */
    public record Deliveries(long sent, long accepted, long failed, long notDurable) {

        static final Deliveries NONE = new Deliveries(0, 0, 0, 0);

        Deliveries plus(Deliveries other) {
            return new Deliveries(
                    sent + other.sent, accepted + other.accepted, failed + other.failed, notDurable + other.notDurable);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(180);

    private SpineKillRounds() {}

    /** Runs {@code rounds} rounds of {@code issues} issues each in directories under {@code work}. */
    public static Result run(Path work, int rounds, Random random, int issues, Consumer<String> out) throws Exception {
        int kills = 0;
        long duplicates = 0;
        long lost = 0;
        Deliveries deliveries = Deliveries.NONE;
        for (int round = 1; round <= rounds; round++) {
            Round one = new Round(work.resolve("round-" + round), random, issues, out);
            try {
                kills += one.play();
                long roundDuplicates = one.duplicates();
                long roundLost = one.lost();
                duplicates += roundDuplicates;
                lost += roundLost;
                deliveries = deliveries.plus(one.deliveries);
                out.accept("round " + round + ": " + one.kills + " kills, " + roundDuplicates + " duplicate entries, "
                        + roundLost + " changes lost; webhook burst: " + one.deliveries.sent() + " deliveries, "
                        + one.deliveries.accepted() + " answered 2xx (" + one.deliveries.notDurable()
                        + " of them not in the log), " + one.deliveries.failed() + " failed (left to the backstop); "
                        + String.join(", ", one.phases));
            } finally {
                one.close();
            }
        }
        return new Result(rounds, kills, duplicates, lost, deliveries);
    }

    private static final class Round implements AutoCloseable {

        private final Path dir;
        private final Random random;
        private final int issues;
        private final Consumer<String> out;
        private final CodingSimulator sim;
        /** Holds the sink open in this JVM, so it is the sink's H2 server and the children connect over TCP. */
        private final Connection sinkServer;

        /** The Service Hook listener's address, the same for every run of the round (the hook registered once). */
        private final int hookPort;

        private final String hookPath;
        private final String hookSecret;

        private final List<Process> children = new ArrayList<>();
        private int kills;
        private int started;
        private Deliveries deliveries = Deliveries.NONE;

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
            this.hookPort = freePort();
            this.hookPath = "/coding/webhook/kill-" + Long.toHexString(random.nextLong());
            this.hookSecret = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        }

        String sinkUrl() {
            return "jdbc:h2:file:" + dir.resolve("sink").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        }

        String logUrl() {
            return JdbcChangeLog.embeddedH2Url(dir.resolve("state"));
        }

        /** Seconds each phase took: backfill, polling, webhook burst (kill to restart), convergence after it. */
        private final List<String> phases = new ArrayList<>();

        private long phaseStart = System.nanoTime();

        private void phase(String name) {
            long now = System.nanoTime();
            phases.add(String.format(java.util.Locale.ROOT, "%s %.0f s", name, (now - phaseStart) / 1e9));
            phaseStart = now;
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
            phase("backfill");
            // incremental polling: issues edited in CODING, the run killed at a random moment while it reads them
            editSome();
            sleepRandomly(1_500);
            kill(second);
            editSome();
            Process third = start();
            awaitOrFail(this::sinkHasCodingsVersions, "every change after the polling kill");
            phase("polling");
            Process fourth = webhookBurst(third);
            phase("webhook burst");
            awaitOrFail(this::sinkHasCodingsVersions, "every change after the webhook burst's kill");
            phase("backstop catch-up");
            stop(fourth);
            deliveries = deliveriesOf(burstDeliveries);
            return kills;
        }

        /** Every delivery of the burst, and the first sent after the killed run's 2xx answers were checked. */
        private List<HookDelivery> burstDeliveries = List.of();

        private int checkedBeforeRestart;
        private long notDurableBeforeRestart;

        /**
         * Registers the Service Hook, starts a burst of edits and kills {@code running} at a random moment of it; the
         * burst goes on while the run is dead, and while the next run starts (refused, then 503 until it holds the
         * reader lease), and ends once the next run has answered a delivery 2xx. Every delivery answered 2xx before
         * the kill must already be in the log (checked while the run is dead: nothing can have appended it since).
         * Returns the next run.
         */
        private Process webhookBurst(Process running) throws Exception {
            sim.registerHook("http://127.0.0.1:" + hookPort + hookPath, hookSecret, List.of("ISSUE_UPDATED"));
            awaitOrThrow(() -> sim.ping().succeeded(), "the webhook listener to answer a PING");
            Process next;
            try (WebhookBurst burst = WebhookBurst.start(sim, random.nextLong())) {
                awaitOrThrow(
                        () -> burst.deliveries().stream()
                                        .filter(HookDelivery::succeeded)
                                        .count()
                                >= 5,
                        "5 deliveries answered 2xx");
                sleepRandomly(2_000);
                kill(running);
                phase("burst until the kill");
                int before = burst.deliveries().size();
                awaitOrThrow(() -> burst.deliveries().size() >= before + 3, "deliveries to the dead run");
                List<HookDelivery> beforeRestart = burst.deliveries();
                checkedBeforeRestart = beforeRestart.size();
                notDurableBeforeRestart = notInLog(beforeRestart);
                if (notDurableBeforeRestart > 0) {
                    out.accept(
                            "deliveries answered 2xx before the kill and not in the log: " + notDurableBeforeRestart);
                }
                phase("durability check");
                next = start();
                int restarted = beforeRestart.size();
                awaitOrThrow(
                        () -> {
                            List<HookDelivery> all = burst.deliveries();
                            return all.subList(restarted, all.size()).stream().anyMatch(HookDelivery::succeeded);
                        },
                        "a 2xx delivery from the restarted run");
            }
            sim.unregisterHooks();
            burstDeliveries = sim.deliveries().stream()
                    .filter(d -> d.event().startsWith("ISSUE_"))
                    .toList();
            out.accept("  burst answers: " + answers(burstDeliveries.subList(0, checkedBeforeRestart)) + " up to the"
                    + " restart; " + answers(burstDeliveries.subList(checkedBeforeRestart, burstDeliveries.size()))
                    + " after it");
            return next;
        }

        /**
         * The burst's figures. The 2xx answers of the killed run were checked before the restart (a later backstop
         * poll could append their version and hide a loss); those of the restarted run are checked now, once it is
         * stopped.
         */
        private Deliveries deliveriesOf(List<HookDelivery> sent) throws SQLException {
            long accepted = sent.stream().filter(HookDelivery::succeeded).count();
            long notDurable = notDurableBeforeRestart + notInLog(sent.subList(checkedBeforeRestart, sent.size()));
            return new Deliveries(sent.size(), accepted, sent.size() - accepted, notDurable);
        }

        /** How many deliveries got each answer: an HTTP status, or "no answer". */
        private static Map<String, Long> answers(List<HookDelivery> sent) {
            Map<String, Long> counts = new java.util.TreeMap<>();
            for (HookDelivery delivery : sent) {
                String answer = delivery.error() != null
                        ? "no answer"
                        : delivery.responseStatus() + " " + outcome(delivery.responseBody());
                counts.merge(answer, 1L, Long::sum);
            }
            return counts;
        }

        /** The listener's outcome word in its answer's body ({"status":"accepted",...}), if any. */
        private static String outcome(String body) {
            try {
                return body == null ? "" : JSON.readTree(body).path("status").asText("");
            } catch (java.io.IOException notJson) {
                return "";
            }
        }

        /** Deliveries answered 2xx whose issue version has no entry in the change log. */
        private long notInLog(List<HookDelivery> sent) throws SQLException {
            Set<WebhookBurst.IssueVersion> logged = loggedVersions();
            return sent.stream()
                    .filter(HookDelivery::succeeded)
                    .map(WebhookBurst::versionOf)
                    .filter(version -> !logged.contains(version))
                    .count();
        }

        /** Every (issue code, version) the change log holds. */
        private Set<WebhookBurst.IssueVersion> loggedVersions() throws SQLException {
            Set<WebhookBurst.IssueVersion> logged = new HashSet<>();
            try (Connection log = DriverManager.getConnection(logUrl(), "sa", "");
                    Statement statement = log.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT KEY_JSON, VERSION_MS FROM CODING_LOG_ENTRY WHERE TBL = 'issues'")) {
                while (rows.next()) {
                    long code = JSON.readTree(rows.getString(1)).path("code").asLong();
                    logged.add(new WebhookBurst.IssueVersion(code, rows.getLong(2)));
                }
            } catch (java.io.IOException e) {
                throw new SQLException("a log key is not JSON: " + e.getMessage(), e);
            }
            return logged;
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
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
            line.addAll(AppJar.launcherJvmOptions(System.getenv().getOrDefault("CODING_SYNC_JAVA_OPTS", "")));
            line.addAll(List.of("-cp", AppJar.path(), AppJar.MAIN_CLASS, "run"));
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
                    // hybrid: the Service Hook listener, and the polling consumer as the backstop every second
                    "coding.mode=hybrid",
                    "coding.backstop-interval=1s",
                    "coding.webhook.host=127.0.0.1",
                    "coding.webhook.port=" + hookPort,
                    "coding.webhook.path=" + hookPath,
                    "coding.webhook.secret=" + hookSecret,
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

        private static int freePort() throws java.io.IOException {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        /** Waits for a step of the round that must happen; a round that cannot go as planned is an error. */
        private void awaitOrThrow(BooleanSupplier condition, String what) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("gave up waiting for " + what + " after " + WAIT + ": " + tails());
                }
                Thread.sleep(100);
            }
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
