package dev.camelcoding.component;

import java.util.EnumSet;
import java.util.Set;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;

/** mode=webhook or hybrid without a change log: the route's consumer takes CODING's Service Hook deliveries. */
final class WebhookConsumerFactory implements CodingConsumerFactory {

    /** The tables CODING sends Service Hook events for. */
    static final Set<CodingTable> TABLES =
            EnumSet.of(CodingTable.ISSUES, CodingTable.COMMENTS, CodingTable.ITERATIONS, CodingTable.PROJECT_MEMBERS);

    @Override
    public Consumer create(CodingEndpoint endpoint, Processor processor) throws Exception {
        if (!TABLES.contains(endpoint.getTable())) {
            throw new IllegalArgumentException("coding:" + endpoint.getTable().uriName()
                    + " has no Service Hook events; use mode=polling"
                    + " (webhook and hybrid serve issues, comments, iterations and projectMembers)");
        }
        CodingWebhookConsumer consumer = new CodingWebhookConsumer(endpoint, processor);
        endpoint.configureScheduled(consumer);
        return consumer;
    }
}
