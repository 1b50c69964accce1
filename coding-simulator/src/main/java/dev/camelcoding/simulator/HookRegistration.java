package dev.camelcoding.simulator;

import java.util.Set;

/**
 * A Service Hook of one project (WebHook service, action webhook_http_post); empty {@code events} = every event.
 *
 * @param projectId the project whose changes it receives (TargetId)
 * @param name the remark name (CreateServiceHook's Name; "web" for hooks registered through the Java API)
 * @param actionProperties the ActionProperty JSON as DescribeServiceHooks shows it (token and password masked)
 * @param filterProperty the FilterProperty JSON, kept and shown, not applied
 */
record HookRegistration(
        String id,
        long projectId,
        String name,
        String url,
        String secret,
        Set<String> events,
        long createdAt,
        long creatorId,
        boolean enabled,
        String actionProperties,
        String filterProperty) {

    boolean wants(String event) {
        return enabled && (events.isEmpty() || events.contains(event));
    }
}
