package dev.camelcoding.client;

import java.util.List;

/**
 * What CreateServiceHook is asked to create: a WebHook that POSTs the {@code events} to {@code serviceUrl}, signed
 * with {@code token} (contract §4.1: {@code X-Coding-Signature: sha1=} HMAC of the body).
 *
 * @param name the hook's Name, by which its creator can find it again
 * @param serviceUrl where CODING posts
 * @param token the signing secret (sent once; CODING never shows it back)
 * @param events the event codes to subscribe to, at least one
 */
public record NewServiceHook(String name, String serviceUrl, String token, List<String> events) {

    public NewServiceHook {
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a Service Hook needs at least one event");
        }
    }

    /** Never the token: a hook's description may end up in a log. */
    @Override
    public String toString() {
        return "NewServiceHook[name=" + name + ", events=" + events.size() + "]";
    }
}
