package dev.camelcoding.component;

import dev.camelcoding.component.event.ChangeEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** How a change event becomes a Camel message: the JSON body and the {@code CamelCoding*} headers. */
final class EventExchanges {

    private EventExchanges() {
    }

    static void fill(Exchange exchange, ChangeEvent event) {
        Message message = exchange.getMessage();
        ChangeEvent.Rendered rendered = event.render();
        message.setBody(rendered.body());
        message.setHeader(CodingConstants.TABLE, event.table());
        message.setHeader(CodingConstants.OP, event.op().code());
        message.setHeader(CodingConstants.KEY, event.key().toString());
        message.setHeader(CodingConstants.DEDUP_KEY, rendered.dedupKey());
        message.setHeader(CodingConstants.SOURCE_MODE, event.source().mode());
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
}
