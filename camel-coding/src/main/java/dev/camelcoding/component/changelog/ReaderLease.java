package dev.camelcoding.component.changelog;

import java.time.Instant;
import java.util.Optional;

/**
 * A source's reader lease as the database holds it: who holds it, under which epoch, since when and until when.
 *
 * @param holder    the node id of the holder ({@code JdbcLeaseClusterService}'s id: process id and a random suffix)
 * @param epoch     the lease's epoch, the fence of the reader's appends
 * @param since     when the holder took the lease (empty for a lease taken by a version that did not record it)
 * @param expiresAt when the lease runs out unless renewed, by the database's clock
 * @param running   whether it had not run out when it was read (judged by the database's clock, not this node's)
 */
public record ReaderLease(String holder, long epoch, Optional<Instant> since, Instant expiresAt, boolean running) {}
