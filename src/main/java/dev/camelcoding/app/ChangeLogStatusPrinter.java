package dev.camelcoding.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.camelcoding.component.changelog.ChangeLogStatus;
import dev.camelcoding.component.changelog.ConsumerLag;
import dev.camelcoding.component.changelog.JdbcChangeLog;
import dev.camelcoding.component.changelog.SourceStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The change log part of {@code status}: per source, the reader (which node, since when), the log's head, tail and
 * size, and each consumer's lag. The log is the database {@code coding.log-cache.jdbc.url} names (PostgreSQL, shared
 * by nodes), else the embedded H2 log under {@code coding.data-dir} when one was made there; without either, status
 * says nothing about a log.
 */
final class ChangeLogStatusPrinter {

    static final String URL_KEY = "coding.log-cache.jdbc.url";
    private static final String EMBEDDED_FILE = "changelog.mv.db";

    private final SyncSettings settings;

    ChangeLogStatusPrinter(SyncSettings settings) {
        this.settings = settings;
    }

    /**
     * The change log as the status report carries it: null without a log; its database and why it cannot be read
     * now (a database that is down, or an embedded log whose running sync cannot be reached); else its sources.
     */
    StatusReport.ChangeLog read() {
        Optional<String> url = url();
        if (url.isEmpty()) {
            return null;
        }
        String database = StateStoreSettings.masked(url.get());
        List<SourceStatus> sources;
        try (HikariDataSource dataSource = open(url.get(), settings.get(URL_KEY).isBlank())) {
            sources = new ChangeLogStatus(dataSource).sources();
        } catch (RuntimeException e) {
            return new StatusReport.ChangeLog(database, SyncApplication.rootMessage(e), null);
        }
        List<StatusReport.LogSource> logSources = new ArrayList<>();
        for (SourceStatus source : sources) {
            List<StatusReport.Consumer> consumers = new ArrayList<>();
            for (ConsumerLag consumer : source.consumers()) {
                consumers.add(new StatusReport.Consumer(
                        consumer.consumer(), consumer.committed(), consumer.lag(), consumer.updatedAt()));
            }
            logSources.add(new StatusReport.LogSource(
                    source.source().toString(),
                    source.extent().head(),
                    source.extent().tail(),
                    source.extent().size(),
                    source.reader().map(StatusReports::reader).orElse(null),
                    List.copyOf(consumers)));
        }
        return new StatusReport.ChangeLog(database, null, List.copyOf(logSources));
    }

    /** The change log part of the text status, from the report ({@link #read}); nothing without a log. */
    static void print(PrintStream out, StatusReport.ChangeLog log, Instant now) {
        if (log == null) {
            return;
        }
        if (log.unreadable() != null) {
            out.printf("change log      %s: cannot be read now (%s)%n", log.database(), log.unreadable());
            return;
        }
        out.printf(
                "change log      %s, %d sources%n",
                log.database(), log.sources().size());
        for (StatusReport.LogSource source : log.sources()) {
            out.printf("  %s%n", source.source());
            out.printf(
                    "    log         head %d, tail %d, %d entries%n", source.head(), source.tail(), source.entries());
            out.printf(
                    "    reader      %s%n",
                    source.reader() == null ? "none (no node holds the lease)" : describe(source.reader(), now));
            for (StatusReport.Consumer consumer : source.consumers()) {
                out.printf(
                        "    consumer    %s at %d, lag %d (moved %s)%n",
                        consumer.consumer(),
                        consumer.committed(),
                        consumer.lag(),
                        StatusCommand.ago(Optional.of(consumer.movedAt()), now));
            }
        }
    }

    private static String describe(StatusReport.Reader reader, Instant now) {
        return reader.holder() + " (epoch " + reader.epoch() + ") since "
                + StatusCommand.ago(Optional.ofNullable(reader.since()), now)
                + (reader.running()
                        ? ", lease until " + reader.expiresAt()
                        : ", lease ran out at " + reader.expiresAt()
                                + ": the node stopped without a clean stop, another takes" + " over");
    }

    private Optional<String> url() {
        String configured = settings.get(URL_KEY);
        if (!configured.isBlank()) {
            return Optional.of(configured);
        }
        Path dataDir = Path.of(settings.find("coding.data-dir").orElse("data"));
        return Files.exists(dataDir.resolve(EMBEDDED_FILE))
                ? Optional.of(JdbcChangeLog.embeddedH2Url(dataDir))
                : Optional.empty();
    }

    private HikariDataSource open(String url, boolean embedded) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        // the embedded log is created by LogStorage as user sa without a password; H2 refuses any other user
        config.setUsername(embedded ? "sa" : settings.get("coding.log-cache.jdbc.user"));
        config.setPassword(embedded ? "" : settings.get("coding.log-cache.jdbc.password"));
        config.setMaximumPoolSize(1);
        config.setPoolName("coding-log-status");
        config.setConnectionTimeout(5_000);
        return new HikariDataSource(config);
    }
}
