package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * CODING's two OAuth 2 URLs (coding-api.md section 3):
 * <ul>
 *   <li>{@code GET /oauth_authorize.html?client_id&redirect_uri&response_type=code&state&scope}: the page where the
 *   user approves the app. The simulator approves at once (there is no user to click) and redirects (302) to
 *   {@code redirect_uri?code=...&state=...&team=...&scope=...}, as CODING's 2025 docs show the redirect.</li>
 *   <li>{@code POST /api/oauth/access_token} (form fields, in the body or the query string, both as CODING is seen
 *   to accept): {@code grant_type=authorization_code} with {@code code}, or {@code grant_type=refresh_token} with
 *   {@code refresh_token}; both with {@code client_id} and {@code client_secret}.</li>
 * </ul>
 * CODING does not document the shape of a refused token request; the simulator answers as RFC 6749 section 5.2
 * says (HTTP 400 or 401, {@code {"error":"invalid_grant","error_description":...}}).
 */
final class OAuthHandler implements HttpHandler {

    static final String AUTHORIZE_PATH = "/oauth_authorize.html";
    static final String TOKEN_PATH = "/api/oauth/access_token";

    private final OAuthGrants grants;

    OAuthHandler(OAuthGrants grants) {
        this.grants = grants;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            if (path.equals(AUTHORIZE_PATH)) {
                authorize(ex);
            } else if (path.equals(TOKEN_PATH)) {
                token(ex);
            } else {
                sendText(ex, 404, "not found");
            }
        } finally {
            ex.close();
        }
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = form(ex.getRequestURI().getRawQuery());
        if (!grants.knows(q.get("client_id"))) {
            sendText(ex, 400, "Unknown client_id: register the app in CODING first.");
            return;
        }
        String redirect = q.get("redirect_uri");
        if (redirect == null || redirect.isBlank()) {
            sendText(ex, 400, "redirect_uri is required.");
            return;
        }
        if (!"code".equals(q.get("response_type"))) {
            sendText(ex, 400, "response_type must be code.");
            return;
        }
        String code = grants.approve(q.get("client_id"), q.get("scope"));
        StringBuilder location = new StringBuilder(redirect)
                .append(redirect.contains("?") ? '&' : '?')
                .append("code=")
                .append(enc(code));
        if (q.get("state") != null) {
            location.append("&state=").append(enc(q.get("state")));
        }
        location.append("&team=").append(enc(grants.team()));
        if (q.get("scope") != null) {
            location.append("&scope=").append(enc(q.get("scope")));
        }
        ex.getResponseHeaders().set("Location", location.toString());
        ex.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange ex) throws IOException {
        if (!"POST".equalsIgnoreCase(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "POST");
            sendJson(ex, 405, error("invalid_request", "Use POST."));
            return;
        }
        Map<String, String> fields = form(ex.getRequestURI().getRawQuery());
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        byte[] body = ex.getRequestBody().readAllBytes();
        if (body.length > 0) {
            if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
                sendJson(ex, 400, error("invalid_request", "The body must be application/x-www-form-urlencoded."));
                return;
            }
            fields.putAll(form(new String(body, StandardCharsets.UTF_8)));
        }
        try {
            ObjectNode answer = switch (String.valueOf(fields.get("grant_type"))) {
                case "authorization_code" ->
                    grants.exchange(fields.get("client_id"), fields.get("client_secret"), fields.get("code"));
                case "refresh_token" ->
                    grants.refresh(fields.get("client_id"), fields.get("client_secret"), fields.get("refresh_token"));
                default ->
                    throw new OAuthGrants.Refusal(
                            400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token.");
            };
            sendJson(ex, 200, answer);
        } catch (OAuthGrants.Refusal refusal) {
            sendJson(ex, refusal.status, error(refusal.error, refusal.getMessage()));
        }
    }

    private static ObjectNode error(String code, String description) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", code);
        n.put("error_description", description);
        return n;
    }

    static Map<String, String> form(String raw) {
        Map<String, String> fields = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return fields;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.put(key, value);
        }
        return fields;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void sendJson(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
