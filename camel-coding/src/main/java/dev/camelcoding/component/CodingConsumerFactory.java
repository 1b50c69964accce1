package dev.camelcoding.component;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;

/**
 * How a {@code coding:} endpoint makes its route's consumer: one strategy per way the route gets its events (the
 * change log, polling CODING, or CODING's Service Hooks), so the endpoint stays a holder of options and shared
 * services, as camel-kafka's endpoint hands its consumer and producer work to factories and strategy objects.
 */
interface CodingConsumerFactory {

    Consumer create(CodingEndpoint endpoint, Processor processor) throws Exception;

    /** The strategy for these options: a change log when logCache is set, else the mode's. */
    static CodingConsumerFactory of(CodingConfiguration configuration) {
        if (configuration.usesLogCache()) {
            return new LogConsumerFactory();
        }
        return configuration.getMode() == CodingMode.polling
                ? new PollingConsumerFactory()
                : new WebhookConsumerFactory();
    }
}
