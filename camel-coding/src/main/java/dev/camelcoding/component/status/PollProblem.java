package dev.camelcoding.component.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a table's last poll failed, as {@code CodingHealth} classifies it and the poll status records it. The first four
 * are permanent: no retry cures them, the table's route stopped and someone must fix the setting named in the message.
 */
public enum PollProblem {
    AUTHENTICATION("authentication", true),
    PERMISSION("permission", true),
    NOT_FOUND("not-found", true),
    INVALID_REQUEST("invalid-request", true),
    THROTTLED("throttled", false),
    UNREACHABLE("unreachable", false),
    /** The route failed on a change (the sink refused it); the change is read again on the next poll. */
    DELIVERY("delivery", false);

    private final String stored;
    private final boolean permanent;

    PollProblem(String stored, boolean permanent) {
        this.stored = stored;
        this.permanent = permanent;
    }

    /** The one word stored in the poll status and shown by {@code status}. */
    @JsonValue
    public String word() {
        return stored;
    }

    /** Whether retrying cannot help (the route stopped on it). */
    public boolean permanent() {
        return permanent;
    }

    /** The problem stored (or classified) as {@code word}. */
    @JsonCreator
    public static PollProblem ofStored(String word) {
        for (PollProblem problem : values()) {
            if (problem.stored.equals(word)) {
                return problem;
            }
        }
        throw new IllegalArgumentException("unknown poll problem '" + word + "' in the stored state");
    }
}
