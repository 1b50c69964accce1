package dev.camelcoding.component.polling;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Where a table's first sync starts: {@code beginning} (snapshot), {@code now}, or an instant. */
public record StartPosition(boolean snapshot, Instant since) {

    public static StartPosition parse(String text, Instant now) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("beginning")) {
            return new StartPosition(true, null);
        }
        if (text.equalsIgnoreCase("now")) {
            return new StartPosition(false, now);
        }
        try {
            return new StartPosition(false, Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("startFrom '" + text + "' must be beginning, now or an ISO-8601 instant"
                    + " such as 2024-05-01T00:00:00Z", e);
        }
    }
}
