package dev.camelcoding.sink;

import dev.camelcoding.component.CodingConstants;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Keys the Kafka records of change events: {@code <table>|<row key JSON>}, so every change of one row lands in one
 * partition of the log topic, in order. The events of an iterations overwrite pass (a {@code CamelCodingPassId}
 * header) are keyed {@code <table>|pass|<project>} instead: a pass is applied whole, first to last, so all of it, and
 * every later pass, must stay in one partition in order, whatever the topic's partition count. A batch exchange (a {@code List<Exchange>} body) has each inner exchange keyed:
 * camel-kafka sends each element of an iterable body as its own record, with the element's own {@code kafka.KEY}.
 */
public class KafkaLogKeys implements Processor {

    /** camel-kafka's record key header ({@code KafkaConstants.KEY}). */
    public static final String KAFKA_KEY = "kafka.KEY";

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> batch && !batch.isEmpty() && batch.get(0) instanceof Exchange) {
            for (Object inner : batch) {
                key(((Exchange) inner).getMessage());
            }
        } else {
            key(exchange.getMessage());
        }
    }

    private static void key(Message message) {
        String table = message.getHeader(CodingConstants.TABLE, String.class);
        String key = message.getHeader(CodingConstants.KEY, String.class);
        if (table == null || key == null) {
            throw new IllegalArgumentException("a change event for the Kafka log needs the " + CodingConstants.TABLE
                    + " and " + CodingConstants.KEY + " headers of a coding: consumer; this message has neither");
        }
        if (message.getHeader(CodingConstants.PASS_ID) != null) {
            message.setHeader(
                    KAFKA_KEY, table + "|pass|" + message.getHeader(CodingConstants.PROJECT, "", String.class));
        } else {
            message.setHeader(KAFKA_KEY, table + "|" + key);
        }
    }
}
