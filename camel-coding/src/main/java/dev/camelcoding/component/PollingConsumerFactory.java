package dev.camelcoding.component;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;

/** mode=polling without a change log: the route's consumer polls CODING itself, on the endpoint's schedule. */
final class PollingConsumerFactory implements CodingConsumerFactory {

    @Override
    public Consumer create(CodingEndpoint endpoint, Processor processor) throws Exception {
        CodingPollingConsumer consumer = new CodingPollingConsumer(endpoint, processor);
        endpoint.configureScheduled(consumer);
        return consumer;
    }

    /** The backstop poll of hybrid mode: the table's polling consumer, every backstopInterval. */
    static CodingPollingConsumer backstop(CodingEndpoint endpoint, Processor processor) throws Exception {
        CodingPollingConsumer backstop = new CodingPollingConsumer(endpoint, processor);
        long interval = endpoint.getConfiguration().getBackstopInterval().toMillis();
        endpoint.configureScheduled(backstop);
        backstop.setDelay(interval);
        backstop.setInitialDelay(Math.min(endpoint.getInitialDelay(), interval));
        return backstop;
    }
}
