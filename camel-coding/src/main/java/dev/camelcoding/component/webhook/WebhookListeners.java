package dev.camelcoding.component.webhook;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listeners of one component, one per server, host, port and path. CODING sends every event ticked in a
 * Service Hook to one URL, so the endpoints of one project share a listener: the first endpoint to start opens it,
 * the last to stop closes it.
 */
public final class WebhookListeners {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookListeners.class);

    /** Where a listener listens and how it checks deliveries. */
    public record Settings(
            String server,
            String host,
            int port,
            String path,
            String secret,
            long maxBodySize,
            java.time.Duration answerTimeout) {

        public String key() {
            return "platform-http".equals(server) ? server + ":" + path : server + ":" + host + ":" + port + path;
        }

        /**
         * The Camel endpoint that serves the path (camel-jetty or platform-http). Both are asked to hand over the
         * body unread, so the handler reads it within webhookMaxBodySize and webhookAnswerTimeout: by default both
         * buffer a whole body in memory, whatever its size, before the route sees it.
         */
        String uri() {
            if ("platform-http".equals(server)) {
                // useBodyHandler=false: the paused Vert.x request is the body (see VertxBodies)
                return "platform-http:" + path + "?muteException=true&useBodyHandler=false";
            }
            // disableStreamCache: the body is the servlet stream, not a copy of all of it; the raw body is needed for
            // the signature, so form bodies stay unparsed; OPTIONS reaches the handler (405), not Camel's 200; no
            // Server header; a stalled body fails its read after the idle timeout; answers carry a Content-Length (a
            // client still sending a refused body reads a complete answer before the connection closes).
            return "jetty:http://" + host + ":" + port + path
                    + "?mapHttpMessageFormUrlEncodedBody=false&muteException=true&disableStreamCache=true&chunked=false"
                    + "&optionsEnabled=true&sendServerVersion=false&idleTimeout=" + (answerTimeout.toMillis() + 1000);
        }
    }

    private static final class Listener {
        final WebhookRequestHandler handler;
        final Consumer consumer;
        final IdempotentRepository deliveries;
        final boolean ownsDeliveries;

        Listener(WebhookRequestHandler handler, Consumer consumer, IdempotentRepository deliveries, boolean owns) {
            this.handler = handler;
            this.consumer = consumer;
            this.deliveries = deliveries;
            this.ownsDeliveries = owns;
        }
    }

    private final Map<String, Listener> listeners = new HashMap<>();

    /**
     * The projects a team sync selects (lower case), whether or not their endpoints have started: a delivery for one
     * that no endpoint on the path takes yet is answered 503 rather than 202 (see {@link #select}).
     */
    private final java.util.Set<String> selected = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Marks {@code project} as synced by this process from now on, before its endpoints start. A team's projects
     * start one after the other on one listener; until a project's endpoint is on it, its deliveries are answered 503
     * (not acknowledged: CODING delivers them again) instead of 202 as for a project not synced here, which would
     * lose them.
     */
    public void select(String project) {
        selected.add(normalise(project));
    }

    /** {@code project} is no longer synced (stopped, or no longer selected): its deliveries are answered 202 again. */
    public void deselect(String project) {
        selected.remove(normalise(project));
    }

    /** Whether a team sync of this process selects {@code project} (its URL name, any letter case). */
    boolean isSelected(String project) {
        return project != null && selected.contains(normalise(project));
    }

    private static String normalise(String project) {
        return project.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Registers {@code target} on the listener of {@code settings}, opening it first when needed.
     *
     * @param deliveries the delivery-id repository to use when this call opens the listener
     * @param owned      whether that repository belongs to the listener (started and stopped with it)
     */
    public synchronized WebhookRequestHandler attach(
            CamelContext camel,
            Settings settings,
            WebhookTarget target,
            Supplier<IdempotentRepository> deliveries,
            boolean owned)
            throws Exception {
        Listener listener = listeners.get(settings.key());
        if (listener == null) {
            IdempotentRepository repository = deliveries.get();
            if (owned) {
                ServiceHelper.startService(repository);
            }
            WebhookRequestHandler handler = new WebhookRequestHandler(
                    settings.path(),
                    settings.secret(),
                    settings.maxBodySize(),
                    repository,
                    settings.answerTimeout(),
                    true);
            handler.selectedProjects(this::isSelected);
            Endpoint http = camel.getEndpoint(settings.uri());
            if (!"platform-http".equals(settings.server())) {
                RawBodyBinding.install(http);
            }
            Consumer consumer = http.createConsumer(handler);
            ServiceHelper.startService(consumer);
            listener = new Listener(handler, consumer, repository, owned);
            listeners.put(settings.key(), listener);
            LOG.info(
                    "Listening for CODING Service Hook deliveries on {} ({})",
                    SecretPath.mask(settings.path()),
                    "platform-http".equals(settings.server())
                            ? "platform-http"
                            : "jetty " + settings.host() + ":" + settings.port());
        } else if (!listener.handler.sameSecret(settings.secret())) {
            throw new IllegalArgumentException(
                    "the coding: endpoints on webhook path " + SecretPath.mask(settings.path())
                            + " have different webhookSecret values: one Service Hook signs with one token");
        }
        listener.handler.register(target);
        return listener.handler;
    }

    public synchronized void detach(Settings settings, WebhookTarget target) {
        Listener listener = listeners.get(settings.key());
        if (listener == null) {
            return;
        }
        listener.handler.unregister(target);
        if (!listener.handler.hasTargets()) {
            listeners.remove(settings.key());
            ServiceHelper.stopAndShutdownService(listener.consumer);
            listener.handler.close();
            if (listener.ownsDeliveries) {
                ServiceHelper.stopService(listener.deliveries);
            }
            LOG.info(
                    "Stopped listening for CODING deliveries on {}; answered so far: {}",
                    SecretPath.mask(settings.path()),
                    listener.handler.stats());
        }
    }
}
