package dev.camelcoding.app;

import dev.camelcoding.component.changelog.ChangeLogStatus;
import dev.camelcoding.component.changelog.ConsumerLag;
import dev.camelcoding.component.changelog.SourceStatus;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The change log part of {@code status}: per source, the reader (which node, since when), the log's head, tail and
 * size, and each consumer's lag, read from the store the settings name (the log lives in it).
 */
final class ChangeLogStatusPrinter {

    private ChangeLogStatusPrinter() {}

    /**
     * The change log as the status report carries it: null without a log; its database and why it cannot be read
     * now (a database that is down, or an embedded log whose running sync cannot be reached); else its sources.
     * {@code status} gives the reader of the log's database (making it may fail as reading it may).
     */
    static StatusReport.ChangeLog read(String database, Supplier<ChangeLogStatus> status) {
        List<SourceStatus> sources;
        try {
            sources = status.get().sources();
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
}
