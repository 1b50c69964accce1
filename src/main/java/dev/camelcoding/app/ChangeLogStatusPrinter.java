package dev.camelcoding.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.camelcoding.component.changelog.ChangeLogStatus;
import dev.camelcoding.component.changelog.ConsumerLag;
import dev.camelcoding.component.changelog.JdbcChangeLog;
import dev.camelcoding.component.changelog.ReaderLease;
import dev.camelcoding.component.changelog.SourceStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
    private final PrintStream out;

    ChangeLogStatusPrinter(SyncSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    void print(Instant now) {
        Optional<String> url = url();
        if (url.isEmpty()) {
            return;
        }
        List<SourceStatus> sources;
        try (HikariDataSource dataSource = open(url.get(), settings.get(URL_KEY).isBlank())) {
            sources = new ChangeLogStatus(dataSource).sources();
        } catch (RuntimeException e) {
            // a database that is down, or an embedded log whose running sync cannot be reached
            out.printf(
                    "change log      %s: cannot be read now (%s)%n",
                    StateStoreSettings.masked(url.get()), SyncApplication.rootMessage(e));
            return;
        }
        out.printf("change log      %s, %d sources%n", StateStoreSettings.masked(url.get()), sources.size());
        for (SourceStatus source : sources) {
            out.printf("  %s%n", source.source());
            out.printf(
                    "    log         head %d, tail %d, %d entries%n",
                    source.extent().head(),
                    source.extent().tail(),
                    source.extent().size());
            out.printf(
                    "    reader      %s%n",
                    source.reader().map(reader -> describe(reader, now)).orElse("none (no node holds the lease)"));
            for (ConsumerLag consumer : source.consumers()) {
                out.printf(
                        "    consumer    %s at %d, lag %d (moved %s)%n",
                        consumer.consumer(),
                        consumer.committed(),
                        consumer.lag(),
                        StatusCommand.ago(Optional.of(consumer.updatedAt()), now));
            }
        }
    }

    /**
     * Reads, for {@code work}, the readers' state kept in the change log's store (the readers' cursors commit there
     * with their pages), when there is a change log; {@code work} gets null without one or when it cannot be read.
     */
    <T> T withReaderState(java.util.function.Function<org.apache.camel.spi.StateRepository<String, String>, T> work) {
        Optional<String> url = url();
        if (url.isEmpty()) {
            return work.apply(null);
        }
        try (HikariDataSource dataSource = open(url.get(), settings.get(URL_KEY).isBlank())) {
            dev.camelcoding.component.store.CodingStore store =
                    dev.camelcoding.component.store.CodingStore.open("change log", dataSource);
            store.define(dev.camelcoding.component.store.StoreStateRepository.PART);
            return work.apply(new dev.camelcoding.component.store.StoreStateRepository(store));
        } catch (RuntimeException unreadable) {
            return work.apply(null);
        }
    }

    private static String describe(ReaderLease reader, Instant now) {
        return reader.holder() + " (epoch " + reader.epoch() + ") since "
                + StatusCommand.ago(reader.since(), now)
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
