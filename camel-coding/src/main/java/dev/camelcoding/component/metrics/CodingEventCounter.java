package dev.camelcoding.component.metrics;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.CodingEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts the change events of {@code coding:} consumers as their exchanges complete: one per event exchange, or one
 * per inner exchange of a batch exchange (a {@code List<Exchange>} body), by the project, table and op headers the
 * component sets. An event notifier, so the consumers need no change and every way an event reaches a route (polling, webhook,
 * the change log) is counted alike.
 *
 * <p>The events are taken when the exchange is created (its unit of work starts once the consumer has filled it),
 * and counted with their outcome when it is done: by then the route may have replaced the body or the headers.
 */
public final class CodingEventCounter extends EventNotifierSupport {

    /** The exchange property that carries an exchange's events from its creation to its end. */
    static final String EVENTS_PROPERTY = "CamelCodingMetricsEvents";

    private final CodingMetrics metrics;

    public CodingEventCounter(CodingMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        // only exchange completion matters: leave out the rest (created, sending, sent, route and context events)
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCreatedEvent
                || event instanceof CamelEvent.ExchangeCompletedEvent
                || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        if (!(exchange.getFromEndpoint() instanceof CodingEndpoint)) {
            return;
        }
        if (event instanceof CamelEvent.ExchangeCreatedEvent) {
            exchange.setProperty(EVENTS_PROPERTY, events(exchange));
            return;
        }
        String outcome =
                event instanceof CamelEvent.ExchangeFailedEvent ? CodingMetrics.FAILED : CodingMetrics.DELIVERED;
        Object taken = exchange.getProperty(EVENTS_PROPERTY);
        List<?> events = taken instanceof List<?> list ? list : events(exchange);
        for (Object one : events) {
            TableOp counted = (TableOp) one;
            metrics.event(counted.project(), counted.table(), counted.op(), outcome);
        }
    }

    /** The table and op of each event an exchange carries: itself, or each inner exchange of a batch. */
    private static List<TableOp> events(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        List<TableOp> events = new ArrayList<>();
        // the endpoint's project when an event does not name its own (each event of the component does)
        String endpointProject =
                ((CodingEndpoint) exchange.getFromEndpoint()).getConfiguration().getProjectName();
        if (body instanceof List<?> batch && !batch.isEmpty() && batch.get(0) instanceof Exchange) {
            for (Object inner : batch) {
                add(events, (Exchange) inner, endpointProject);
            }
        } else {
            add(events, exchange, endpointProject);
        }
        return events;
    }

    private static void add(List<TableOp> events, Exchange exchange, String endpointProject) {
        String table = exchange.getMessage().getHeader(CodingConstants.TABLE, String.class);
        String op = exchange.getMessage().getHeader(CodingConstants.OP, String.class);
        String project = exchange.getMessage().getHeader(CodingConstants.PROJECT, String.class);
        if (table != null && op != null) { // a webhook PING or an empty poll message is no change event
            events.add(new TableOp(project != null ? project : endpointProject, table, op));
        }
    }

    private record TableOp(String project, String table, String op) {}
}
