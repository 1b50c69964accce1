package dev.camelcoding.client;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * CODING's clock as its answers show it: the HTTP {@code Date} header (RFC 9110, whole seconds) of the latest
 * answer, and how far it is from this machine's clock.
 *
 * <p>Why: CODING stamps UpdatedAt with its own clock, and nothing says this machine's clock agrees. Anything the
 * component compares with CODING's times must come from CODING. The skew is only an estimate (the header has
 * second precision and may be stamped by a gateway rather than the server that writes UpdatedAt), so the cursor is
 * not built on it; it only widens the day range the incremental query asks for.
 * One per client; no JVM-wide state.
 */
public final class ServerClock {

    private final LongSupplier localClock;
    private volatile Reading latest;

    /** One Date header and when (this machine's clock) it arrived. */
    private record Reading(long serverMillis, long localMillis) {}

    public ServerClock(LongSupplier localClock) {
        this.localClock = localClock;
    }

    /** Records an answer's Date header; one that is missing or not an HTTP date is ignored. */
    void observe(String dateHeader) {
        if (dateHeader == null) {
            return;
        }
        try {
            long server = ZonedDateTime.parse(dateHeader.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
            latest = new Reading(server, localClock.getAsLong());
        } catch (DateTimeParseException notAnHttpDate) {
            // a proxy may rewrite or drop the header; the estimate simply stays as it was
        }
    }

    /** CODING's clock minus ours (ms) at the latest answer with a Date header, if any answer had one. */
    public OptionalLong skewMillis() {
        Reading r = latest;
        return r == null ? OptionalLong.empty() : OptionalLong.of(r.serverMillis() - r.localMillis());
    }

    /** CODING's current time estimated from the latest Date header, if any answer had one. */
    public OptionalLong estimatedNow() {
        Reading r = latest;
        return r == null
                ? OptionalLong.empty()
                : OptionalLong.of(r.serverMillis() + localClock.getAsLong() - r.localMillis());
    }
}
