package dev.camelcoding.component.changelog;

import java.util.List;
import java.util.stream.LongStream;

/**
 * The sequences one append was given: always contiguous, {@code first..last} inclusive, in the order of the entries.
 */
public record SequenceRange(long first, long last) {

    public SequenceRange {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("not a sequence range: " + first + ".." + last);
        }
    }

    /** How many sequences the range holds. */
    public int size() {
        return Math.toIntExact(last - first + 1);
    }

    /** Every sequence of the range, in order. */
    public List<Long> sequences() {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }
}
