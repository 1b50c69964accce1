package dev.camelcoding.component;

import dev.camelcoding.component.event.ChangeEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** How a change event becomes a Camel message: the JSON body and the {@code CamelCoding*} headers. */
final class EventExchanges {

    private EventExchanges() {}

    static void fill(Exchange exchange, ChangeEvent event) {
        Message message = exchange.getMessage();
        ChangeEvent.Rendered rendered = event.render();
        message.setBody(rendered.body());
        if (rendered.row() != null) {
            // a property, not a header: it stays inside this process (Kafka and the dead letters do not copy it)
            exchange.setProperty(CodingConstants.ROW, rendered.row());
            exchange.setProperty(CodingConstants.ROW_NODE, event.after() != null ? event.after() : event.before());
        }
        message.setHeader(CodingConstants.TABLE, event.table());
        message.setHeader(CodingConstants.OP, event.op().code());
        message.setHeader(CodingConstants.KEY, event.key().toString());
        message.setHeader(CodingConstants.DEDUP_KEY, rendered.dedupKey());
        message.setHeader(CodingConstants.SOURCE_MODE, event.source().mode());
        message.setHeader(CodingConstants.VERSION, version(event));
        message.setHeader(CodingConstants.TS_MS, event.tsMs());
        if (event.source().project() != null) {
            message.setHeader(CodingConstants.PROJECT, event.source().project());
        }
        if (event.source().event() != null) {
            message.setHeader(CodingConstants.EVENT_TYPE, event.source().event());
        }
        if (event.source().delivery() != null) {
            message.setHeader(CodingConstants.DELIVERY_ID, event.source().delivery());
        }
    }

    /** CODING's updated_at of the row after the change, else of the row before it (a delete), else 0. */
    static long version(ChangeEvent event) {
        var row = event.after() != null ? event.after() : event.before();
        return row == null ? 0L : row.path("updated_at").asLong(0);
    }
}
