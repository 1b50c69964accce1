package dev.camelcoding.client.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CODING's token URL, {@code https://<team>.coding.net/api/oauth/access_token}: the code exchange and the refresh,
 * each one form POST ({@code application/x-www-form-urlencoded}, as coding-api.md section 3 documents; the secrets
 * go in the body, not the query string, so no proxy log keeps them). The Host is the token URL's own: the one the
 * grant was issued by, never a fixed host.
 */
public final class TokenEndpoint {

    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Duration timeout;

    public TokenEndpoint(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The token URL of a site: {@code https://<team>.coding.net} gives {@code .../api/oauth/access_token}. */
    public static URI tokenUrl(URI siteUrl) {
        return URI.create(siteUrl.toString().replaceAll("/+$", "") + "/api/oauth/access_token");
    }

    /** grant_type=authorization_code. */
    public TokenAnswer exchange(URI tokenUrl, OAuthApp app, String code, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("client_id", app.clientId());
        form.put("client_secret", app.clientSecret());
        if (redirectUri != null) {
            form.put("redirect_uri", redirectUri);
        }
        return post(tokenUrl, form, "the authorization code");
    }

    /** grant_type=refresh_token: CODING answers a new pair and invalidates the old access and refresh tokens. */
    public TokenAnswer refresh(URI tokenUrl, OAuthApp app, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", app.clientId());
        form.put("client_secret", app.clientSecret());
        return post(tokenUrl, form, "the refresh token");
    }

    private TokenAnswer post(URI tokenUrl, Map<String, String> form, String what) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new OAuthException(
                    OAuthException.Kind.UNAVAILABLE,
                    "CODING's token URL " + tokenUrl + " did not answer ("
                            + e.getClass().getSimpleName() + "): try again later",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException(OAuthException.Kind.UNAVAILABLE, "interrupted while waiting for " + tokenUrl, e);
        }
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status >= 500 || status == 429) {
            throw new OAuthException(
                    OAuthException.Kind.UNAVAILABLE,
                    "CODING's token URL " + tokenUrl + " answered HTTP " + status + ": try again later",
                    null);
        }
        String error = json == null ? null : text(json, "error");
        if (status == 200 && json != null && error == null && json.hasNonNull("access_token")) {
            return TokenAnswer.parse(json);
        }
        String detail = describe(status, json);
        if ("invalid_client".equals(error) || status == 401 && error == null) {
            throw new OAuthException(
                    OAuthException.Kind.CLIENT_REFUSED,
                    "CODING refused the OAuth app's client id" + " or secret (" + detail
                            + "): check --client-id and --client-secret",
                    null);
        }
        if (status >= 400 && status < 500 || error != null) {
            // invalid_grant and the like: the code or refresh token is spent, expired or revoked.
            throw new OAuthException(
                    OAuthException.Kind.GRANT_REFUSED, "CODING refused " + what + " (" + detail + ")", null);
        }
        throw new OAuthException(
                OAuthException.Kind.BAD_ANSWER,
                "CODING's token URL " + tokenUrl + " gave no" + " tokens (" + detail
                        + "): check that it is https://<team>.coding.net/api/oauth/access_token",
                null);
    }

    private JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** HTTP status and CODING's error words, never the body as a whole (it could echo a token). */
    private static String describe(int status, JsonNode json) {
        StringBuilder text = new StringBuilder("HTTP ").append(status);
        if (json != null) {
            for (String field : new String[] {"error", "error_description", "code", "msg", "message"}) {
                String value = text(json, field);
                if (value != null) {
                    text.append(", ").append(field).append(' ').append(value);
                }
            }
        }
        return text.toString();
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() || value.isContainerNode() && value.isEmpty()
                ? null
                : value.isContainerNode() ? value.toString() : value.asText();
    }
}
