package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Service Hook actions of the Open API for one project: CreateServiceHook, DescribeServiceHooks, DeleteServiceHook,
 * PingServiceHook and DescribeServiceHookLogs, shaped as the OpenAPI export (June 2025) documents them. Where it
 * leaves a point open the choice is written down in docs/simulator.md ("Service Hooks through the Open API").
 */
final class ServiceHookActions {

    static final String CREATE = "CreateServiceHook";
    static final String DESCRIBE = "DescribeServiceHooks";
    static final String DELETE = "DeleteServiceHook";
    static final String PING = "PingServiceHook";
    static final String LOGS = "DescribeServiceHookLogs";
    static final Set<String> ACTIONS = Set.of(CREATE, DESCRIBE, DELETE, PING, LOGS);
    /** Read-only actions: the scope they need is service-hook:profile:ro, the others :rw. */
    static final Set<String> READS = Set.of(DESCRIBE, LOGS);

    /** How a token or password in ActionProperty is shown back. */
    static final String MASK = "******";

    private final ServiceHooks hooks;

    ServiceHookActions(ServiceHooks hooks) {
        this.hooks = hooks;
    }

    ObjectNode call(String action, SimulatedProject project, Params p) {
        targetType(p);
        return switch (action) {
            case CREATE -> create(project, p);
            case DESCRIBE -> describe(project, p);
            case DELETE -> delete(project, p);
            case PING -> ping(project, p);
            case LOGS -> logs(project, p);
            default -> throw new IllegalArgumentException(action);
        };
    }

    /** TargetType: PROJECT (the default) is the only one simulated; SPACE_NODE and PROGRAM targets do not exist here. */
    private static void targetType(Params p) {
        String t = p.string("TargetType");
        if (t == null || t.isBlank() || t.trim().equalsIgnoreCase("PROJECT")) {
            return;
        }
        if (Set.of("SPACE_NODE", "PROGRAM").contains(t.trim().toUpperCase(Locale.ROOT))) {
            throw ApiError.invalidValue("TargetType", t + " targets are not simulated (PROJECT only)");
        }
        throw ApiError.invalidValue("TargetType", t + " is not one of PROJECT, SPACE_NODE, PROGRAM");
    }

    // ----------------------------------------------------------------------------------------------- create

    private ObjectNode create(SimulatedProject project, Params p) {
        String service = p.has("Service") ? p.requireString("Service") : "WebHook";
        if (!service.equals("WebHook")) {
            throw ApiError.invalidValue("Service", service + " is not simulated (WebHook only)");
        }
        String serviceAction = p.has("ServiceAction") ? p.requireString("ServiceAction") : "webhook_http_post";
        if (!serviceAction.equals("webhook_http_post")) {
            throw ApiError.invalidValue("ServiceAction", serviceAction + " is not simulated (webhook_http_post only)");
        }
        List<String> events = p.list("Event");
        if (events.isEmpty()) {
            throw ApiError.missing("Event");
        }
        for (String e : events) {
            if (!ServiceHookEvents.DOCUMENTED.contains(e) && !HookPayloads.EVENTS.containsKey(e)) {
                throw ApiError.invalidValue("Event", e + " is not a Service Hook event");
            }
        }
        ObjectNode props = jsonObject(p, "ActionProperty", true);
        String url = props.path("service_url").asText("");
        if (url.isBlank()) {
            throw ApiError.invalidValue("ActionProperty", "service_url is missing");
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw ApiError.invalidValue("ActionProperty", "service_url must be an http(s) URL");
        }
        String secret = props.path("token").asText("");
        ObjectNode shown = props.deepCopy();
        for (String hidden : List.of("token", "password")) {
            if (!shown.path(hidden).asText("").isEmpty()) {
                shown.put(hidden, MASK);
            }
        }
        ObjectNode filter = jsonObject(p, "FilterProperty", false);
        String name = p.string("Name");
        HookRegistration h = hooks.add(
                project.id(),
                name == null ? "" : name,
                url,
                secret,
                events,
                project.data().currentUserId(),
                p.bool("Enabled", true),
                shown.toString(),
                filter.toString());
        ObjectNode r = ApiShapes.obj();
        r.set("ServiceHook", hook(project, h));
        return r;
    }

    /** A parameter holding a JSON object as a string (ActionProperty, FilterProperty); absent: {}. */
    private static ObjectNode jsonObject(Params p, String name, boolean required) {
        String raw = p.string(name);
        if (raw == null || raw.isBlank()) {
            if (required) {
                throw ApiError.missing(name);
            }
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(raw);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            // answered below
        }
        throw ApiError.invalidValue(name, "must be a JSON object in a string");
    }

    // ----------------------------------------------------------------------------------------------- describe

    private ObjectNode describe(SimulatedProject project, Params p) {
        int number = OpenApiActions.pageNumber(p);
        int size = OpenApiActions.pageSize(p, 20);
        String name = p.string("Name");
        List<String> events = p.list("Event");
        List<String> services = p.list("Service");
        List<String> creators = p.list("CreatorBy");
        String status = p.string("Status");
        String enabled = p.string("Enabled");
        List<HookRegistration> matching = new ArrayList<>();
        for (HookRegistration h : hooks.registrations(project.id())) {
            if (name != null && !name.isBlank() && !h.name().contains(name.trim())) {
                continue;
            }
            if (!events.isEmpty() && !h.events().isEmpty() && events.stream().noneMatch(h.events()::contains)) {
                continue;
            }
            if (!services.isEmpty() && !services.contains("WebHook")) {
                continue;
            }
            if (!creators.isEmpty() && !creators.contains(Long.toString(h.creatorId()))) {
                continue;
            }
            if (enabled != null
                    && !enabled.isBlank()
                    && !enabled.trim().equalsIgnoreCase(Boolean.toString(h.enabled()))) {
                continue;
            }
            if (status != null
                    && !status.isBlank()
                    && !status.trim().equalsIgnoreCase(failed(h) ? "FAILURE" : "SUCCESS")) {
                continue;
            }
            matching.add(h);
        }
        ObjectNode data = ApiShapes.obj();
        ArrayNode list = data.putArray("ServiceHook");
        OpenApiActions.slice(matching, number, size).forEach(h -> list.add(hook(project, h)));
        data.put("PageNumber", number);
        data.put("PageSize", size);
        data.put("TotalCount", matching.size());
        ObjectNode r = ApiShapes.obj();
        r.set("Data", data);
        return r;
    }

    /** Whether the hook's latest delivery failed (Status 1); never sent or last succeeded is Status 0. */
    private boolean failed(HookRegistration h) {
        List<HookDelivery> sent = hooks.deliveriesOf(h.id());
        return !sent.isEmpty() && !sent.get(0).succeeded();
    }

    private ObjectNode hook(SimulatedProject project, HookRegistration h) {
        long lastSucceededAt = 0;
        for (HookDelivery d : hooks.deliveriesOf(h.id())) {
            if (d.succeeded()) {
                lastSucceededAt = d.sentAtMillis();
                break;
            }
        }
        ObjectNode n = ApiShapes.obj();
        n.put("Id", h.id());
        n.put("Name", h.name());
        n.put("TargetId", h.projectId());
        n.put("TargetType", "Project");
        ObjectNode creator = user(project, h.creatorId());
        n.put("CreatorBy", h.creatorId());
        n.set("CreatorByUser", creator);
        n.put("UpdatedBy", h.creatorId());
        n.set("UpdatedByUser", creator.deepCopy());
        n.put("ServiceName", "WebHook");
        n.put("Service", "WebHook");
        n.put("Action", "webhook_http_post");
        n.put("ActionLabel", "发送 POST 请求");
        n.put("CreatedAt", h.createdAt());
        n.put("Status", failed(h) ? 1 : 0);
        n.put("LastSucceedAt", lastSucceededAt);
        n.put("UpdatedAt", h.createdAt());
        n.put("Version", 3);
        n.put("Enabled", h.enabled());
        ArrayNode events = n.putArray("Event");
        ArrayNode labels = n.putArray("EventLabel");
        for (String e : h.events().isEmpty() ? HookPayloads.EVENTS.keySet() : h.events()) {
            if (e.equals("PING")) {
                continue;
            }
            events.add(e);
            String[] names = HookPayloads.EVENTS.get(e);
            labels.add(names == null ? e : names[0]);
        }
        n.put("FilterProperties", h.filterProperty());
        n.put("ActionProperties", h.actionProperties());
        return n;
    }

    /** ServiceHookUser: {Id, Name, Avatar, NamePinyin}, zero-filled for an unknown user. */
    private static ObjectNode user(SimulatedProject project, long id) {
        UserRecord u = project.data().read(() -> project.data().user(id));
        ObjectNode n = ApiShapes.obj();
        n.put("Id", u == null ? 0 : u.id);
        n.put("Name", u == null ? "" : u.name);
        n.put("Avatar", u == null ? "" : u.avatar);
        n.put("NamePinyin", u == null ? "" : u.pinyin);
        return n;
    }

    // ----------------------------------------------------------------------------------------------- delete, ping

    /** The hooks named by {@code Id} (a list, or one string), every one a hook of {@code project}. */
    private List<HookRegistration> named(SimulatedProject project, Params p) {
        List<String> ids = p.list("Id");
        if (ids.isEmpty()) {
            throw ApiError.missing("Id");
        }
        List<HookRegistration> own = hooks.registrations(project.id());
        List<HookRegistration> out = new ArrayList<>();
        for (String id : ids) {
            HookRegistration h = own.stream()
                    .filter(r -> r.id().equals(id))
                    .findFirst()
                    .orElseThrow(() -> ApiError.notFound("Service Hook " + id));
            out.add(h);
        }
        return out;
    }

    private ObjectNode delete(SimulatedProject project, Params p) {
        for (HookRegistration h : named(project, p)) {
            hooks.delete(project.id(), h.id());
        }
        ObjectNode r = ApiShapes.obj();
        r.put("Succeed", true);
        return r;
    }

    /** Sends PING to each hook named, before answering; Succeed says it was sent (the result is in the log). */
    private ObjectNode ping(SimulatedProject project, Params p) {
        project.mutations().ping(named(project, p));
        ObjectNode r = ApiShapes.obj();
        r.put("Succeed", true);
        return r;
    }

    // ----------------------------------------------------------------------------------------------- logs

    private ObjectNode logs(SimulatedProject project, Params p) {
        String id = p.requireString("Id");
        HookRegistration h = hooks.registrations(project.id()).stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ApiError.notFound("Service Hook " + id));
        int number = OpenApiActions.pageNumber(p);
        int size = OpenApiActions.pageSize(p, 20);
        List<HookDelivery> sent = hooks.deliveriesOf(h.id());
        ObjectNode data = ApiShapes.obj();
        ArrayNode list = data.putArray("Log");
        OpenApiActions.slice(sent, number, size).forEach(d -> list.add(log(d)));
        data.put("PageNumber", number);
        data.put("PageSize", size);
        data.put("TotalCount", sent.size());
        ObjectNode r = ApiShapes.obj();
        r.set("Data", data);
        return r;
    }

    private static ObjectNode log(HookDelivery d) {
        ObjectNode n = ApiShapes.obj();
        n.put("Id", d.logId());
        n.put("Event", d.event());
        n.put("ServiceHookId", d.hookId());
        n.put("CreatedAt", d.sentAtMillis());
        n.put("SendAt", d.sentAtMillis());
        n.put("Status", d.succeeded() ? 1 : 0);
        n.put("RequestId", d.deliveryId());
        n.put("RequestContent", d.bodyAsString());
        StringBuilder headers = new StringBuilder();
        for (Map.Entry<String, String> e : d.headers().entrySet()) {
            headers.append(headers.length() == 0 ? "" : "\n")
                    .append(e.getKey())
                    .append(": ")
                    .append(e.getValue());
        }
        n.put("RequestHeaders", headers.toString());
        n.put("ResponseHeaders", "");
        n.put("ResponseBody", d.error() != null ? d.error() : d.responseBody() == null ? "" : d.responseBody());
        n.put("ResponseStatus", Math.max(0, d.responseStatus()));
        n.put("ResponseAt", d.sentAtMillis() + d.durationMillis());
        return n;
    }
}
