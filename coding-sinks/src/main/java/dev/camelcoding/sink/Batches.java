package dev.camelcoding.sink;

import java.util.List;
import org.apache.camel.Exchange;

/** Batch exchanges (batchSize &gt; 1): the body is a List of one-event exchanges, as camel-kafka's batching does. */
public final class Batches {

    private Batches() {}

    /** The one-event exchanges of a batch exchange, or the exchange itself when it carries one event. */
    @SuppressWarnings("unchecked")
    public static List<Exchange> events(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> list && (list.isEmpty() || list.get(0) instanceof Exchange)) {
            return (List<Exchange>) list;
        }
        return List.of(exchange);
    }
}
