package dev.camelcoding.component.changelog;

/**
 * What one source's log holds right now. Sequences are contiguous, so the retained entries are exactly
 * {@code tail..head}.
 *
 * @param head the highest sequence ever appended (0 before the first append); it never moves back, even when
 *             retention has purged every entry
 * @param tail the lowest sequence still retained; {@code head + 1} when none is
 * @param size how many entries are retained
 */
public record LogExtent(long head, long tail, long size) {

    /** An extent from the head and the lowest retained sequence, if any. */
    static LogExtent of(long head, Long lowestRetained) {
        long tail = lowestRetained == null ? head + 1 : lowestRetained;
        return new LogExtent(head, tail, head - tail + 1);
    }
}
