package dev.camelcoding.component.changelog;

import java.util.Objects;

/**
 * Proof of leadership that goes with every append: the reader lease of a namespace as it was when this reader
 * acquired it. Each takeover of the lease increments its epoch, so a reader that was deposed (it stalled, lost its
 * database connection, or paused past its lease) carries an old epoch and its appends are refused with
 * {@link FencedOffException}, in the same transaction that would have written them.
 *
 * @param namespace the lease's namespace, {@link SourceId#readerNamespace()} of the source appended to
 * @param epoch     the lease's epoch when this reader acquired it (1 for the first holder ever)
 */
public record Fence(String namespace, long epoch) {

    public Fence {
        Objects.requireNonNull(namespace, "namespace");
        if (epoch < 1) {
            throw new IllegalArgumentException("a lease epoch starts at 1, got " + epoch);
        }
    }
}
