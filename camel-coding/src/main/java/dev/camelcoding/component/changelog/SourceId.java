package dev.camelcoding.component.changelog;

import java.util.Objects;

/**
 * One stream of changes in the log: a CODING team, one of its projects and one table. Sequences, reader leases and
 * consumer offsets are all kept per source.
 */
public record SourceId(String team, String project, String table) {

    /** The longest team, project or table name the log's columns hold. */
    static final int MAX_NAME_LENGTH = 200;

    public SourceId {
        requireName("team", team);
        requireName("project", project);
        requireName("table", table);
    }

    /**
     * The cluster namespace whose leader is this source's one reader; its lease epoch is the {@link Fence} of every
     * append. '/' cannot occur in CODING team or project names (they are URL path segments), so it separates them.
     */
    public String readerNamespace() {
        return "coding-reader/" + team + "/" + project + "/" + table;
    }

    @Override
    public String toString() {
        return team + "/" + project + "/" + table;
    }

    private static void requireName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || value.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a change log source needs a " + what + " of 1 to " + MAX_NAME_LENGTH
                    + " characters, got '" + value + "'");
        }
    }
}
