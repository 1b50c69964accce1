package dev.camelcoding.app;

import dev.camelcoding.component.changelog.ChangeLogStatus;
import dev.camelcoding.component.changelog.ConsumerLag;
import dev.camelcoding.component.changelog.ReaderLease;
import dev.camelcoding.component.changelog.SourceStatus;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The change log part of {@code status}: per source, the reader (which node, since when), the log's head, tail and
 * size, and each consumer's lag, read from the store ({@link StoreSettings}: embedded, or PostgreSQL shared by nodes).
 */
final class ChangeLogStatusPrinter {

    private final String storeName;
    private final DataSource store;
    private final PrintStream out;

    ChangeLogStatusPrinter(String storeName, DataSource store, PrintStream out) {
        this.storeName = storeName;
        this.store = store;
        this.out = out;
    }

    void print(Instant now) {
        List<SourceStatus> sources;
        try {
            sources = new ChangeLogStatus(store).sources();
        } catch (RuntimeException e) {
            // a database that is down, or an embedded store whose running sync cannot be reached
            out.printf("change log      %s: cannot be read now (%s)%n", storeName, SyncApplication.rootMessage(e));
            return;
        }
        out.printf("change log      %s, %d sources%n", storeName, sources.size());
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

    private static String describe(ReaderLease reader, Instant now) {
        return reader.holder() + " (epoch " + reader.epoch() + ") since "
                + StatusCommand.ago(reader.since(), now)
                + (reader.running()
                        ? ", lease until " + reader.expiresAt()
                        : ", lease ran out at " + reader.expiresAt()
                                + ": the node stopped without a clean stop, another takes" + " over");
    }
}
