package dev.camelcoding.app.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A row as CODING lists it now, in the table's canonical schema (what the reader would emit).
 *
 * @param ref     its place in the merge order
 * @param key     the event key the reader gives it
 * @param row     the canonical row
 * @param version CODING's UpdatedAt in epoch ms, 0 for tables without one
 */
public record CodingRow(RowRef ref, ObjectNode key, ObjectNode row, long version) {}
