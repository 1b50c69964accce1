package dev.camelcoding.component.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.polling.CommentFreshness;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.camel.spi.StateRepository;

/**
 * Reads a table's sync state through the same Camel {@link StateRepository} its endpoint writes to (the file one,
 * {@code DurableFileStateRepository}, or {@code JdbcStateRepository}, or any other), so {@code status} never depends
 * on how a store lays its entries out. A repository can only be asked for keys, not listed: the caller names the
 * table's state key prefix ({@code CodingEndpoint.stateKeyPrefix}), as the endpoint computes it from its options.
 *
 * <p>The documents it reads are the ones the pollers and the polling consumer save: {@code <prefix>:status} (the last
 * poll), {@code <prefix>:issues} or {@code <prefix>:comments.issues} (the issue reader's phase and cursor) and
 * {@code <prefix>:hashes} (a listed table's rows), and for comments {@code <prefix>:comments.freshness} and
 * {@code <prefix>:comments.progress}. A document that is not JSON is reported with its key, never
 * skipped: a status that silently shows less than there is would mislead.
 */
public final class CodingStatusReader {

    private final StateRepository<String, String> repository;
    private final ObjectMapper mapper = new ObjectMapper();

    public CodingStatusReader(StateRepository<String, String> repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    /** The status of {@code table} whose state is kept under {@code stateKeyPrefix}; NOT_STARTED when none is. */
    public TableStatus read(CodingTable table, String stateKeyPrefix) {
        Optional<JsonNode> status = document(stateKeyPrefix, "status");
        Optional<JsonNode> cursor = switch (table) {
            case ISSUES -> document(stateKeyPrefix, "issues");
            case COMMENTS -> document(stateKeyPrefix, "comments.issues");
            default -> Optional.empty();
        };
        Optional<JsonNode> hashes = document(stateKeyPrefix, "hashes");

        Optional<CommentFreshness> freshness = table == CodingTable.COMMENTS
                ? document(stateKeyPrefix, CommentFreshness.STATE).map(this::freshness) : Optional.empty();
        boolean commentsSeeded = table == CodingTable.COMMENTS && document(stateKeyPrefix, "comments.progress")
                .map(p -> p.path("seeded").asBoolean()).orElse(false);

        SyncPhase phase;
        if (freshness.isPresent()) {
            // the comments table: every issue known (seeded), then the backfill, then rescans and changes
            phase = !commentsSeeded ? SyncPhase.SNAPSHOT : freshness.get().unread() > 0 ? SyncPhase.BACKFILL
                    : SyncPhase.INCREMENTAL;
        } else if (cursor.isPresent() && cursor.get().hasNonNull("phase")) {
            phase = SyncPhase.ofStored(cursor.get().get("phase").asText());
        } else if (table != CodingTable.ISSUES && table != CodingTable.COMMENTS && status.isPresent()) {
            phase = SyncPhase.LISTING;
        } else {
            phase = SyncPhase.NOT_STARTED;
        }
        OptionalInt passPage = cursor.filter(c -> c.path("pass").has("nextPage"))
                .map(c -> OptionalInt.of(c.path("pass").path("nextPage").asInt())).orElse(OptionalInt.empty());
        Optional<Instant> cursorAt = cursor.flatMap(c -> instant(c, "cursor"));
        // the census runs for the issues table only; the comments reader keeps the field without using it
        Optional<Instant> lastCensus = table == CodingTable.ISSUES ? cursor.flatMap(c -> instant(c, "lastCensusAt"))
                : Optional.empty();
        OptionalLong rowsKnown = hashes.filter(h -> h.path("rows").isObject())
                .map(h -> OptionalLong.of(h.path("rows").size())).orElse(OptionalLong.empty());

        JsonNode poll = status.orElse(mapper.createObjectNode());
        Optional<PollFailure> failure = poll.hasNonNull("problem")
                ? Optional.of(new PollFailure(PollProblem.ofStored(poll.get("problem").asText()),
                        poll.path("message").asText("")))
                : Optional.empty();
        return new TableStatus(table, stateKeyPrefix, phase, passPage, cursorAt, lastCensus, instant(poll, "lastPollAt"),
                instant(poll, "lastSuccessAt"), poll.path("lastPollEvents").asLong(), poll.path("totalEvents").asLong(),
                poll.path("throttledPolls").asLong(), failure, rowsKnown, freshness);
    }

    private CommentFreshness freshness(JsonNode document) {
        try {
            return mapper.treeToValue(document, CommentFreshness.class);
        } catch (IOException e) {
            throw new IllegalStateException("the stored comments freshness is not what this version writes", e);
        }
    }

    private Optional<JsonNode> document(String prefix, String name) {
        String key = prefix + ":" + name;
        String text = repository.getState(key);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException("the stored state " + key + " is not JSON; remove it to start that table"
                    + " afresh", e);
        }
    }

    /** An epoch-millisecond field as an instant; absent, or 0 or less (never set), as empty. */
    private static Optional<Instant> instant(JsonNode document, String field) {
        JsonNode value = document.get(field);
        if (value == null || !value.canConvertToLong() || value.asLong() <= 0) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(value.asLong()));
    }
}
