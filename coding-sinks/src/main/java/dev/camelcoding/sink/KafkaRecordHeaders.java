package dev.camelcoding.sink;

import dev.camelcoding.component.CodingConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * What each Kafka record of a change carries besides the event: the row key as the record key ({@code kafka.KEY}),
 * so every change of a row lands in one partition, in order, and the event's version as the headers
 * {@code CodingUpdatedAt} and {@code CodingTsMs} (longs), so a consumer compares versions without parsing. They are
 * copied from the component's headers because camel-kafka drops every {@code Camel*} header from records.
 *
 * <p>camel-kafka's producer sends an {@code Iterable} body of exchanges as one record each, taking key and headers
 * from each inner exchange (its KeyValueHolderIterator, camel-kafka 4.18): a batch exchange is set up event by event.
 */
public class KafkaRecordHeaders implements Processor {

    static final String KAFKA_KEY = "kafka.KEY";
    public static final String UPDATED_AT = "CodingUpdatedAt";
    public static final String TS_MS = "CodingTsMs";

    @Override
    public void process(Exchange exchange) throws Exception {
        for (Exchange event : Batches.events(exchange)) {
            Message message = event.getMessage();
            message.setHeader(KAFKA_KEY, message.getHeader(CodingConstants.KEY, String.class));
            message.setHeader(UPDATED_AT, message.getHeader(CodingConstants.VERSION, 0L, Long.class));
            message.setHeader(TS_MS, message.getHeader(CodingConstants.TS_MS, 0L, Long.class));
        }
    }
}
