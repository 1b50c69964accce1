package dev.camelcoding.bench;

import dev.camelcoding.simulator.CodingSimulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped application end to end: {@code coding-sync run} (the routes of routes/ and the settings of
 * routes/application.properties, only the CODING address, the database and {@code coding.tables=issues} set) in a
 * child JVM with {@code -Xmx256m}, backfilling N issues from a simulator into H2 or PostgreSQL, against a plain JDBC
 * batch insert of the same rows (read back from the sink table) into the same database, measured in the same run.
 *
 * <pre>
 * ./coding-bench AppBackfillBenchmark --issues 100000
 * ./coding-bench AppBackfillBenchmark --issues 100000 \
 *     --jdbc-url jdbc:postgresql://127.0.0.1:PORT/coding --user postgres
 * </pre>
 *
 * Printed: the application's rate (rows visible per second, from the first row to the N-th, and from the child's
 * launch), the plain batch rate, their ratio (target: at least 50 %), the child's heap after each GC (from its GC
 * log): the peak and the last, to show it stays flat, and what the child allocated per issue from the first row to the
 * last ({@link ThreadAllocation}: the figure a shared machine's load does not move), in total and by thread.
 */
public final class AppBackfillBenchmark {

    private AppBackfillBenchmark() {}

    public static void main(String[] args) throws Exception {
        int issues = 100_000;
        String jdbcUrl = null;
        String user = "sa";
        String heap = "256m";
        int batchSize = 500;
        String jfr = null;
        // what users run: the embedded change log (routes/application.properties); "none" measures the direct path
        // JVM options of the child, as CODING_SYNC_JAVA_OPTS gives them to ./coding-sync (default: the launcher's own)
        String javaOpts = System.getenv().getOrDefault("CODING_SYNC_JAVA_OPTS", "");
        // where to keep the child's class histogram at every quarter (what grows with the table), if anywhere
        Path histograms = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--issues" -> issues = Integer.parseInt(args[++i]);
                case "--jdbc-url" -> jdbcUrl = args[++i];
                case "--user" -> user = args[++i];
                case "--heap" -> heap = args[++i];
                case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                case "--jfr" -> jfr = args[++i];
                case "--java-opts" -> javaOpts = args[++i];
                case "--histograms" -> histograms = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: AppBackfillBenchmark [--issues N] [--jdbc-url URL --user U]"
                            + " [--heap 256m] [--batch-size 500] [--jfr FILE] [--histograms DIR]");
                    System.exit(2);
                }
            }
        }
        Path work = Files.createTempDirectory("app-backfill-bench");
        boolean h2 = jdbcUrl == null;
        if (h2) {
            jdbcUrl = "jdbc:h2:file:" + work.resolve("coding") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        } else {
            dropSinkTables(jdbcUrl, user);
        }
        System.out.println("Application backfill benchmark (coding-sync run, routes/ and application.properties)");
        System.out.println("  machine: " + Runtime.getRuntime().availableProcessors() + " cores (shared, noisy), "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        long t0 = System.nanoTime();
        try (CodingSimulator sim = CodingSimulator.builder().issues(issues).start()) {
            long expected = sim.data().issueCount();
            System.out.printf(
                    Locale.ROOT,
                    "  simulator: %d issues generated in %.1f s; sink %s; child -Xmx%s;"
                            + " coding.batch-size=%d; the change log in the embedded store%n",
                    expected,
                    (System.nanoTime() - t0) / 1e9,
                    h2 ? "H2 (file)" : jdbcUrl,
                    heap,
                    batchSize);
            Path gcLog = work.resolve("gc.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap,
                    "-XX:+ExitOnOutOfMemoryError",
                    "-Xlog:gc:file=" + gcLog));
            command.addAll(AppJar.launcherJvmOptions(javaOpts));
            if (jfr != null) {
                command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
            }
            command.addAll(List.of(
                    "-cp",
                    AppJar.path(),
                    AppJar.MAIN_CLASS,
                    "run",
                    "--progress-seconds",
                    "3600",
                    "--set",
                    "coding.team=" + sim.team(),
                    "--set",
                    "coding.project=" + sim.projectName(),
                    "--set",
                    "coding.token=" + sim.personalToken(),
                    "--set",
                    "coding.api-url=" + sim.baseUrl(),
                    "--set",
                    "coding.tables=issues",
                    "--set",
                    "coding.rate-limit=1000",
                    "--set",
                    "coding.batch-size=" + batchSize,
                    "--set",
                    "coding.data-dir=" + work.resolve("state"),
                    "--set",
                    "coding.sink.jdbc.url=" + jdbcUrl,
                    "--set",
                    "coding.sink.jdbc.user=" + user));
            long launched = System.nanoTime();
            // CPU is counted over the rate's window (first row to last), as the rate is: launch and boot excluded
            ThreadCpu childCpuAtFirstRow = null;
            ThreadAllocation childAllocationAtFirstRow = null;
            long childCpuNanosAtFirstRow = 0;
            long parentCpuAtFirstRow = 0;
            Process child = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("child.log").toFile())
                    .start();
            long firstRow = 0;
            long done;
            ThreadCpu childCpu;
            ThreadAllocation childAllocation;
            long childCpuNanos;
            long parentCpuNanos;
            List<Long> liveHeapMb = new ArrayList<>();
            long nextHeapSample = expected / 4;
            try {
                while (true) {
                    if (!child.isAlive()) {
                        throw new IllegalStateException("coding-sync run exited with " + child.exitValue() + "; see "
                                + work.resolve("child.log"));
                    }
                    // on H2 the benchmark never creates the database: the child does (else the two race for its lock)
                    long rows = h2 ? countH2(jdbcUrl + ";IFEXISTS=TRUE", user, expected) : count(jdbcUrl, user);
                    long now = System.nanoTime();
                    if (rows > 0 && firstRow == 0) {
                        firstRow = now;
                        childCpuAtFirstRow = ThreadCpu.of(child.pid());
                        childCpuNanosAtFirstRow = childCpuNanos(child);
                        parentCpuAtFirstRow = WebhookLoad.processCpuNanos();
                        childAllocationAtFirstRow = ThreadAllocation.of(child.pid());
                    }
                    if (rows >= nextHeapSample && rows < expected) {
                        liveHeapMb.add(liveHeapMb(child.pid(), histograms, liveHeapMb.size() + 1));
                        nextHeapSample += expected / 4;
                    }
                    if (rows >= expected) {
                        done = now;
                        // read before the child is stopped: its threads' CPU, and the simulator's (this JVM)
                        childCpu = ThreadCpu.of(child.pid()).minus(childCpuAtFirstRow);
                        childCpuNanos = childCpuNanos(child) - childCpuNanosAtFirstRow;
                        parentCpuNanos = WebhookLoad.processCpuNanos() - parentCpuAtFirstRow;
                        childAllocation = ThreadAllocation.of(child.pid()).minus(childAllocationAtFirstRow);
                        liveHeapMb.add(liveHeapMb(child.pid(), histograms, 4));
                        break;
                    }
                    if (now - launched > TimeUnit.MINUTES.toNanos(45)) {
                        throw new IllegalStateException("only " + rows + " of " + expected + " rows after 45 min");
                    }
                    // polling the sink from outside (a benchmark, not a test); each count scans the table, so not often
                    Thread.sleep(250);
                }
            } finally {
                child.destroy();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            double appRate = expected / ((done - firstRow) / 1e9);
            double appRateFromLaunch = expected / ((done - launched) / 1e9);
            long[] heapAfterGc = heapAfterGc(gcLog);

            long[] plainCpu = new long[1];
            double plainRate = plainBatchInsert(jdbcUrl, user, batchSize, plainCpu);
            // the other baseline, in the same run: the simulator's pages fetched and parsed by a bare client
            RawBackfill raw = new RawBackfill(sim.baseUrl(), sim.personalToken(), sim.projectName(), 500);
            long rawCpu0 = WebhookLoad.processCpuNanos();
            long rawT0 = System.nanoTime();
            long rawRows = raw.run()[0];
            double rawSeconds = (System.nanoTime() - rawT0) / 1e9;
            long rawCpu = WebhookLoad.processCpuNanos() - rawCpu0;
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "  application (coding-sync run): %d rows in %.1f s from the first row:"
                            + " %.0f issues/s (%.0f issues/s from the child's launch)%n",
                    expected,
                    (done - firstRow) / 1e9,
                    appRate,
                    appRateFromLaunch);
            System.out.printf(
                    Locale.ROOT,
                    "  plain JDBC batch insert (batches of %d, a commit each): %.0f rows/s%n",
                    batchSize,
                    plainRate);
            System.out.printf(
                    Locale.ROOT,
                    "  ratio: %.1f %% of the plain batch rate (target >= 50 %%)%n",
                    100 * appRate / plainRate);
            System.out.printf(
                    Locale.ROOT,
                    "  child heap after GC: peak %d MB, last %d MB, %d GCs (-Xmx%s)%n",
                    heapAfterGc[0],
                    heapAfterGc[1],
                    heapAfterGc[2],
                    heap);
            System.out.println("  child live heap (full GC by jcmd GC.class_histogram) at 1/4, 1/2, 3/4 and all rows: "
                    + liveHeapMb + " MB");
            System.out.printf(
                    Locale.ROOT,
                    "  raw fetch (bare HttpClient + Jackson, same simulator): %d rows in %.1f s: %.0f rows/s%n",
                    rawRows,
                    rawSeconds,
                    rawRows / rawSeconds);
            printAllocation(expected, childAllocation);
            printCpuAccount(
                    expected,
                    childCpu,
                    childCpuNanos,
                    parentCpuNanos,
                    plainCpu[0],
                    rawCpu,
                    rawRows,
                    plainRate,
                    appRate);
        }
    }

    /**
     * The live objects of the child in MB: jcmd's class histogram (which runs a full GC first), its Total line. The
     * histogram is kept as {@code quarter-<n>.txt} in {@code histograms} when given, to see what grows.
     */
    private static long liveHeapMb(long pid, Path histograms, int quarter) {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(pid),
                            "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(60, TimeUnit.SECONDS);
            if (histograms != null) {
                Files.createDirectories(histograms);
                Files.writeString(histograms.resolve("quarter-" + quarter + ".txt"), out);
            }
            Matcher total = Pattern.compile("Total\\s+\\d+\\s+(\\d+)").matcher(out);
            return total.find() ? Long.parseLong(total.group(1)) / (1024 * 1024) : -1;
        } catch (Exception unavailable) {
            return -1;
        }
    }

    /** The issues the application has written (a backfill writes no tombstones; H2 counts a table from its index). */
    private static long count(String jdbcUrl, String user) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM coding_issues")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException notYetCreated) {
            return 0;
        }
    }

    /**
     * The H2 count, cheap for the child: the benchmark's connections are served by the child's H2 TCP server, and
     * there an exact {@code COUNT(*)} while the sink has a transaction open makes H2 walk the table
     * ({@code TransactionMap.adjustSize}: about 11 % of the child's CPU samples in a JFR profile). H2's row count
     * estimate is read from the map's size instead; only once it reaches {@code expected} is the exact count taken.
     */
    private static long countH2(String jdbcUrl, String user, long expected) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT ROW_COUNT_ESTIMATE FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE TABLE_NAME = 'CODING_ISSUES'")) {
            long estimate = r.next() ? r.getLong(1) : 0;
            return estimate < expected ? estimate : count(jdbcUrl, user);
        } catch (SQLException notYetCreated) {
            return 0;
        }
    }

    private static void dropSinkTables(String jdbcUrl, String user) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS coding_issues CASCADE");
            s.execute("DROP TABLE IF EXISTS bench_plain_issues");
        }
    }

    /**
     * The baseline: the rows the application wrote, read into memory, then inserted with plain INSERT batches into
     * a fresh table of the same columns in the same database; only the inserts are timed.
     */
    private static double plainBatchInsert(String jdbcUrl, String user, int batchSize, long[] cpuNanos)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
                Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT row_key, project, updated_at, ts_ms, doc FROM coding_issues")) {
                while (r.next()) {
                    rows.add(new Object[] {r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getString(5)});
                }
            }
            s.execute("DROP TABLE IF EXISTS bench_plain_issues");
            s.execute("CREATE TABLE bench_plain_issues (row_key VARCHAR(500) NOT NULL PRIMARY KEY,"
                    + " project VARCHAR(200), updated_at BIGINT, ts_ms BIGINT DEFAULT 0 NOT NULL,"
                    + " deleted BOOLEAN DEFAULT FALSE NOT NULL, pass_id VARCHAR(64), doc VARCHAR NOT NULL,"
                    + " synced_at TIMESTAMP NOT NULL)");
        }
        long t0;
        long t1;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "")) {
            c.setAutoCommit(false);
            t0 = System.nanoTime();
            long cpu0 = threadCpuNanos();
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO bench_plain_issues (row_key, project,"
                            + " updated_at, ts_ms, deleted, doc, synced_at) VALUES (?, ?, ?, ?, FALSE, ?, CURRENT_TIMESTAMP)")) {
                int inBatch = 0;
                for (Object[] row : rows) {
                    insert.setString(1, (String) row[0]);
                    insert.setString(2, (String) row[1]);
                    insert.setLong(3, (Long) row[2]);
                    insert.setLong(4, (Long) row[3]);
                    insert.setString(5, (String) row[4]);
                    insert.addBatch();
                    if (++inBatch == batchSize) {
                        insert.executeBatch();
                        c.commit();
                        inBatch = 0;
                    }
                }
                insert.executeBatch();
                c.commit();
            }
            t1 = System.nanoTime();
            // on H2 (embedded here: the child is gone) the inserts run on this thread; on PostgreSQL in the server
            cpuNanos[0] = threadCpuNanos() - cpu0;
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_plain_issues");
            }
            c.commit();
        }
        return rows.size() / ((t1 - t0) / 1e9);
    }

    /**
     * Where the CPU went, per issue: on a machine of few cores a run is bound by CPU, so the rates follow from these
     * figures. Printed: the application's CPU (the child's threads by kind, and the simulator serving it, which runs
     * in this JVM), the two baselines' CPU, and the rate the cores would allow at that CPU if nothing else ran.
     */
    private static void printCpuAccount(
            long rows,
            ThreadCpu child,
            long childNanos,
            long parentNanos,
            long plainNanos,
            long rawNanos,
            long rawRows,
            double plainRate,
            double appRate) {
        int cores = Runtime.getRuntime().availableProcessors();
        double childUs = childNanos / 1e3 / rows;
        double simulatorUs = parentNanos / 1e3 / rows;
        double plainUs = plainNanos / 1e3 / rows;
        double rawUs = rawNanos / 1e3 / rawRows;
        System.out.println("  CPU per issue (this machine: " + cores + " cores):");
        if (child.known()) {
            System.out.printf(
                    Locale.ROOT,
                    "    application, first row to last: %.0f us in the child (pipeline threads %.0f, JIT compilers %.0f, GC %.0f,"
                            + " other %.0f) + %.0f us in this JVM (the simulator serving pages, the row counts)%n",
                    childUs,
                    child.seconds("pipeline") * 1e6 / rows,
                    child.seconds("jit") * 1e6 / rows,
                    child.seconds("gc") * 1e6 / rows,
                    child.seconds("other") * 1e6 / rows,
                    simulatorUs);
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "    application, first row to last: %.0f us in the child + %.0f us in this JVM (the simulator, the row counts)%n",
                    childUs,
                    simulatorUs);
        }
        System.out.printf(
                Locale.ROOT,
                "    baselines: plain batch insert %.0f us (one thread); raw fetch %.0f us (client and simulator)%n",
                plainUs,
                rawUs);
        double appUs = childUs + simulatorUs;
        double ceiling = cores * 1e6 / appUs;
        System.out.printf(
                Locale.ROOT,
                "    at %.0f us per issue the %d cores allow at most %.0f issues/s (%.1f %% of the plain batch);"
                        + " measured %.0f/s%n",
                appUs,
                cores,
                ceiling,
                100 * ceiling / plainRate,
                appRate);
        // the least any log-backed sync does per issue: fetch it, insert it into the log, insert it into the sink
        double floorUs = rawUs + 2 * plainUs;
        System.out.printf(
                Locale.ROOT,
                "    the least work with the change log on (raw fetch + two plain inserts) is %.0f us:"
                        + " at most %.0f issues/s on %d cores (%.1f %% of the plain batch)%n",
                floorUs,
                cores * 1e6 / floorUs,
                cores,
                100 * cores * 1e6 / floorUs / plainRate);
    }

    /**
     * What the child allocated per issue over the rate's window (first row to last), in total and by thread: the
     * figure the load of a shared machine does not move (see {@link ThreadAllocation}).
     */
    private static void printAllocation(long rows, ThreadAllocation allocation) {
        if (!allocation.known()) {
            System.out.println("  allocated per issue: unknown (jcmd could not attach to the child)");
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "  allocated per issue (the child's threads, first row to last, jcmd Thread.print -e): %.1f KB"
                        + " (%.2f GB in all)%n",
                allocation.total() / 1024.0 / rows,
                allocation.total() / 1e9);
        allocation.byName().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(6)
                .filter(thread -> thread.getValue() >= allocation.total() / 100)
                .forEach(thread -> System.out.printf(
                        Locale.ROOT, "    %.1f KB  %s%n", thread.getValue() / 1024.0 / rows, thread.getKey()));
    }

    private static long childCpuNanos(Process child) {
        return child.toHandle()
                .info()
                .totalCpuDuration()
                .map(java.time.Duration::toNanos)
                .orElse(0L);
    }

    private static long threadCpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** Peak and last heap occupancy after a GC, and the number of GCs, from the child's -Xlog:gc file. */
    private static long[] heapAfterGc(Path gcLog) throws Exception {
        long peak = 0;
        long last = 0;
        long gcs = 0;
        if (!new File(gcLog.toString()).exists()) {
            return new long[] {0, 0, 0};
        }
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                long after = Long.parseLong(m.group(2));
                peak = Math.max(peak, after);
                last = after;
                gcs++;
            }
        }
        return new long[] {peak, last, gcs};
    }
}
