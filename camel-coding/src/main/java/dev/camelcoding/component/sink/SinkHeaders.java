package dev.camelcoding.component.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Normalization for sinks: the change event stays the body; what a sink needs becomes headers.
 * <ul>
 *   <li>{@code CodingSinkTable}: {@code coding_<table>}; {@code CodingRowKey}: the key as compact JSON;
 *       {@code CodingProject}: the project;</li>
 *   <li>{@code CodingDoc}: the row after the change, or for a delete the last row known ({@code before}, {@code {}}
 *       when the delete carries none): the JDBC sink keeps it in the tombstone;</li>
 *   <li>the event's version, which sinks compare so an older event never overwrites a newer one:
 *       {@code CodingUpdatedAt} (CODING's {@code updated_at} of the row, epoch ms; a delete takes it from
 *       {@code before}; 0 when CODING gives none, e.g. a delete found by the census) and {@code CodingTsMs} (the
 *       event's {@code ts_ms}, when the connector saw the change: the tie-breaker, fixed in the event, so a
 *       replay compares exactly as the first delivery did). Both are {@code Long}s, so they also travel as Kafka
 *       record headers.</li>
 * </ul>
 */
public class SinkHeaders implements Processor {

    public static final String SINK_TABLE = "CodingSinkTable";
    public static final String ROW_KEY = "CodingRowKey";
    public static final String PROJECT = "CodingProject";
    public static final String DOC = "CodingDoc";
    public static final String UPDATED_AT = "CodingUpdatedAt";
    public static final String TS_MS = "CodingTsMs";

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        JsonNode event = mapper.readTree(message.getBody(String.class));
        JsonNode after = event.path("after");
        JsonNode before = event.path("before");
        JsonNode row = after.isObject() ? after : before;
        message.setHeader(SINK_TABLE, JdbcSinkSchema.tableName(event.path("table").asText()));
        message.setHeader(ROW_KEY, event.path("key").toString());
        message.setHeader(PROJECT, event.path("source").path("project").asText());
        message.setHeader(DOC, row.isObject() ? row.toString() : "{}");
        message.setHeader(UPDATED_AT, row.path("updated_at").asLong(0));
        message.setHeader(TS_MS, event.path("ts_ms").asLong(0));
    }
}
