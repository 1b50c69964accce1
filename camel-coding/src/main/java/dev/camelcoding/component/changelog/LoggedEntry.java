package dev.camelcoding.component.changelog;

import dev.camelcoding.component.event.Op;
import java.time.Instant;

/**
 * One entry read back from the log.
 *
 * @param source     the stream it belongs to
 * @param sequence   its position in that stream: contiguous from 1, never reused
 * @param appendedAt when it was appended (the log's clock)
 * @param op         the event's operation
 * @param keyJson    the event's key as JSON
 * @param version    CODING's UpdatedAt in ms, or 0
 * @param eventJson  the change event as it was appended
 */
public record LoggedEntry(
        SourceId source, long sequence, Instant appendedAt, Op op, String keyJson, long version, String eventJson) {}
