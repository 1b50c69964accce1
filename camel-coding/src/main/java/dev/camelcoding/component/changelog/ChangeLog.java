package dev.camelcoding.component.changelog;

import dev.camelcoding.component.event.CodingChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A durable, append-only log of change events per {@link SourceId}, between the one reader of a source and the routes
 * that consume it. Each entry gets the next sequence of its source: contiguous from 1, without gaps or duplicates,
 * even across a change of reader, because every append carries the reader's {@link Fence} and is refused once that
 * reader has been deposed.
 */
public interface ChangeLog {

    /** How long entries are kept by default (the same 3 days as the peer connector's log cache). */
    Duration DEFAULT_RETENTION = Duration.ofDays(3);

    /**
     * Appends a batch (one page, one delivery) in one transaction: either every entry is durable, in order, with the
     * returned sequences, or none is.
     *
     * @throws FencedOffException when {@code fence} is not the current, unexpired lease of the source's reader
     *                            namespace; nothing was written
     * @throws ChangeLogException when the database fails; nothing was written
     */
    SequenceRange append(SourceId source, List<CodingChange> entries, Fence fence);

    /** Up to {@code max} entries of a source with a sequence above {@code afterSequence}, in sequence order. */
    List<LoggedEntry> read(SourceId source, long afterSequence, int max);

    /** The source's head, tail and size right now. */
    LogExtent extent(SourceId source);

    /**
     * The sequence a consumer starting at {@code time} has already passed: every entry appended at or after
     * {@code time} has a higher sequence. The head when nothing was appended since.
     */
    long lastSequenceBefore(SourceId source, Instant time);

    /**
     * Deletes, for every source, the retained entries before the first one appended at or after {@code cutoff}, a
     * bounded chunk per transaction, so the retained entries stay one contiguous range. Answers how many were deleted.
     */
    long purgeOlderThan(Instant cutoff);
}
