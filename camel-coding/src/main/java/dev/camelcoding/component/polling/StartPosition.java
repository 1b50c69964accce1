package dev.camelcoding.component.polling;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where a table's first sync starts: {@code beginning} (snapshot), {@code now}, or an instant.
 *
 * <p>{@code now} is deliberately not resolved here: it means CODING's now, which only CODING's own answers can tell
 * (this machine's clock may be hours off CODING's; see {@link IssueChangeReader}). An instant is compared with
 * CODING's UpdatedAt as it is.
 *
 * @param kind  which of the three
 * @param since the instant, for {@link Kind#INSTANT} only
 */
public record StartPosition(Kind kind, Instant since) {

    /** The three ways a sync can start. */
    public enum Kind {
        BEGINNING,
        NOW,
        INSTANT
    }

    public static StartPosition parse(String text) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("beginning")) {
            return new StartPosition(Kind.BEGINNING, null);
        }
        if (text.equalsIgnoreCase("now")) {
            return new StartPosition(Kind.NOW, null);
        }
        try {
            return new StartPosition(Kind.INSTANT, Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "startFrom '" + text + "' must be beginning, now or an ISO-8601 instant"
                            + " such as 2024-05-01T00:00:00Z",
                    e);
        }
    }

    /** Whether the sync starts with a snapshot of the table. */
    public boolean snapshot() {
        return kind == Kind.BEGINNING;
    }
}
