package dev.camelcoding.simulator;

import java.util.Set;

/** A registered Service Hook (WebHook service, action webhook_http_post); empty {@code events} = every event. */
record HookRegistration(String id, String url, String secret, Set<String> events, long createdAt) {

    boolean wants(String event) {
        return events.isEmpty() || events.contains(event);
    }
}
