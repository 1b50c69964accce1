package dev.camelcoding.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One page of a CODING listing, as CODING returned it.
 *
 * @param number     1-based number of this page in the listing
 * @param rows       the rows, unknown fields kept
 * @param totalCount the total CODING reported for the whole listing, or -1 when it reported none
 * @param last       whether no page follows this one
 */
public record Page(int number, List<ObjectNode> rows, long totalCount, boolean last) {}
