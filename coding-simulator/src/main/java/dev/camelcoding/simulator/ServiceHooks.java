package dev.camelcoding.simulator;

import dev.camelcoding.protocol.HookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered Service Hooks and their deliveries. A delivery is sent synchronously (the mutation that caused it returns
 * after the receiver answered or the 5 s timeout CODING uses passed) and logged with its exact bytes and headers.
 */
final class ServiceHooks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceHooks.class);

    private final List<HookRegistration> hooks = new CopyOnWriteArrayList<>();
    private final List<HookDelivery> log = new CopyOnWriteArrayList<>();
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient client;
    private final java.util.function.LongSupplier clock;

    ServiceHooks(Duration timeout, java.util.function.LongSupplier clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "coding-sim-hooks");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .executor(executor)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    String register(String url, String secret, Collection<String> events) {
        URI.create(url); // validates
        Set<String> wanted = new LinkedHashSet<>(events == null ? List.of() : events);
        for (String e : wanted) {
            if (!HookPayloads.EVENTS.containsKey(e)) {
                throw new IllegalArgumentException(
                        "unknown event " + e + " (one of " + HookPayloads.EVENTS.keySet() + ")");
            }
        }
        HookRegistration h = new HookRegistration(
                UUID.randomUUID().toString(),
                url,
                secret == null || secret.isEmpty() ? null : secret,
                Set.copyOf(wanted),
                clock.getAsLong());
        hooks.add(h);
        return h.id();
    }

    void unregisterAll() {
        hooks.clear();
    }

    boolean any(String event) {
        for (HookRegistration h : hooks) {
            if (h.wants(event)) {
                return true;
            }
        }
        return false;
    }

    List<HookRegistration> registrations() {
        return List.copyOf(hooks);
    }

    /** Sends {@code event} to every hook that wants it ({@code force}: to every hook, as PING does). */
    List<HookDelivery> fire(String event, boolean force, Function<HookRegistration, byte[]> bodyFor) {
        List<HookDelivery> sent = new ArrayList<>();
        for (HookRegistration h : hooks) {
            if (force || h.wants(event)) {
                sent.add(send(
                        h.url(),
                        h.id(),
                        event,
                        bodyFor.apply(h),
                        standardHeaders(h, event),
                        UUID.randomUUID().toString(),
                        false));
            }
        }
        return sent;
    }

    /** Sends forged or malformed bodies: standard headers for {@code event} (signed with the hook's secret), then
     * {@code overrides} (a null value removes a header). */
    List<HookDelivery> sendRaw(String event, byte[] body, Map<String, String> overrides) {
        List<HookDelivery> sent = new ArrayList<>();
        for (HookRegistration h : hooks) {
            Map<String, String> headers = standardHeaders(h, event);
            String deliveryId = UUID.randomUUID().toString();
            headers.put("X-Coding-Delivery", deliveryId);
            if (h.secret() != null) {
                headers.put("X-Coding-Signature", HookSignature.sign(h.secret(), body));
            }
            if (overrides != null) {
                overrides.forEach((k, v) -> {
                    headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
                    if (v != null) {
                        headers.put(k, v);
                    }
                });
            }
            sent.add(deliver(
                    h.url(),
                    h.id(),
                    event,
                    body,
                    headers,
                    headers.getOrDefault("X-Coding-Delivery", deliveryId),
                    false));
        }
        return sent;
    }

    HookDelivery redeliver(String deliveryId) {
        HookDelivery original = null;
        for (HookDelivery d : log) {
            if (d.deliveryId().equals(deliveryId)) {
                original = d;
                break;
            }
        }
        if (original == null) {
            throw new IllegalArgumentException("no delivery " + deliveryId);
        }
        return deliver(
                original.url(),
                original.hookId(),
                original.event(),
                original.body(),
                new LinkedHashMap<>(original.headers()),
                deliveryId,
                true);
    }

    List<HookDelivery> deliveries() {
        return List.copyOf(log);
    }

    void clearDeliveries() {
        log.clear();
    }

    private Map<String, String> standardHeaders(HookRegistration h, String event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=UTF-8");
        headers.put("User-Agent", "Coding.net Hook");
        headers.put("X-Coding-Service-Hook-Event", event);
        headers.put("X-Coding-Service-Hook-Id", h.id());
        headers.put("X-Coding-Service-Hook-Action", "webhook_http_post");
        return headers;
    }

    private HookDelivery send(
            String url,
            String hookId,
            String event,
            byte[] body,
            Map<String, String> headers,
            String deliveryId,
            boolean redelivery) {
        headers.put("X-Coding-Delivery", deliveryId);
        HookRegistration h =
                hooks.stream().filter(r -> r.id().equals(hookId)).findFirst().orElse(null);
        if (h != null && h.secret() != null) {
            headers.put("X-Coding-Signature", HookSignature.sign(h.secret(), body));
        }
        return deliver(url, hookId, event, body, headers, deliveryId, redelivery);
    }

    private HookDelivery deliver(
            String url,
            String hookId,
            String event,
            byte[] body,
            Map<String, String> headers,
            String deliveryId,
            boolean redelivery) {
        long sentAt = clock.getAsLong(); // CODING's clock, like every time it reports
        long t0 = System.nanoTime();
        int status = -1;
        String responseBody = null;
        String error = null;
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(req::header);
            HttpResponse<String> resp =
                    client.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            status = resp.statusCode();
            responseBody = resp.body();
        } catch (HttpTimeoutException e) {
            error = "timeout after " + timeout.toMillis() + " ms";
        } catch (IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        HookDelivery d = new HookDelivery(
                deliveryId,
                hookId,
                event,
                url,
                Collections.unmodifiableMap(new LinkedHashMap<>(headers)),
                body,
                status,
                responseBody,
                error,
                sentAt,
                (System.nanoTime() - t0) / 1_000_000L,
                redelivery);
        log.add(d);
        LOG.debug("delivered {}", d);
        return d;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
