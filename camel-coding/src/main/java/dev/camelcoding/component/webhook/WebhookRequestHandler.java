package dev.camelcoding.component.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;
import dev.camelcoding.protocol.HookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers CODING's Service Hook (and WebHook v2) deliveries on one path, for the tables registered on it.
 *
 * <p>Order of checks, each before any work the next one costs: method (405 with {@code Allow: POST}), the exact
 * raw path (404), declared size (413, before a byte of the body is read), content type (415), the body itself read
 * within the size limit and the answer deadline (413, 408), signature over the raw bytes (401, before anything is
 * parsed), JSON (400), event name (400); then PING (200, logged so the user sees the set-up works), events we do not
 * turn into changes (202, counted), a delivery being processed by an earlier attempt (409, so CODING tries again: the
 * earlier attempt may still fail), a delivery processed before (200, nothing emitted) — by its delivery id, or by the
 * hash of its signed body, so a captured delivery re-sent under a fresh {@code X-Coding-Delivery} costs no Open API
 * call — and finally the change itself: 200 only once the route has processed it, 200 "gone" when CODING no longer
 * has the row, 422 when the signed payload can never become a change, 500 if the route failed, 503 when the route
 * did not finish within {@code webhookAnswerTimeout} (CODING gives up at 5 s). After a 500 or 503 the delivery is
 * not remembered, so CODING's redelivery is processed. Nothing in a response or a log line contains the secret, and
 * the path (itself a secret) appears only masked.
 */
public final class WebhookRequestHandler implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRequestHandler.class);

    /** CODING waits 5 s for an answer: 4 s for us leaves a second for the network. */
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(4);
    /** Routes running at once, counting those past their deadline: beyond it deliveries get 503 at once. */
    static final int MAX_ROUTE_THREADS = 64;
    /** How long the rest of a refused body is read and dropped, at most, so the client sees the 413. */
    private static final Duration DISCARD_TIME = Duration.ofSeconds(1);

    private final String path;
    private final String maskedPath;
    private final String secret;
    private final long maxBodySize;
    private final Duration answerTimeout;
    private final boolean exactPath;
    private final IdempotentRepository deliveries;
    private final ObjectMapper mapper = new ObjectMapper();
    private final WebhookTargets targets = new WebhookTargets();
    /** Whether a team sync of this process selects a project (see {@link WebhookListeners#select}). */
    private volatile java.util.function.Predicate<String> selectedProjects = project -> false;

    private final WebhookStats stats = new WebhookStats();
    private final RejectionLog rejections;
    private final BodyReader bodies;
    private final ExecutorService routeThreads;
    /** Delivery ids and body hashes being processed right now: a redelivery of one must not be answered as done. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /** A handler with the default answer timeout, checking the exact path when the request carries one. */
    public WebhookRequestHandler(String path, String secret, long maxBodySize, IdempotentRepository deliveries) {
        this(path, secret, maxBodySize, deliveries, DEFAULT_ANSWER_TIMEOUT, true);
    }

    /**
     * @param secret        the shared token configured in CODING, or null when unsigned deliveries are allowed
     * @param deliveries    where delivery ids and body hashes are remembered, for deduplication
     * @param answerTimeout how long a delivery may take, body and route included, before it is answered 503
     * @param exactPath     whether the raw request path must be exactly {@code path} (false when another component,
     *                      camel-webhook, owns the path)
     */
    public WebhookRequestHandler(
            String path,
            String secret,
            long maxBodySize,
            IdempotentRepository deliveries,
            Duration answerTimeout,
            boolean exactPath) {
        this.path = path;
        this.maskedPath = SecretPath.mask(path);
        this.secret = secret;
        this.maxBodySize = maxBodySize;
        this.answerTimeout = answerTimeout;
        this.exactPath = exactPath;
        this.deliveries = deliveries;
        this.rejections = new RejectionLog(LOG, maskedPath, 60_000, System::currentTimeMillis);
        this.bodies = new BodyReader(maxBodySize);
        AtomicInteger threads = new AtomicInteger();
        this.routeThreads =
                new ThreadPoolExecutor(0, MAX_ROUTE_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "coding-webhook-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Which projects a team sync selects, started or not: their deliveries wait (503) for their endpoints. */
    void selectedProjects(java.util.function.Predicate<String> selected) {
        this.selectedProjects = selected;
    }

    public void register(WebhookTarget target) {
        targets.add(target, maskedPath);
    }

    public void unregister(WebhookTarget target) {
        targets.remove(target);
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

    /** Stops the route threads (a route still running past its deadline is left to finish) and flushes the logs. */
    public void close() {
        routeThreads.shutdown();
        rejections.flush();
    }

    @Override
    public void process(Exchange exchange) {
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        try {
            handle(exchange, deadline);
        } catch (RejectedDelivery rejected) {
            reject(exchange, rejected.status(), rejected.outcome(), rejected.getMessage());
        }
    }

    private void handle(Exchange exchange, long deadline) throws RejectedDelivery {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        if (method != null && !"POST".equals(method)) {
            throw new RejectedDelivery(405, "wrong-method", "CODING delivers with POST; got " + method);
        }
        String rawUri = in.getHeader(Exchange.HTTP_URI, String.class);
        if (exactPath && rawUri != null && !SecretPath.matches(rawUri, path)) {
            throw new RejectedDelivery(
                    404,
                    "wrong-path",
                    "the request path is not the configured webhookPath"
                            + " byte for byte (no percent-encoding, ';' parameters, dot segments or other case)");
        }
        long declared = declaredLength(in);
        if (declared > maxBodySize) {
            // A body the client promised that is within what we would drain is drained briefly, so the client reads
            // the 413; a bigger one could never be drained, and waiting for it to arrive (or for a client that sends
            // no body behind its length) would hold the answer until the idle timeout: answered at once.
            if (bodies.drainable(declared)) {
                discardRefused(in, deadline);
            }
            throw BodyReader.tooLarge(maxBodySize);
        }
        boolean form = checkContentType(in);
        byte[] raw;
        try {
            raw = bodies.read(in.getBody(), () -> in.getBody(InputStream.class), deadline);
        } catch (RejectedDelivery rejected) {
            if (rejected.status() == 413) {
                discardRefused(in, deadline);
            }
            throw rejected;
        }
        byte[] payload = form ? formPayload(raw) : raw;
        if (secret != null) {
            String signature = header(in, "X-Coding-Signature");
            if (!HookSignature.verify(signature, secret, raw, form ? payload : null)) {
                throw new RejectedDelivery(
                        401,
                        "bad-signature",
                        signature == null
                                ? "the delivery is not signed: set the same token in CODING's Service Hook as webhookSecret"
                                : "the signature does not match: the token in CODING's Service Hook differs from webhookSecret");
            }
        }
        if (payload == null) {
            throw new RejectedDelivery(400, "malformed", "a form-encoded delivery needs a 'payload' field");
        }
        JsonNode body;
        try {
            body = mapper.readTree(payload);
        } catch (IOException e) {
            throw new RejectedDelivery(400, "malformed", "the body is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw new RejectedDelivery(400, "malformed", "the body is not a JSON object");
        }
        String event = eventName(body, in);
        if (event == null) {
            throw new RejectedDelivery(
                    400, "malformed", "no event name (body 'event', X-Coding-Service-Hook-Event or X-Coding-Event)");
        }
        String hookId =
                Optional.ofNullable(header(in, "X-Coding-Service-Hook-Id")).orElse(Json.text(body, "hook_id"));
        if (HookEvents.isPing(event)) {
            LOG.info(
                    "CODING webhook PING received on {} (hook {}): the Service Hook reaches this listener",
                    maskedPath,
                    hookId == null ? "?" : hookId);
            answer(exchange, 200, "ping", "pong");
            return;
        }
        Optional<HookEvents.Mapping> mapping = HookEvents.map(event, body);
        if (mapping.isEmpty()) {
            answer(exchange, 202, "ignored-event", "event " + event + " is not synced; acknowledged");
            return;
        }
        WebhookTargets.Route route = targets.route(mapping.get().table(), body);
        if (route instanceof WebhookTargets.UnsyncedProject unsynced && selectedProjects.test(unsynced.project())) {
            // selected, its endpoint not on this path yet (a team starts its projects one after the other): not
            // acknowledged, so CODING delivers it again once it is
            answer(exchange, 503, "project-starting", "project " + unsynced.project() + " is starting; deliver again");
            return;
        }
        if (route instanceof WebhookTargets.UnsyncedProject unsynced) {
            // a hook of a project this process does not sync (any more): acknowledged, so CODING does not deliver
            // it again and again, and counted in the listener's statistics
            answer(exchange, 202, "unsynced-project", "project " + unsynced.project() + " is not synced here");
            return;
        }
        if (route instanceof WebhookTargets.NoTable) {
            answer(
                    exchange,
                    202,
                    "no-endpoint",
                    "no coding:" + mapping.get().table() + " endpoint listens here for this project");
            return;
        }
        if (route instanceof WebhookTargets.NoProjectNamed ambiguous) {
            throw new RejectedDelivery(
                    400,
                    "malformed",
                    "the delivery names no project (project.name) and " + ambiguous.projects() + " projects' coding:"
                            + mapping.get().table() + " endpoints listen here");
        }
        WebhookTarget target = ((WebhookTargets.Found) route).target();
        // The hash of what was signed: a captured delivery re-sent with a fresh X-Coding-Delivery is the same body.
        String bodyKey = "body-sha256:" + sha256(payload);
        String deliveryId = Optional.ofNullable(header(in, "X-Coding-Delivery"))
                .filter(id -> !id.isBlank())
                .orElse(bodyKey);
        Reservation reservation = reserve(deliveryId, bodyKey);
        switch (reservation) {
            case IN_FLIGHT ->
                answer(
                        exchange,
                        409,
                        "in-flight",
                        "delivery " + deliveryId + " is being processed; deliver it again later");
            case DUPLICATE -> answer(exchange, 200, "duplicate", "delivery " + deliveryId + " was processed before");
            case RESERVED ->
                run(
                        exchange,
                        target,
                        new HookDelivery(event, deliveryId, hookId, body),
                        mapping.get(),
                        bodyKey,
                        deadline);
        }
    }

    private enum Reservation {
        IN_FLIGHT,
        DUPLICATE,
        RESERVED
    }

    /** Reserves the delivery id and the body hash, or says why the delivery is not to be processed now. */
    private Reservation reserve(String deliveryId, String bodyKey) {
        if (!inFlight.add(deliveryId)) {
            return Reservation.IN_FLIGHT;
        }
        if (!bodyKey.equals(deliveryId) && !inFlight.add(bodyKey)) {
            inFlight.remove(deliveryId);
            return Reservation.IN_FLIGHT;
        }
        if (!deliveries.add(deliveryId)) {
            release(deliveryId, bodyKey);
            return Reservation.DUPLICATE;
        }
        if (!bodyKey.equals(deliveryId) && !deliveries.add(bodyKey)) {
            deliveries.remove(deliveryId);
            release(deliveryId, bodyKey);
            return Reservation.DUPLICATE;
        }
        return Reservation.RESERVED;
    }

    private void release(String deliveryId, String bodyKey) {
        inFlight.remove(deliveryId);
        inFlight.remove(bodyKey);
    }

    /**
     * Runs the route on a thread of its own and waits for it until the deadline. The bookkeeping (remember the
     * delivery when the route succeeded, forget it when it failed, free the in-flight slot) happens when the route
     * ends, even after a 503: until then a redelivery is answered 409, and once the late attempt has ended, the
     * redelivery is processed (it failed) or answered as a duplicate (it succeeded after all).
     */
    private void run(
            Exchange exchange,
            WebhookTarget target,
            HookDelivery delivery,
            HookEvents.Mapping mapping,
            String bodyKey,
            long deadline) {
        String deliveryId = delivery.deliveryId();
        CompletableFuture<WebhookTarget.Outcome> route;
        try {
            route = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return target.deliver(delivery, mapping);
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new CompletionException(e);
                        }
                    },
                    routeThreads);
        } catch (RejectedExecutionException busy) {
            forget(deliveryId, bodyKey);
            reject(exchange, 503, "busy", MAX_ROUTE_THREADS + " deliveries are being processed already; deliver again");
            return;
        }
        CompletableFuture<WebhookTarget.Outcome> settled = route.whenComplete((outcome, failure) -> {
            if (failure == null) {
                deliveries.confirm(deliveryId);
                if (!bodyKey.equals(deliveryId)) {
                    deliveries.confirm(bodyKey);
                }
                release(deliveryId, bodyKey);
            } else {
                forget(deliveryId, bodyKey);
            }
        });
        try {
            WebhookTarget.Outcome outcome =
                    settled.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (outcome == WebhookTarget.Outcome.GONE) {
                answer(exchange, 200, "gone", "CODING no longer has this " + mapping.table() + " row; nothing emitted");
            } else if (outcome == WebhookTarget.Outcome.UNCHANGED) {
                answer(
                        exchange,
                        200,
                        "unchanged",
                        "this " + mapping.table() + " row was emitted as it is; nothing" + " emitted");
            } else {
                answer(exchange, 200, "accepted", delivery.event() + " processed");
            }
        } catch (TimeoutException late) {
            reject(
                    exchange,
                    503,
                    "deadline",
                    "delivery " + deliveryId + " (" + delivery.event() + ") was not processed"
                            + " within webhookAnswerTimeout=" + answerTimeout.toMillis()
                            + "ms (is the sink slow or down?);"
                            + " CODING may deliver it again");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            reject(exchange, 503, "deadline", "interrupted while delivery " + deliveryId + " was processed");
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause() instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause()
                    : failed.getCause();
            if (cause instanceof dev.camelcoding.component.changelog.NotReaderException notReader) {
                // with a change log, only the source's reader appends: 503 so CODING delivers again (to the reader)
                reject(exchange, 503, "not-reader", notReader.getMessage() + "; CODING may deliver it again");
            } else if (cause instanceof MalformedDeliveryException malformed) {
                reject(
                        exchange,
                        422,
                        "malformed-payload",
                        malformed.getMessage() + "; it can never be processed, so it is not worth delivering again");
            } else {
                reject(
                        exchange,
                        500,
                        "failed",
                        "delivery " + deliveryId + " (" + delivery.event() + ") failed and"
                                + " was answered 500 so CODING can deliver it again: " + cause.getMessage());
            }
        }
    }

    private void forget(String deliveryId, String bodyKey) {
        deliveries.remove(deliveryId);
        if (!bodyKey.equals(deliveryId)) {
            deliveries.remove(bodyKey);
        }
        release(deliveryId, bodyKey);
    }

    private void reject(Exchange exchange, int status, String outcome, String message) {
        rejections.rejected(outcome, status, message);
        answer(exchange, status, outcome, message);
        if (status == 405) {
            exchange.getMessage().setHeader("Allow", "POST");
        }
        if (status == 413 || status == 408) {
            // the rest of the body was not read: close the connection rather than drain it
            exchange.getMessage().setHeader("Connection", "close");
        }
    }

    private void answer(Exchange exchange, int status, String outcome, String message) {
        stats.count(outcome);
        Message out = exchange.getMessage();
        // the HTTP servers copy message headers into the answer: send ours only, not the request's back
        out.removeHeaders("*");
        ObjectNode json = mapper.createObjectNode().put("status", outcome).put("message", message);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.toString());
    }

    /**
     * Drops what a client is still sending of a refused body, briefly, so it can read the 413 (see
     * {@link BodyReader#discard}); not when it waits for {@code 100 Continue}: it sends nothing unless we read.
     */
    private void discardRefused(Message in, long deadline) {
        String expect = header(in, "Expect");
        if (expect != null && expect.trim().equalsIgnoreCase("100-continue")) {
            return;
        }
        long until = Math.min(deadline, System.nanoTime() + DISCARD_TIME.toNanos());
        bodies.discard(in.getBody(), () -> in.getBody(InputStream.class), until);
    }

    /**
     * The body's declared length, -1 when none is declared (chunked: the reader enforces the limit on the bytes
     * themselves); more digits than a long holds is {@link Long#MAX_VALUE}, over any limit too. Read from the
     * headers alone, so an oversized body is refused before a byte of it is read.
     */
    private static long declaredLength(Message in) throws RejectedDelivery {
        String value = header(in, "Content-Length");
        if (value == null) {
            return -1;
        }
        String digits = value.trim();
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new RejectedDelivery(400, "malformed", "Content-Length is not a number");
        }
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** Whether the delivery is form-encoded; refuses what is neither JSON nor a form, or not UTF-8. */
    private static boolean checkContentType(Message in) throws RejectedDelivery {
        String header = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        Optional<MediaType> type = MediaType.parse(header);
        boolean json = type.filter(t -> t.is("application", "json") || t.is("text", "json"))
                .isPresent();
        boolean form =
                type.filter(t -> t.is("application", "x-www-form-urlencoded")).isPresent();
        if (!json && !form) {
            throw new RejectedDelivery(
                    415, "wrong-type", "expected application/json or application/x-www-form-urlencoded, got " + header);
        }
        if (!type.get().isUtf8()) {
            throw new RejectedDelivery(
                    415,
                    "wrong-type",
                    "CODING sends UTF-8; got charset " + type.get().charset());
        }
        return form;
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

    /** The JSON of a form-encoded delivery: the URL-decoded value of its {@code payload} field. */
    private static byte[] formPayload(byte[] raw) {
        String form = new String(raw, StandardCharsets.US_ASCII);
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && "payload".equals(pair.substring(0, eq))) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
