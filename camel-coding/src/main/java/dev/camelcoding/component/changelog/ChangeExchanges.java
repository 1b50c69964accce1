package dev.camelcoding.component.changelog;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.CodingChange;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * How a change becomes a Camel message, the one way for every consumer (with a change log or without): the body is
 * the typed {@link CodingChange} (a sink reads its fields; a route that wants text converts it to the documented
 * event JSON), and the {@code CamelCoding*} headers are set from its fields. An overwrite pass's place travels as
 * Camel's batch properties too, so a sink sees where the pass ends.
 */
public final class ChangeExchanges {

    private ChangeExchanges() {}

    /** Fills {@code exchange} with {@code change}. */
    public static void fill(Exchange exchange, CodingChange change) {
        Message message = exchange.getMessage();
        message.setBody(change);
        message.setHeader(CodingConstants.TABLE, change.table());
        message.setHeader(CodingConstants.OP, change.op().code());
        message.setHeader(CodingConstants.KEY, change.keyJson());
        message.setHeader(CodingConstants.DEDUP_KEY, change.dedupKey());
        message.setHeader(CodingConstants.SOURCE_MODE, change.mode());
        message.setHeader(CodingConstants.VERSION, change.version());
        message.setHeader(CodingConstants.TS_MS, change.tsMs());
        if (change.project() != null) {
            message.setHeader(CodingConstants.PROJECT, change.project());
        }
        if (change.eventType() != null) {
            message.setHeader(CodingConstants.EVENT_TYPE, change.eventType());
        }
        if (change.delivery() != null) {
            message.setHeader(CodingConstants.DELIVERY_ID, change.delivery());
        }
        ChangeEvent.Pass pass = change.pass();
        if (pass != null) {
            message.setHeader(CodingConstants.PASS_ID, pass.id());
            exchange.setProperty(Exchange.BATCH_INDEX, pass.index());
            exchange.setProperty(Exchange.BATCH_SIZE, pass.size());
            exchange.setProperty(Exchange.BATCH_COMPLETE, pass.last());
        }
    }

    /** Fills {@code exchange} with a change read from the log, and its {@link CodingConstants#SEQUENCE}. */
    public static void fill(Exchange exchange, LoggedEntry entry) {
        fill(exchange, entry.change());
        exchange.getMessage().setHeader(CodingConstants.SEQUENCE, entry.sequence());
    }
}
