package dev.camelcoding.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One POST to CODING's Open API and the unwrapping of its answer, without retries.
 *
 * <p>The Action goes both in the JSON body and as {@code ?Action=}: the documentation puts it in the body, some
 * gateways route on the query, and sending both works everywhere. The answer's {@code Response} is unwrapped; an
 * error in {@code Response.Error}, a top-level {@code Error} (seen from CODING's gateway), an HTTP error status, a
 * body that is not complete JSON, a timeout or a dropped connection each become a classified
 * {@link CodingApiException}.
 */
final class OpenApiTransport implements CodingOpenApi {

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final URI apiUrl;
    private final Duration requestTimeout;
    private final ErrorClassifier classifier;
    private final ServerClock serverClock;
    private final ApiCallObserver observer;
    private final AnswerReader answerReader;

    /** A transport over {@code http}, an HTTP client other transports may share (see {@link HttpClients}). */
    OpenApiTransport(CodingClientOptions options, ObjectMapper mapper, ServerClock serverClock, HttpClient http) {
        this.mapper = mapper;
        this.answerReader = new AnswerReader(mapper);
        this.serverClock = serverClock;
        this.apiUrl = options.apiUrl();
        this.requestTimeout = options.requestTimeout();
        this.classifier =
                new ErrorClassifier(options.credentials(), options.apiUrl().toString());
        this.observer = options.callObserver();
        this.http = http;
    }

    /**
     * Sends {@code params} as the body of {@code action} with this {@code Authorization} value (asked of the
     * credential for each call: an OAuth token changes when it is refreshed) and returns the unwrapped
     * {@code Response} object.
     */
    @Override
    public JsonNode call(String action, ObjectNode params, String authorization) {
        JsonNode answer;
        try {
            answer = send(action, params, authorization);
        } catch (CodingApiException failure) {
            observer.called(action, ApiCallResult.of(failure));
            throw failure;
        }
        observer.called(action, ApiCallResult.OK);
        return answer;
    }

    private JsonNode send(String action, ObjectNode params, String authorization) {
        ObjectNode body = mapper.createObjectNode().put("Action", action);
        params.fields().forEachRemaining(e -> {
            if (!"Action".equals(e.getKey())) {
                body.set(e.getKey(), e.getValue());
            }
        });
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(actionUri(action))
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the request of " + action, e);
        }
        HttpResponse<InputStream> response;
        try {
            // The answer is parsed as it arrives (see AnswerReader), never held whole as one array
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw classifier.classify(
                    ApiFailure.network(
                            action, "no answer within " + requestTimeout.toMillis() + " ms (requestTimeout)"),
                    null,
                    e);
        } catch (IOException e) {
            throw classifier.classify(
                    ApiFailure.network(action, "connection to " + apiUrl.getHost() + " failed: " + describe(e)),
                    null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw classifier.classify(ApiFailure.network(action, "interrupted while waiting for CODING"), null, e);
        }
        serverClock.observe(response.headers().firstValue("Date").orElse(null));
        return unwrap(action, response);
    }

    private JsonNode unwrap(String action, HttpResponse<InputStream> response) {
        int status = response.statusCode();
        Duration retryAfter = retryAfter(response);
        JsonNode root = null;
        Exception parseFailure = null;
        try {
            root = answerReader.read(response.body());
        } catch (JsonProcessingException e) {
            parseFailure = e;
        } catch (IOException e) {
            // the connection failed while the body was arriving (before, inside send(): the same failure)
            throw classifier.classify(
                    ApiFailure.network(action, "connection to " + apiUrl.getHost() + " failed: " + describe(e)),
                    null,
                    e);
        }
        JsonNode envelope = root == null ? null : Json.field(root, "Response");
        String requestId = envelope == null ? null : Json.text(envelope, "RequestId");
        JsonNode error = envelope != null && !envelope.isMissingNode()
                ? Json.field(envelope, "Error")
                : root != null ? Json.field(root, "Error") : null;
        if (error != null && error.isObject()) {
            ApiFailure failure = ApiFailure.envelope(
                    action, requestId, Json.text(error, "Code"), Json.text(error, "Message"), status);
            throw classifier.classify(failure, retryAfter, null);
        }
        if (status < 200 || status >= 300) {
            throw classifier.classify(ApiFailure.http(action, requestId, status, reason(status)), retryAfter, null);
        }
        if (parseFailure != null) {
            throw classifier.classify(
                    ApiFailure.http(
                            action,
                            null,
                            0,
                            "the answer is not complete JSON (truncated or not JSON): "
                                    + parseFailure.getClass().getSimpleName()),
                    null,
                    parseFailure);
        }
        if (envelope == null || !envelope.isObject()) {
            throw classifier.classify(
                    ApiFailure.http(action, null, 0, "the answer has no 'Response' object"), null, null);
        }
        return envelope;
    }

    private URI actionUri(String action) {
        String separator = apiUrl.getRawQuery() == null ? "?" : "&";
        return URI.create(apiUrl + separator + "Action=" + URLEncoder.encode(action, StandardCharsets.UTF_8));
    }

    /** Retry-After is either delta-seconds or an HTTP date (RFC 9110); anything else is ignored. */
    static Duration retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .map(String::trim)
                .map(value -> {
                    try {
                        return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
                    } catch (NumberFormatException notSeconds) {
                        try {
                            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                            Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                            return until.isNegative() ? Duration.ZERO : until;
                        } catch (DateTimeParseException notADate) {
                            return null;
                        }
                    }
                })
                .orElse(null);
    }

    private static String reason(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "no such URL";
            case 429 -> "too many requests";
            case 500 -> "internal server error";
            case 502 -> "bad gateway";
            case 503 -> "service unavailable";
            case 504 -> "gateway timeout";
            default -> null;
        };
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
