package dev.camelcoding.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.component.event.CodingChange;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/**
 * One change as the JDBC sink writes it, read from the exchange's one input: its body as a {@link CodingChange} (the
 * typed change every {@code coding:} consumer hands over; an event given as text, such as a replayed dead letter, is
 * converted to one by the component's type converter).
 */
record SinkRow(
        String table,
        boolean delete,
        String key,
        String project,
        long updatedAt,
        long tsMs,
        String doc,
        JsonNode row,
        CodingChange change) {

    static SinkRow of(Exchange exchange) throws InvalidPayloadException {
        CodingChange change = exchange.getMessage().getMandatoryBody(CodingChange.class);
        return of(change);
    }

    static SinkRow of(CodingChange change) {
        return new SinkRow(
                JdbcSinkSchema.tableName(change.table()),
                change.delete(),
                change.keyJson(),
                change.project() == null ? "" : change.project(),
                change.version(),
                change.tsMs(),
                change.rowJson() == null ? "{}" : change.rowJson(),
                change.rowNode(),
                change);
    }

    /** This row with its fields parsed from {@code doc}. */
    SinkRow withRow(JsonNode parsed) {
        return new SinkRow(table, delete, key, project, updatedAt, tsMs, doc, parsed, change);
    }
}
