package dev.camelcoding.component;

import dev.camelcoding.component.changelog.LoggedEntry;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RuntimeCamelException;

/**
 * How a change log entry becomes a Camel message: the event JSON as the reader appended it, with the same
 * {@code CamelCoding*} headers (and, for an overwrite pass, the same batch properties) a consumer without a log sets,
 * plus the entry's {@link CodingConstants#SEQUENCE}. The log keeps op, key and version in columns; the rest comes
 * from the event itself, read once in a streaming pass ({@link EntryFacts}). The row (after, else before) is the
 * event's own text of it, set as {@link CodingConstants#ROW} as a consumer without a log does, so the JDBC sink does
 * not parse every body again.
 */
final class LogExchanges {

    private LogExchanges() {}

    static void fill(Exchange exchange, LoggedEntry entry) {
        EntryFacts facts;
        try {
            facts = EntryFacts.of(entry.eventJson());
        } catch (IOException e) {
            throw new RuntimeCamelException(
                    "change log entry " + entry.sequence() + " of " + entry.source() + " is not JSON", e);
        }
        Message message = exchange.getMessage();
        if (facts.rowJson() != null) {
            // a property, not a header, as EventExchanges sets it: it stays inside this process
            exchange.setProperty(CodingConstants.ROW, facts.rowJson());
            // no parsed row (ROW_NODE): the JDBC sink parses the row once where it binds typed columns
        }
        message.setBody(entry.eventJson());
        message.setHeader(CodingConstants.TABLE, entry.source().table());
        message.setHeader(CodingConstants.OP, entry.op().code());
        message.setHeader(CodingConstants.KEY, entry.keyJson());
        // as ChangeEvent.render() computes it: table, key, op and row version
        message.setHeader(
                CodingConstants.DEDUP_KEY,
                entry.source().table() + "|"
                        + (facts.keyJson() == null ? "" : facts.keyJson()) + "|"
                        + entry.op().code() + "|"
                        + facts.rowVersion());
        message.setHeader(CodingConstants.SOURCE_MODE, facts.mode());
        message.setHeader(CodingConstants.VERSION, entry.version());
        message.setHeader(CodingConstants.TS_MS, facts.tsMs() == null ? 0L : facts.tsMs());
        message.setHeader(CodingConstants.SEQUENCE, entry.sequence());
        setIfPresent(message, CodingConstants.PROJECT, facts.project());
        setIfPresent(message, CodingConstants.EVENT_TYPE, facts.eventType());
        setIfPresent(message, CodingConstants.DELIVERY_ID, facts.delivery());
        if (facts.passId() != null) {
            // the overwrite pass's boundaries travel in the event, so the sink sees the same batch as without a log
            message.setHeader(CodingConstants.PASS_ID, facts.passId());
            exchange.setProperty(Exchange.BATCH_INDEX, facts.passIndex());
            exchange.setProperty(Exchange.BATCH_SIZE, facts.passSize());
            exchange.setProperty(Exchange.BATCH_COMPLETE, facts.passLast());
        }
    }

    private static void setIfPresent(Message message, String header, String value) {
        if (value != null) {
            message.setHeader(header, value);
        }
    }
}
