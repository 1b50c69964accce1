package dev.camelcoding.component.changelog;

import java.time.Instant;

/**
 * A named consumer's place in one source's log.
 *
 * @param consumer  the consumer's name
 * @param committed the last sequence it has fully processed
 * @param lag       how many entries it has still to process: the log's head minus {@code committed}
 * @param updatedAt when its offset last moved
 */
public record ConsumerLag(String consumer, long committed, long lag, Instant updatedAt) {}
