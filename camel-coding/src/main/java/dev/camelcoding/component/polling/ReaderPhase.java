package dev.camelcoding.component.polling;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the issue reader ({@link IssueChangeReader}) stands. Stored by the words the first versions wrote, so an
 * upgrade resumes a pass instead of restarting it; a word no version wrote fails to load (see {@link StateStore#read}).
 */
public enum ReaderPhase {
    /** The first full pass over every issue, by code. */
    @JsonProperty("snapshot")
    SNAPSHOT,
    /** A full pass again, after a backlog too large for one incremental poll. */
    @JsonProperty("catchup")
    CATCH_UP,
    /** Reading only what changed since the cursor. */
    @JsonProperty("incremental")
    INCREMENTAL,
    /**
     * A full pass asked by {@code coding-sync resync} ({@link ResyncRequest}): every issue emitted again, then the
     * issues known but not seen in the pass reported deleted.
     */
    @JsonProperty("resync")
    RESYNC
}
