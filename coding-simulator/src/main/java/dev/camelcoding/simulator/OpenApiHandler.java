package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code POST /open-api}: one RPC endpoint, the action named by the body field {@code Action} (or the query
 * parameter {@code Action}/{@code action}), JSON in and out, every answer wrapped in {@code {"Response":{...}}} with a
 * {@code RequestId}. Like CODING, errors come as HTTP 200 with {@code Response.Error}. Faults are applied here.
 */
final class OpenApiHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiHandler.class);
    private static final String JSON = "application/json; charset=UTF-8";

    private final SimulatorConfig cfg;
    private final TeamApi actions;
    private final Authenticator auth;
    private final Faults faults;
    private final RequestCounters counters;
    private final OAuthGrants grants;

    OpenApiHandler(
            SimulatorConfig cfg,
            TeamApi actions,
            Authenticator auth,
            Faults faults,
            RequestCounters counters,
            OAuthGrants grants) {
        this.grants = grants;
        this.cfg = cfg;
        this.actions = actions;
        this.auth = auth;
        this.faults = faults;
        this.counters = counters;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String action = "";
        try {
            byte[] raw = ex.getRequestBody().readAllBytes();
            ObjectNode body = null;
            boolean badJson = false;
            if (raw.length > 0) {
                try {
                    JsonNode parsed = Json.MAPPER.readTree(raw);
                    if (parsed instanceof ObjectNode o) {
                        body = o;
                    } else {
                        badJson = true;
                    }
                } catch (IOException e) {
                    badJson = true;
                }
            }
            if (body == null) {
                body = Json.MAPPER.createObjectNode();
            }
            action = actionOf(body, ex.getRequestURI().getRawQuery());
            counters.received(action);
            handle(ex, action, body, badJson);
        } catch (RuntimeException e) {
            LOG.warn("simulator failed to answer {}", action, e);
            throw e;
        } finally {
            ex.close();
        }
    }

    private void handle(HttpExchange ex, String action, ObjectNode body, boolean badJson) throws IOException {
        Duration latency = faults.latency();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        FailureKind[] kind = new FailureKind[1];
        switch (faults.decide(kind)) {
            case RESET -> {
                counters.failed(action);
                return; // closing the exchange without a response drops the connection
            }
            case THROTTLE_429 -> {
                counters.failed(action);
                ex.getResponseHeaders().set("Retry-After", Integer.toString(faults.retryAfterSeconds()));
                sendError(ex, action, 429, "RequestLimitExceeded", "Too many requests, retry later.");
                return;
            }
            case THROTTLE_ENVELOPE, RATE_LIMITED -> {
                counters.failed(action);
                sendError(ex, action, 200, "RequestLimitExceeded", "The request frequency exceeds the limit.");
                return;
            }
            case FAIL -> {
                counters.failed(action);
                failWith(ex, action, kind[0]);
                return;
            }
            default -> {}
        }
        if (!"POST".equalsIgnoreCase(ex.getRequestMethod())) {
            counters.failed(action);
            ex.getResponseHeaders().set("Allow", "POST");
            sendError(ex, action, 405, "UnsupportedOperation", "Only POST is supported by the Open API.");
            return;
        }
        Authenticator.Result who = auth.check(ex.getRequestHeaders().getFirst("Authorization"));
        if (!who.ok()) {
            counters.failed(action);
            sendError(ex, action, cfg.authFailureHttpStatus(), "AuthFailure", who.failure());
            return;
        }
        if (who.tokenKey().startsWith(Authenticator.GRANT_KEY)) {
            String bearer = ex.getRequestHeaders()
                    .getFirst("Authorization")
                    .trim()
                    .substring("Bearer ".length())
                    .trim();
            grants.recordCall(
                    Integer.parseInt(who.tokenKey().substring(Authenticator.GRANT_KEY.length())), bearer, action);
        }
        if (badJson) {
            counters.failed(action);
            sendError(ex, action, 200, "InvalidParameter", "The request body is not a JSON object.");
            return;
        }
        if (action.isEmpty() || !actions.exists(action)) {
            counters.failed(action);
            sendError(
                    ex,
                    action,
                    200,
                    "InvalidAction",
                    action.isEmpty() ? "The request has no Action." : "The action `" + action + "` is not valid.");
            return;
        }
        if (!auth.allowed(who.tokenKey(), action)) {
            counters.failed(action);
            sendError(
                    ex,
                    action,
                    200,
                    "UnauthorizedOperation",
                    "The credential is not authorized to call " + action + ".");
            return;
        }
        ObjectNode payload;
        try {
            payload = actions.call(action, new Params(body));
        } catch (ApiError e) {
            counters.failed(action);
            sendError(ex, action, 200, e.code, e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("action {} failed", action, e);
            counters.failed(action);
            sendError(
                    ex,
                    action,
                    200,
                    "InternalError",
                    "Internal error: " + e.getClass().getSimpleName());
            return;
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.setAll(payload);
        response.put("RequestId", UUID.randomUUID().toString());
        send(ex, 200, envelope(response));
    }

    private void failWith(HttpExchange ex, String action, FailureKind kind) throws IOException {
        switch (kind) {
            case INTERNAL_ERROR -> sendError(ex, action, 200, "InternalError", "An internal error occurred.");
            case HTTP_500 -> sendText(ex, 500, "text/plain; charset=UTF-8", "Internal Server Error");
            case HTTP_502 ->
                sendText(
                        ex,
                        502,
                        "text/html; charset=UTF-8",
                        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
                                + "</center></body></html>");
            default ->
                sendText(
                        ex,
                        503,
                        "text/html; charset=UTF-8",
                        "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center>"
                                + "<h1>503 Service Temporarily Unavailable</h1></center></body></html>");
        }
    }

    private void sendError(HttpExchange ex, String action, int status, String code, String message) throws IOException {
        ObjectNode response = Json.MAPPER.createObjectNode();
        ObjectNode error = response.putObject("Error");
        error.put("Code", code);
        error.put("Message", message);
        response.put("RequestId", UUID.randomUUID().toString());
        LOG.debug("{} answered {} {}", action.isEmpty() ? "(no action)" : action, status, code);
        send(ex, status, envelope(response));
    }

    private ObjectNode envelope(ObjectNode response) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("Response", response);
        if (faults.unknownFields()) {
            root.put("XSimulatorEnvelopeExtra", "unknown-envelope-field");
            addUnknownFields(response, true);
        }
        return root;
    }

    /** Adds an unknown field to {@code Response} and to every object found inside arrays, recursively. */
    private static void addUnknownFields(JsonNode node, boolean isObjectToMark) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                addUnknownFields(e.getValue(), false);
            }
            if (isObjectToMark) {
                o.put("XSimulatorUnknown", "ignore-me");
                o.putObject("XSimulatorUnknownObject").put("Nested", 1);
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode e : a) {
                addUnknownFields(e, true);
            }
        }
    }

    private void send(HttpExchange ex, int status, ObjectNode root) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(root);
        if (faults.takeTruncation()) {
            bytes = Arrays.copyOf(bytes, Math.max(1, bytes.length / 2));
        }
        ex.getResponseHeaders().set("Content-Type", JSON);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void sendText(HttpExchange ex, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The action from the body field {@code Action}, else from the query ({@code Action} or {@code action}). */
    static String actionOf(ObjectNode body, String rawQuery) {
        JsonNode a = body.get("Action");
        if (a != null && a.isTextual() && !a.asText().isBlank()) {
            return a.asText().trim();
        }
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String k = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                    if (k.equals("Action") || k.equals("action")) {
                        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)
                                .trim();
                    }
                }
            }
        }
        return "";
    }
}
