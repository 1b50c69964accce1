package dev.camelcoding.component.webhook;

import dev.camelcoding.component.CodingTable;

/** Something that turns deliveries of one table into change events: a webhook consumer, or a webhook handler. */
public interface WebhookTarget {

    CodingTable table();

    /** Emits the change the delivery describes and returns once the route has processed it; throws if it failed. */
    void deliver(HookDelivery delivery, HookEvents.Mapping mapping) throws Exception;
}
