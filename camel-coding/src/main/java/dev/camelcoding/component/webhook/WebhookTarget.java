package dev.camelcoding.component.webhook;

import dev.camelcoding.component.CodingTable;

/** Something that turns deliveries of one table into change events: a webhook consumer, or a webhook handler. */
public interface WebhookTarget {

    /** What became of a delivery that reached its target. */
    enum Outcome {
        /** the change (or, for a row CODING no longer has but we had emitted, its delete) was processed */
        EMITTED,
        /** CODING's Open API no longer has the row and we never emitted it: nothing to do */
        GONE,
        /** the row is as we last emitted it (a replayed comment delivery): nothing to do */
        UNCHANGED
    }

    CodingTable table();

    /**
     * The project (URL name) whose deliveries this target takes: one path serves every project of a process, and a
     * delivery goes to the target of the project its payload names. Null: any project's (no project to tell apart).
     */
    default String project() {
        return null;
    }

    /**
     * Emits the change the delivery describes and returns once the route has processed it; throws if it failed
     * ({@link MalformedDeliveryException} when the payload can never become a change).
     */
    Outcome deliver(HookDelivery delivery, HookEvents.Mapping mapping) throws Exception;
}
