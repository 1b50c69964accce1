package dev.camelcoding.component;

import dev.camelcoding.component.changelog.CodingLogConsumer;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;

/** logCache set: the route reads the change log; the source's one reader (SourceReader) reads CODING. */
final class LogConsumerFactory implements CodingConsumerFactory {

    @Override
    public Consumer create(CodingEndpoint endpoint, Processor processor) {
        CodingConfiguration configuration = endpoint.getConfiguration();
        if (configuration.getMode() != CodingMode.polling
                && !WebhookConsumerFactory.TABLES.contains(endpoint.getTable())) {
            throw new IllegalArgumentException(
                    "coding:" + endpoint.getTable().uriName() + " has no Service Hook events; use mode=polling");
        }
        CodingLogConsumer consumer = new CodingLogConsumer(endpoint, processor);
        consumer.setInitialDelay(0);
        consumer.setDelay(configuration.getLogReadInterval().toMillis());
        return consumer;
    }
}
