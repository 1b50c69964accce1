package dev.camelcoding.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.camelcoding.component.changelog.ConsumerOffsets;
import dev.camelcoding.component.changelog.Fence;
import dev.camelcoding.component.changelog.JdbcChangeLog;
import dev.camelcoding.component.changelog.JdbcLeaseClusterService;
import dev.camelcoding.component.changelog.JdbcLeaseView;
import dev.camelcoding.component.changelog.LoggedEntry;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.changelog.StartFrom;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Measures the change log (dev.camelcoding.component.changelog) against plain JDBC on the same database, in the same
 * run: appends per second at batch sizes 1, 100 and 1,000 (each batch one fenced transaction) against a plain JDBC
 * batch insert of the same rows into a table of the same shape (one transaction per batch, sequences counted in
 * Java), and a consumer's read throughput (pages of 1,000 with an offset commit per page) against the same paged
 * SELECT on the plain table. H2 always (a file in a temporary data directory); PostgreSQL when a JDBC URL is given.
 * Documented in docs/benchmarks.md.
 */
public final class ChangeLogBenchmark {

    private static final String USAGE = """
            usage: ./coding-bench ChangeLogBenchmark [options]
              --postgres URL      also measure this PostgreSQL (default: $CODING_TEST_POSTGRES_URL; none = H2 only)
              --rows N            rows appended per measurement at batch sizes 100 and 1000 (default 50000)
              --single-rows N     rows appended per measurement at batch size 1 (default 5000)
              --runs N            measured runs of each pair; the median is reported (default 3)
              --help              this text""";

    private static final int READ_PAGE = 1_000;
    private static final String PLAIN = "BENCH_PLAIN_LOG";

    private final int rows;
    private final int singleRows;
    private final int runs;

    private ChangeLogBenchmark(int rows, int singleRows, int runs) {
        this.rows = rows;
        this.singleRows = singleRows;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        String postgres = System.getenv("CODING_TEST_POSTGRES_URL");
        int rows = 50_000;
        int singleRows = 5_000;
        int runs = 3;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--postgres" -> postgres = args[++k];
                case "--rows" -> rows = Integer.parseInt(args[++k]);
                case "--single-rows" -> singleRows = Integer.parseInt(args[++k]);
                case "--runs" -> runs = Integer.parseInt(args[++k]);
                case "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[k] + "\n" + USAGE);
            }
        }
        ChangeLogBenchmark benchmark = new ChangeLogBenchmark(rows, singleRows, runs);
        System.out.printf(
                Locale.ROOT,
                "change log benchmark: %d rows per measurement (%d at batch size 1), "
                        + "median of %d runs, event JSON of %d bytes%n",
                rows,
                singleRows,
                runs,
                event(0).length());
        System.out.println("| database | measurement | change log rows/s | plain JDBC rows/s | ratio |");
        System.out.println("| --- | --- | ---: | ---: | ---: |");
        Path h2Directory = Files.createTempDirectory("changelog-bench-");
        try (HikariDataSource h2 = pool(JdbcChangeLog.embeddedH2Url(h2Directory))) {
            benchmark.measure("H2 " + org.h2.engine.Constants.VERSION + " (file)", h2);
        }
        if (postgres != null && !postgres.isBlank()) {
            try (HikariDataSource pg = pool(postgres.trim())) {
                benchmark.measure("PostgreSQL " + version(pg), pg);
            }
        } else {
            System.out.println("(no PostgreSQL: pass --postgres URL or set CODING_TEST_POSTGRES_URL)");
        }
    }

    private void measure(String database, DataSource dataSource) throws Exception {
        JdbcChangeLog log = new JdbcChangeLog(dataSource);
        createPlainTable(dataSource);
        JdbcLeaseClusterService election = new JdbcLeaseClusterService(dataSource);
        election.setId("bench");
        election.start();
        try {
            // warm-up: JIT, pool and statement caches; not reported
            pair(dataSource, log, election, 100, Math.min(rows, 10_000), true);
            SourceId largest = null;
            for (int batch : new int[] {1, 100, 1_000}) {
                int count = batch == 1 ? singleRows : rows;
                double[] logRates = new double[runs];
                double[] plainRates = new double[runs];
                for (int run = 0; run < runs; run++) {
                    Pair pair = pair(dataSource, log, election, batch, count, run % 2 == 0);
                    logRates[run] = pair.logRate();
                    plainRates[run] = pair.plainRate();
                    largest = pair.source();
                }
                print(database, "append, batch " + batch, median(logRates), median(plainRates));
            }
            double[] logReads = new double[runs];
            double[] plainReads = new double[runs];
            ConsumerOffsets offsets = new ConsumerOffsets(dataSource, log);
            for (int run = 0; run < runs; run++) {
                logReads[run] = consume(log, offsets, largest, rows, "bench-consumer-" + run);
                plainReads[run] = plainRead(dataSource, largest, rows);
            }
            print(database, "consumer read, pages of " + READ_PAGE, median(logReads), median(plainReads));
        } finally {
            election.stop();
        }
    }

    private record Pair(SourceId source, double logRate, double plainRate) {}

    /** One change log run and one plain run of the same rows; callers alternate which goes first. */
    private Pair pair(
            DataSource dataSource,
            JdbcChangeLog log,
            JdbcLeaseClusterService election,
            int batch,
            int count,
            boolean logFirst)
            throws Exception {
        SourceId source = new SourceId("bench-" + UUID.randomUUID().toString().substring(0, 8), "demo", "issues");
        Fence fence = leadership(election, source);
        double logged = logFirst ? logAppend(log, source, fence, batch, count) : 0;
        double plain = plainAppend(dataSource, source, batch, count);
        if (!logFirst) {
            logged = logAppend(log, source, fence, batch, count);
        }
        return new Pair(source, logged, plain);
    }

    private static Fence leadership(JdbcLeaseClusterService election, SourceId source) throws Exception {
        JdbcLeaseView view = election.getView(source.readerNamespace()).unwrap(JdbcLeaseView.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Optional<Fence> fence = view.fence();
        while (fence.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no reader lease for " + source + " within 30 s");
            }
            Thread.onSpinWait();
            fence = view.fence();
        }
        return fence.get();
    }

    private static double logAppend(JdbcChangeLog log, SourceId source, Fence fence, int batch, int count) {
        long started = System.nanoTime();
        for (int done = 0; done < count; done += batch) {
            List<CodingChange> entries = new ArrayList<>(batch);
            for (int i = done; i < Math.min(count, done + batch); i++) {
                entries.add(CodingChange.ofRow(Op.UPDATE, source.table(), key(i), 1_700_000_000_000L + i, event(i)));
            }
            log.append(source, entries, fence);
        }
        return rate(count, started);
    }

    private static double plainAppend(DataSource dataSource, SourceId source, int batch, int count)
            throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + PLAIN
                    + " (TEAM, PROJECT, TBL, SEQ, APPENDED_MS, OP, KEY_JSON, VERSION_MS, EVENT_JSON)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int done = 0; done < count; done += batch) {
                    long now = System.currentTimeMillis();
                    for (int i = done; i < Math.min(count, done + batch); i++) {
                        insert.setString(1, source.team());
                        insert.setString(2, source.project());
                        insert.setString(3, source.table());
                        insert.setLong(4, i + 1);
                        insert.setLong(5, now);
                        insert.setString(6, Op.UPDATE.code());
                        insert.setString(7, key(i));
                        insert.setLong(8, 1_700_000_000_000L + i);
                        insert.setString(9, event(i));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                }
            } finally {
                connection.setAutoCommit(true);
            }
        }
        return rate(count, started);
    }

    private static double consume(
            JdbcChangeLog log, ConsumerOffsets offsets, SourceId source, int count, String consumer) {
        long started = System.nanoTime();
        offsets.position(consumer, source, StartFrom.oldest());
        long after = 0;
        int read = 0;
        while (read < count) {
            List<LoggedEntry> page = log.read(source, after, READ_PAGE);
            if (page.isEmpty()) {
                throw new IllegalStateException("the log of " + source + " ended after " + read + " entries");
            }
            read += page.size();
            after = page.get(page.size() - 1).sequence();
            offsets.commit(consumer, source, after);
        }
        return rate(read, started);
    }

    private static double plainRead(DataSource dataSource, SourceId source, int count) throws SQLException {
        long started = System.nanoTime();
        long after = 0;
        int read = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT SEQ, APPENDED_MS, OP, KEY_JSON,"
                        + " VERSION_MS, EVENT_JSON FROM " + PLAIN + " WHERE TEAM = ? AND PROJECT = ? AND TBL = ?"
                        + " AND SEQ > ? ORDER BY TEAM, PROJECT, TBL, SEQ LIMIT ?")) { // H2: see JdbcChangeLog
            while (read < count) {
                select.setString(1, source.team());
                select.setString(2, source.project());
                select.setString(3, source.table());
                select.setLong(4, after);
                select.setInt(5, READ_PAGE);
                int before = read;
                try (ResultSet page = select.executeQuery()) {
                    while (page.next()) {
                        after = page.getLong(1);
                        page.getLong(2);
                        page.getString(3);
                        page.getString(4);
                        page.getLong(5);
                        read += page.getString(6).isEmpty() ? 0 : 1;
                    }
                }
                if (read == before) {
                    throw new IllegalStateException("the plain table of " + source + " ended after " + read);
                }
            }
        }
        return rate(read, started);
    }

    private static void createPlainTable(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            boolean postgres = connection
                    .getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase(Locale.ROOT)
                    .contains("postgres");
            statement.execute("DROP TABLE IF EXISTS " + PLAIN);
            statement.execute("CREATE TABLE " + PLAIN + " (TEAM VARCHAR(200) NOT NULL, PROJECT VARCHAR(200) NOT NULL,"
                    + " TBL VARCHAR(200) NOT NULL, SEQ BIGINT NOT NULL, APPENDED_MS BIGINT NOT NULL,"
                    + " OP CHAR(1) NOT NULL, KEY_JSON VARCHAR(4000) NOT NULL, VERSION_MS BIGINT NOT NULL,"
                    + " EVENT_JSON " + (postgres ? "TEXT" : "CHARACTER VARYING") + " NOT NULL,"
                    + " PRIMARY KEY (TEAM, PROJECT, TBL, SEQ))");
            statement.execute("CREATE INDEX " + PLAIN + "_APPENDED ON " + PLAIN + " (TEAM, PROJECT, TBL, APPENDED_MS)");
        }
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setPoolName("changelog-bench");
        return new HikariDataSource(config);
    }

    private static String version(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductVersion();
        }
    }

    private static String key(int i) {
        return "{\"project\":\"demo\",\"code\":" + (i + 1) + "}";
    }

    /** A change event of the shape and size the component writes for an issue (about 1 KB). */
    private static String event(int i) {
        int code = i + 1;
        return "{\"op\":\"u\",\"table\":\"issues\",\"key\":{\"project\":\"demo\",\"code\":" + code + "},"
                + "\"before\":null,\"after\":{\"project\":\"demo\",\"code\":" + code + ",\"type\":\"REQUIREMENT\","
                + "\"name\":\"Issue " + code + ": make the export handle a project of ten thousand issues\","
                + "\"description\":\"" + "Steps to reproduce, expected and actual behaviour. ".repeat(8) + "\","
                + "\"status\":\"Processing\",\"priority\":\"2\",\"assignee\":{\"id\":17,\"name\":\"dev-17\"},"
                + "\"iteration\":{\"code\":3,\"name\":\"Sprint 3\"},\"created_at\":1699990000000,"
                + "\"updated_at\":" + (1_700_000_000_000L + i) + "},\"source\":{\"connector\":\"coding\","
                + "\"team\":\"acme\",\"project\":\"demo\",\"table\":\"issues\",\"mode\":\"polling\","
                + "\"inferred\":true},\"ts_ms\":" + (1_700_000_000_500L + i) + "}";
    }

    private static double rate(int count, long startedNanos) {
        return count / ((System.nanoTime() - startedNanos) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void print(String database, String measurement, double logRate, double plainRate) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %,.0f | %,.0f | %.2f |%n",
                database,
                measurement,
                logRate,
                plainRate,
                logRate / plainRate);
    }
}
