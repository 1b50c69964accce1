package dev.camelcoding.sink;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The JSON Lines sink's body: the change event of a one-event exchange, or every event of a batch exchange, each
 * followed by a newline, so the file producer appends a whole batch with one write.
 */
public class JsonLines implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (Exchange event : Batches.events(exchange)) {
            lines.append(event.getMessage().getBody(String.class)).append('\n');
        }
        exchange.getMessage().setBody(lines.toString());
    }
}
