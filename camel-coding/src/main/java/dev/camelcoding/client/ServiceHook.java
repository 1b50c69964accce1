package dev.camelcoding.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One Service Hook of a project as DescribeServiceHooks and CreateServiceHook show it: what a caller needs to tell
 * its own hooks from others' (the URL it posts to, its Name) and to report on it. CODING shows the hook's token
 * masked, so it is not kept here.
 *
 * @param id the hook's UUID (what DeleteServiceHook, PingServiceHook and DescribeServiceHookLogs take)
 * @param name the Name given at creation ("" when none)
 * @param serviceUrl {@code service_url} of its ActionProperties: where it posts ("" when CODING did not show one)
 * @param enabled whether it receives events (a disabled hook still receives a ping)
 * @param events the event codes it is subscribed to
 * @param lastSucceededAt epoch ms of its latest 2xx delivery, 0 when none
 * @param failing whether its latest delivery failed (Status 1)
 */
public record ServiceHook(
        String id,
        String name,
        String serviceUrl,
        boolean enabled,
        List<String> events,
        long lastSucceededAt,
        boolean failing) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ServiceHook {
        events = List.copyOf(events);
    }

    /** From one element of DescribeServiceHooks' {@code ServiceHook} list, or CreateServiceHook's answer. */
    static ServiceHook of(JsonNode hook) {
        List<String> events = new ArrayList<>();
        for (JsonNode event : Json.array(hook, "Event")) {
            events.add(event.asText());
        }
        return new ServiceHook(
                hook.path("Id").asText(""),
                hook.path("Name").asText(""),
                serviceUrl(hook.path("ActionProperties").asText("")),
                hook.path("Enabled").asBoolean(true),
                events,
                Json.longValue(hook, "LastSucceedAt", 0),
                hook.path("Status").asInt(0) == 1);
    }

    /** ActionProperties is a JSON object in a string (contract §4.1): its service_url, "" when unreadable. */
    private static String serviceUrl(String actionProperties) {
        if (actionProperties.isBlank()) {
            return "";
        }
        try {
            return MAPPER.readTree(actionProperties).path("service_url").asText("");
        } catch (IOException unreadable) {
            return "";
        }
    }
}
