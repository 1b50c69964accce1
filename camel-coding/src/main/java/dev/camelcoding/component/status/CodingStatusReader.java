package dev.camelcoding.component.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.polling.CommentFreshness;
import dev.camelcoding.component.polling.IssueReaderState;
import dev.camelcoding.component.polling.ListedRowHashes;
import dev.camelcoding.component.polling.ReaderPhase;
import dev.camelcoding.component.polling.ResyncRequest;
import dev.camelcoding.component.polling.StateStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.camel.spi.StateRepository;

/**
 * Reads a table's sync state through the API its endpoint writes it with ({@link StateStore} over a Camel
 * {@link StateRepository}: the store's {@code StoreStateRepository}, embedded or PostgreSQL, or any
 * other), as the same typed records, so {@code status} never depends on how a store lays its entries out or how a
 * record is encoded. A repository can only be asked for keys, not listed: the caller names the table's state key
 * prefix ({@code StateKeyPrefix.of}), as the endpoint computes it from its options.
 *
 * <p>The records it reads: the poll status ({@link PollStatus}), the issue reader's phase, pass and cursor
 * ({@link IssueReaderState}, for issues and comments), a listed table's row hashes ({@link ListedRowHashes})
 * and, for comments, their freshness ({@link CommentFreshness}) and whether every issue is known yet.
 * State that cannot be read is reported with its key ({@code UnreadableStateException}), never skipped: a status that
 * silently shows less than there is would mislead.
 */
public final class CodingStatusReader {

    /** Where the comments poller keeps its progress (as {@code CommentIndex.PROGRESS}). */
    static final String COMMENTS_PROGRESS = "comments.progress";

    private final StateRepository<String, String> repository;
    /**
     * One mapper for every reader (it only reads, and is thread-safe once made): a mapper builds and caches its
     * deserializers per record type on first use, and the monitoring page reads each table's status through a new
     * reader once a second; a mapper per reader rebuilt them each time (most of a read's CPU, about 100 KB of garbage).
     */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public CodingStatusReader(StateRepository<String, String> repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    /** The status of {@code table} whose state is kept under {@code stateKeyPrefix}; NOT_STARTED when none is. */
    public TableStatus read(CodingTable table, String stateKeyPrefix) {
        StateStore store = new StateStore(repository, stateKeyPrefix, MAPPER);
        Optional<PollStatus> status = store.read(PollStatus.NAME, PollStatus.class);
        Optional<IssueReaderState> reader = switch (table) {
            case ISSUES -> store.read(IssueReaderState.ISSUES, IssueReaderState.class);
            case COMMENTS -> store.read(IssueReaderState.COMMENTS, IssueReaderState.class);
            default -> Optional.empty();
        };
        Optional<ListedRowHashes> hashes = store.read(ListedRowHashes.NAME, ListedRowHashes.class);

        Optional<CommentFreshness> freshness = table == CodingTable.COMMENTS
                ? store.read(CommentFreshness.STATE, CommentFreshness.class)
                : Optional.empty();
        boolean commentsSeeded = table == CodingTable.COMMENTS
                && store.read(COMMENTS_PROGRESS, CommentsProgress.class)
                        .map(CommentsProgress::seeded)
                        .orElse(false);

        boolean resyncRunning = store.read(ResyncRequest.NAME, ResyncRequest.class)
                .map(ResyncRequest::running)
                .orElse(false);
        SyncPhase phase;
        if (resyncRunning && reader.map(r -> r.phase() != ReaderPhase.RESYNC).orElse(true)) {
            phase = SyncPhase.RESYNC; // taken by a table without a reader pass (listed tables, comments)
        } else if (freshness.isPresent()) {
            // the comments table: every issue known (seeded), then the backfill, then rescans and changes
            phase = !commentsSeeded
                    ? SyncPhase.SNAPSHOT
                    : freshness.get().unread() > 0 ? SyncPhase.BACKFILL : SyncPhase.INCREMENTAL;
        } else if (reader.isPresent() && reader.get().phase() != null) {
            phase = SyncPhase.of(reader.get().phase());
        } else if (table != CodingTable.ISSUES && table != CodingTable.COMMENTS && status.isPresent()) {
            phase = SyncPhase.LISTING;
        } else {
            phase = SyncPhase.NOT_STARTED;
        }
        OptionalInt passPage = reader.map(IssueReaderState::pass)
                .map(pass -> OptionalInt.of(pass.nextPage()))
                .orElse(OptionalInt.empty());
        OptionalLong passTotal = reader.map(IssueReaderState::pass)
                .filter(pass -> pass.total() > 0)
                .map(pass -> OptionalLong.of(pass.total()))
                .orElse(OptionalLong.empty());
        OptionalDouble passPace = reader.map(IssueReaderState::pass)
                .filter(pass -> pass.rowsPerSecond() != null && pass.rowsPerSecond() > 0)
                .map(pass -> OptionalDouble.of(pass.rowsPerSecond()))
                .orElse(OptionalDouble.empty());
        Optional<Instant> cursorAt = reader.flatMap(r -> instant(r.cursor()));
        // the census runs for the issues table only; the comments reader keeps the field without using it
        Optional<Instant> lastCensus =
                table == CodingTable.ISSUES ? reader.flatMap(r -> instant(r.lastCensusAt())) : Optional.empty();
        OptionalLong rowsKnown =
                hashes.map(h -> OptionalLong.of(h.rows().size())).orElse(OptionalLong.empty());

        PollStatus poll = status.orElseGet(PollStatus::none);
        Optional<PollFailure> failure = Optional.ofNullable(poll.problem())
                .map(problem -> new PollFailure(problem, poll.message() == null ? "" : poll.message()));
        return new TableStatus(
                table,
                stateKeyPrefix,
                phase,
                passPage,
                passTotal,
                cursorAt,
                lastCensus,
                instant(poll.lastPollAt()),
                instant(poll.lastSuccessAt()),
                poll.lastPollEvents(),
                poll.totalEvents(),
                poll.throttledPolls(),
                failure,
                rowsKnown,
                freshness,
                passPace);
    }

    /** The comments poller's progress record ({@code CommentIndex.Progress}), as far as status needs it. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record CommentsProgress(boolean seeded) {}

    /** Epoch milliseconds as an instant; absent, or 0 or less (never set), as empty. */
    private static Optional<Instant> instant(Long epochMillis) {
        return epochMillis == null || epochMillis <= 0
                ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(epochMillis));
    }
}
