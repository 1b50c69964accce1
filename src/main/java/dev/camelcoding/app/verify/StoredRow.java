package dev.camelcoding.app.verify;

/**
 * A live row of the sink (not a tombstone), as the sink reader gives it.
 *
 * @param ref     its place in the merge order
 * @param keyJson the row's key as the sink keeps it (the event key's JSON)
 * @param version the row's {@code updated_at} (CODING's UpdatedAt; 0 for tables without one)
 * @param doc     the stored canonical row as JSON text
 */
public record StoredRow(RowRef ref, String keyJson, long version, String doc) {}
