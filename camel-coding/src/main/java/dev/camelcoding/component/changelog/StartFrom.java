package dev.camelcoding.component.changelog;

import java.time.Instant;
import java.util.Objects;

/** Where a consumer without a committed offset starts reading a source's log. */
public sealed interface StartFrom {

    /** From the oldest entry retention has kept. */
    static StartFrom oldest() {
        return Oldest.INSTANCE;
    }

    /** From the next entry appended: nothing already in the log. */
    static StartFrom now() {
        return Now.INSTANCE;
    }

    /** From the first entry appended at or after {@code time}. */
    static StartFrom at(Instant time) {
        return new At(time);
    }

    /** Start at the oldest retained entry. */
    enum Oldest implements StartFrom {
        INSTANCE
    }

    /** Start after the current head. */
    enum Now implements StartFrom {
        INSTANCE
    }

    /** Start at the first entry appended at or after {@code time}. */
    record At(Instant time) implements StartFrom {
        public At {
            Objects.requireNonNull(time, "time");
        }
    }
}
