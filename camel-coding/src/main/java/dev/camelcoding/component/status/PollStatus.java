package dev.camelcoding.component.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the polling consumer records after every poll of a table, and {@code status} shows: when it was last polled,
 * how it went, how much it emitted. Saved under {@link #NAME} in the field names the first versions wrote.
 *
 * @param lastPollAt     when the table was last polled (epoch ms), null never
 * @param lastSuccessAt  when a poll last succeeded, null never
 * @param problem        the last poll's failure, null when it succeeded
 * @param message        that failure's message, null when it succeeded
 * @param lastPollEvents what the last poll emitted
 * @param totalEvents    what every poll together emitted
 * @param throttledPolls polls that failed on CODING's rate limit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PollStatus(
        Long lastPollAt,
        Long lastSuccessAt,
        PollProblem problem,
        String message,
        long lastPollEvents,
        long totalEvents,
        long throttledPolls) {

    /** The state name of a table's poll status. */
    public static final String NAME = "status";

    /** Nothing polled yet. */
    public static PollStatus none() {
        return new PollStatus(null, null, null, null, 0, 0, 0);
    }

    /** This status after a poll at {@code now} that emitted {@code emitted} events and failed with {@code failure}. */
    public PollStatus afterPoll(long now, int emitted, PollProblem failure, String failureMessage) {
        return new PollStatus(
                now,
                failure == null ? Long.valueOf(now) : lastSuccessAt,
                failure,
                failure == null ? null : failureMessage,
                emitted,
                totalEvents + emitted,
                throttledPolls + (failure == PollProblem.THROTTLED ? 1 : 0));
    }
}
