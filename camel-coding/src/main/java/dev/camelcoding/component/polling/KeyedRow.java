package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A canonical row with its key. */
public record KeyedRow(ObjectNode key, ObjectNode row) {}
