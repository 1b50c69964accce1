package dev.camelcoding.component.status;

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
    LISTING;

    /**
     * The phase of a stored cursor document's {@code phase} value ("snapshot", "catchup", "incremental"), as the
     * issue reader writes it. An unknown value is reported, not guessed: it means a newer version wrote the state.
     */
    static SyncPhase ofStored(String stored) {
        return switch (stored) {
            case "snapshot" -> SNAPSHOT;
            case "catchup" -> CATCH_UP;
            case "incremental" -> INCREMENTAL;
            default -> throw new IllegalArgumentException("unknown sync phase '" + stored + "' in the stored state:"
                    + " written by a newer version of camel-coding?");
        };
    }
}
