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
 * The team's Service Hooks (each of one project) and their deliveries. A delivery is sent synchronously (the mutation that caused it returns
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

    /** Registers a hook of project {@code projectId} through the Java API (named "web", enabled, created by nobody). */
    String register(long projectId, String url, String secret, Collection<String> events) {
        return add(projectId, "web", url, secret, events, 0L, true, "{}", "{}").id();
    }

    /** Adds a hook; events must be ones the simulator delivers unless {@code anyDocumentedEvent}. */
    HookRegistration add(
            long projectId,
            String name,
            String url,
            String secret,
            Collection<String> events,
            long creatorId,
            boolean enabled,
            String actionProperties,
            String filterProperty) {
        URI.create(url); // validates
        Set<String> wanted = new LinkedHashSet<>(events == null ? List.of() : events);
        for (String e : wanted) {
            if (!HookPayloads.EVENTS.containsKey(e) && !ServiceHookEvents.DOCUMENTED.contains(e)) {
                throw new IllegalArgumentException(
                        "unknown event " + e + " (one of " + HookPayloads.EVENTS.keySet() + ")");
            }
        }
        HookRegistration h = new HookRegistration(
                UUID.randomUUID().toString(),
                projectId,
                name,
                url,
                secret == null || secret.isEmpty() ? null : secret,
                java.util.Collections.unmodifiableSet(wanted),
                clock.getAsLong(),
                creatorId,
                enabled,
                actionProperties,
                filterProperty);
        hooks.add(h);
        return h;
    }

    void unregisterAll() {
        hooks.clear();
    }

    /** Removes the hooks of a project (when the project goes away). */
    void unregisterProject(long projectId) {
        hooks.removeIf(h -> h.projectId() == projectId);
    }

    /** Removes one hook of a project; false when the project has no such hook. */
    boolean delete(long projectId, String hookId) {
        return hooks.removeIf(h -> h.projectId() == projectId && h.id().equals(hookId));
    }

    boolean any(long projectId, String event) {
        for (HookRegistration h : hooks) {
            if (h.projectId() == projectId && h.wants(event)) {
                return true;
            }
        }
        return false;
    }

    List<HookRegistration> registrations() {
        return List.copyOf(hooks);
    }

    /** The hooks of one project, oldest first. */
    List<HookRegistration> registrations(long projectId) {
        return hooks.stream().filter(h -> h.projectId() == projectId).toList();
    }

    /** The deliveries to one hook, newest first. */
    List<HookDelivery> deliveriesOf(String hookId) {
        List<HookDelivery> out = new ArrayList<>();
        for (HookDelivery d : log) {
            if (d.hookId().equals(hookId)) {
                out.add(0, d);
            }
        }
        return out;
    }

    /**
     * Sends {@code event} to every hook of project {@code projectId} that wants it ({@code force}: to every hook of
     * the project, as PING does).
     */
    List<HookDelivery> fire(long projectId, String event, boolean force, Function<HookRegistration, byte[]> bodyFor) {
        List<HookRegistration> to = new ArrayList<>();
        for (HookRegistration h : hooks) {
            if (h.projectId() == projectId && (force || h.wants(event))) {
                to.add(h);
            }
        }
        return fireTo(to, event, bodyFor);
    }

    /** Sends {@code event} to the given hooks, whatever events they chose (PingServiceHook). */
    List<HookDelivery> fireTo(List<HookRegistration> to, String event, Function<HookRegistration, byte[]> bodyFor) {
        List<HookDelivery> sent = new ArrayList<>();
        for (HookRegistration h : to) {
            sent.add(send(
                    h,
                    event,
                    bodyFor.apply(h),
                    standardHeaders(h, event),
                    UUID.randomUUID().toString(),
                    false));
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
                    h.projectId(),
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
                original.projectId(),
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
            HookRegistration h,
            String event,
            byte[] body,
            Map<String, String> headers,
            String deliveryId,
            boolean redelivery) {
        headers.put("X-Coding-Delivery", deliveryId);
        if (h.secret() != null) {
            headers.put("X-Coding-Signature", HookSignature.sign(h.secret(), body));
        }
        return deliver(h.url(), h.id(), h.projectId(), event, body, headers, deliveryId, redelivery);
    }

    private HookDelivery deliver(
            String url,
            String hookId,
            long projectId,
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
                redelivery,
                projectId,
                UUID.randomUUID().toString());
        log.add(d);
        LOG.debug("delivered {}", d);
        return d;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
