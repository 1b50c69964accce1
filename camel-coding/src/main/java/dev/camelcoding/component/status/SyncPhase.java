package dev.camelcoding.component.status;

import dev.camelcoding.component.polling.ReaderPhase;

/** Where a table's sync stands, as {@code status} shows it. */
public enum SyncPhase {
    /** Nothing has been saved for the table yet: it was never polled with this state store. */
    NOT_STARTED,
    /** The first full pass over every row (issues and comments), resumable at its page. */
    SNAPSHOT,
    /** A full pass again, after a backlog too large for one incremental poll. */
    CATCH_UP,
    /** Comments: every issue is known; the comments of issues never read are read, most recently updated first. */
    BACKFILL,
    /** Reading only what changed since the cursor. */
    INCREMENTAL,
    /** A table listed whole on every poll and compared with the rows known (iterations, members...). */
    LISTING,
    /** A full pass asked by {@code coding-sync resync}: every row emitted again, the rows gone deleted at its end. */
    RESYNC;

    /** The phase {@code status} shows for where the issue reader stands. */
    static SyncPhase of(ReaderPhase reader) {
        return switch (reader) {
            case SNAPSHOT -> SNAPSHOT;
            case CATCH_UP -> CATCH_UP;
            case INCREMENTAL -> INCREMENTAL;
            case RESYNC -> RESYNC;
        };
    }
}
