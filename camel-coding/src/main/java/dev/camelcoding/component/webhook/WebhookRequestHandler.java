package dev.camelcoding.component.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;
import dev.camelcoding.component.CodingTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers CODING's Service Hook (and WebHook v2) deliveries on one path, for the tables registered on it.
 *
 * <p>Order of checks: method (405), size (413), content type (415), signature over the raw bytes (401, before
 * anything is parsed), JSON (400), event name (400); then PING (200, logged so the user sees the set-up works),
 * events we do not turn into changes (202, counted), a delivery id being processed by an earlier attempt (409, so
 * CODING tries again: the earlier attempt may still fail), a delivery id processed before (200, nothing emitted), and finally
 * the change itself: 200 only once the route has processed it, 500 if it failed (the delivery id is forgotten, so
 * CODING's redelivery is processed again). Nothing in a response or a log line contains the secret.
 */
public final class WebhookRequestHandler implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRequestHandler.class);

    private final String path;
    private final String secret;
    private final long maxBodySize;
    private final IdempotentRepository deliveries;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<CodingTable, WebhookTarget> targets = new ConcurrentHashMap<>();
    private final WebhookStats stats = new WebhookStats();
    /** Delivery ids being processed right now: a redelivery of one of them must not be answered as done. */
    private final java.util.Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param secret     the shared token configured in CODING, or null when unsigned deliveries are allowed
     * @param deliveries where delivery ids are remembered, for deduplication
     */
    public WebhookRequestHandler(String path, String secret, long maxBodySize, IdempotentRepository deliveries) {
        this.path = path;
        this.secret = secret;
        this.maxBodySize = maxBodySize;
        this.deliveries = deliveries;
    }

    public void register(WebhookTarget target) {
        WebhookTarget previous = targets.putIfAbsent(target.table(), target);
        if (previous != null && previous != target) {
            throw new IllegalStateException("two coding:" + target.table() + " endpoints listen on webhook path " + path
                    + "; give them different paths");
        }
    }

    public void unregister(WebhookTarget target) {
        targets.remove(target.table(), target);
    }

    public boolean hasTargets() {
        return !targets.isEmpty();
    }

    public boolean sameSecret(String other) {
        return secret == null ? other == null : secret.equals(other);
    }

    public WebhookStats stats() {
        return stats;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        if (method != null && !"POST".equalsIgnoreCase(method)) {
            in.setHeader("Allow", "POST");
            reject(exchange, 405, "wrong-method", "CODING delivers with POST; got " + method);
            return;
        }
        Long declared = contentLength(in);
        if (declared != null && declared > maxBodySize) {
            reject(exchange, 413, "too-large", "the body is over the " + maxBodySize + "-byte limit (webhookMaxBodySize)");
            return;
        }
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        boolean form = isType(contentType, "application/x-www-form-urlencoded");
        if (!form && !isType(contentType, "application/json") && !isType(contentType, "text/json")) {
            reject(exchange, 415, "wrong-type", "expected application/json or application/x-www-form-urlencoded, got "
                    + contentType);
            return;
        }
        byte[] raw;
        try {
            raw = readBody(in);
        } catch (IOException e) {
            reject(exchange, 400, "unreadable", "the body could not be read: " + e.getMessage());
            return;
        }
        if (raw == null) {
            reject(exchange, 413, "too-large", "the body is over the " + maxBodySize + "-byte limit (webhookMaxBodySize)");
            return;
        }
        byte[] payload = form ? formPayload(raw) : raw;
        if (secret != null) {
            String signature = header(in, "X-Coding-Signature");
            if (!HookSignature.verify(signature, secret, raw, form ? payload : null)) {
                reject(exchange, 401, "bad-signature", signature == null
                        ? "the delivery is not signed: set the same token in CODING's Service Hook as webhookSecret"
                        : "the signature does not match: the token in CODING's Service Hook differs from webhookSecret");
                return;
            }
        }
        if (payload == null) {
            reject(exchange, 400, "malformed", "a form-encoded delivery needs a 'payload' field");
            return;
        }
        JsonNode body;
        try {
            body = mapper.readTree(payload);
        } catch (IOException e) {
            reject(exchange, 400, "malformed", "the body is not JSON");
            return;
        }
        if (body == null || !body.isObject()) {
            reject(exchange, 400, "malformed", "the body is not a JSON object");
            return;
        }
        String event = eventName(body, in);
        if (event == null) {
            reject(exchange, 400, "malformed", "no event name (body 'event', X-Coding-Service-Hook-Event or X-Coding-Event)");
            return;
        }
        String hookId = Optional.ofNullable(header(in, "X-Coding-Service-Hook-Id")).orElse(Json.text(body, "hook_id"));
        if (HookEvents.isPing(event)) {
            LOG.info("CODING webhook PING received on {} (hook {}): the Service Hook reaches this listener", path,
                    hookId == null ? "?" : hookId);
            answer(exchange, 200, "ping", "pong");
            return;
        }
        Optional<HookEvents.Mapping> mapping = HookEvents.map(event, body);
        if (mapping.isEmpty()) {
            answer(exchange, 202, "ignored-event", "event " + event + " is not synced; acknowledged");
            return;
        }
        WebhookTarget target = targets.get(mapping.get().table());
        if (target == null) {
            answer(exchange, 202, "no-endpoint", "no coding:" + mapping.get().table() + " endpoint listens on " + path);
            return;
        }
        String deliveryId = Optional.ofNullable(header(in, "X-Coding-Delivery")).orElseGet(() -> "body-sha1:" + sha1(raw));
        if (!inFlight.add(deliveryId)) {
            // The first attempt is still running and may yet fail: a 2xx now could lose the change for good.
            answer(exchange, 409, "in-flight", "delivery " + deliveryId + " is being processed; deliver it again later");
            return;
        }
        try {
            if (!deliveries.add(deliveryId)) {
                answer(exchange, 200, "duplicate", "delivery " + deliveryId + " was processed before");
                return;
            }
            try {
                target.deliver(new HookDelivery(event, deliveryId, hookId, body), mapping.get());
                deliveries.confirm(deliveryId);
                answer(exchange, 200, "accepted", event + " processed");
            } catch (Exception failure) {
                deliveries.remove(deliveryId);
                LOG.warn("Delivery {} ({}) on {} failed and was answered 500 so CODING can deliver it again: {}",
                        deliveryId, event, path, failure.getMessage());
                answer(exchange, 500, "failed", "processing failed; deliver again");
            }
        } finally {
            inFlight.remove(deliveryId);
        }
    }

    private void reject(Exchange exchange, int status, String outcome, String message) {
        LOG.warn("Rejected a delivery on {} with HTTP {}: {}", path, status, message);
        answer(exchange, status, outcome, message);
    }

    private void answer(Exchange exchange, int status, String outcome, String message) {
        stats.count(outcome);
        Message out = exchange.getMessage();
        ObjectNode json = mapper.createObjectNode().put("status", outcome).put("message", message);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.toString());
    }

    /** The event name: the body's {@code event} first (it is what CODING documents), then either header family. */
    private static String eventName(JsonNode body, Message in) {
        String event = Json.text(body, "event");
        if (event == null || event.isBlank()) {
            event = header(in, "X-Coding-Service-Hook-Event");
        }
        if (event == null || event.isBlank()) {
            event = header(in, "X-Coding-Event");
        }
        return event == null || event.isBlank() ? null : event.trim();
    }

    private static String header(Message in, String name) {
        Object value = in.getHeader(name);
        if (value == null) {
            for (Map.Entry<String, Object> entry : in.getHeaders().entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    value = entry.getValue();
                    break;
                }
            }
        }
        return value == null ? null : value.toString();
    }

    private static boolean isType(String contentType, String expected) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).trim().startsWith(expected);
    }

    private static Long contentLength(Message in) {
        String value = header(in, "Content-Length");
        try {
            return value == null ? null : Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The body, or null when it is over the limit (read no further than one byte past it). */
    private byte[] readBody(Message in) throws IOException {
        Object body = in.getBody();
        if (body instanceof byte[] bytes) {
            return bytes.length > maxBodySize ? null : bytes;
        }
        if (body instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return bytes.length > maxBodySize ? null : bytes;
        }
        InputStream stream = in.getBody(InputStream.class);
        if (stream == null) {
            return new byte[0];
        }
        try (stream) {
            byte[] bytes = stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1));
            return bytes.length > maxBodySize ? null : bytes;
        }
    }

    /** The JSON of a form-encoded delivery: the URL-decoded value of its {@code payload} field. */
    private static byte[] formPayload(byte[] raw) {
        String form = new String(raw, StandardCharsets.US_ASCII);
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && "payload".equals(pair.substring(0, eq))) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String sha1(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
