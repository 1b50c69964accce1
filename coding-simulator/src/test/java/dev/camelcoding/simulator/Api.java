package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A minimal Open API caller for the tests. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    record Answer(int status, HttpResponse<String> http, JsonNode json) {
        JsonNode response() {
            return json.get("Response");
        }

        String errorCode() {
            JsonNode e = json.path("Response").path("Error");
            return e.isMissingNode() ? null : e.path("Code").asText();
        }
    }

    private final String baseUrl;
    private final String authorization;

    Api(CodingSimulator sim) {
        this(sim.baseUrl(), "token " + sim.personalToken());
    }

    Api(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    Api withAuthorization(String authorization) {
        return new Api(baseUrl, authorization);
    }

    /** Calls {@code action} with {@code params} given as alternating name, value pairs. */
    Answer call(String action, Object... params) {
        ObjectNode body = JSON.createObjectNode();
        body.put("Action", action);
        for (int k = 0; k < params.length; k += 2) {
            body.set((String) params[k], JSON.valueToTree(params[k + 1]));
        }
        return post(body.toString(), Map.of());
    }

    Answer post(String body, Map<String, String> query) {
        StringBuilder url = new StringBuilder(baseUrl);
        query.forEach((k, v) -> url.append(url.indexOf("?") < 0 ? '?' : '&')
                .append(k)
                .append('=')
                .append(v));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json;
            try {
                json = JSON.readTree(r.body());
            } catch (IOException e) {
                json = null;
            }
            return new Answer(r.statusCode(), r, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode recorded(String name) {
        try (InputStream in = Api.class.getResourceAsStream("/recorded/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
