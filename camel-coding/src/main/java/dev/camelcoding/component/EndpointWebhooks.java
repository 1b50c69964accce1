package dev.camelcoding.component;

import dev.camelcoding.component.state.DeliveryLog;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.webhook.SecretPath;
import dev.camelcoding.component.webhook.WebhookListeners;
import dev.camelcoding.component.webhook.WebhookRequestHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.webhook.WebhookConfiguration;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook side of one {@code coding:} endpoint: the listener settings its consumers use, and the handlers it
 * makes for camel-webhook ({@code webhook:coding:...}) with the delivery ledger and the targets they feed, started
 * and closed with the endpoint.
 */
final class EndpointWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(CodingEndpoint.class);

    private final CodingEndpoint endpoint;
    private volatile WebhookConfiguration webhookConfiguration;
    private DeliveryLog handlerDeliveries;
    /** The handlers made for camel-webhook, closed (their route threads stopped) with the endpoint. */
    private final List<WebhookRequestHandler> handlers = new CopyOnWriteArrayList<>();
    /** The targets of those handlers: webhook consumers without a listener of their own. */
    private final List<CodingWebhookConsumer> targets = new CopyOnWriteArrayList<>();

    EndpointWebhooks(CodingEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    void setConfiguration(WebhookConfiguration webhookConfiguration) {
        this.webhookConfiguration = webhookConfiguration;
    }

    /** The listener settings: the endpoint's options, with camel-webhook's path when it set one. */
    WebhookListeners.Settings settings() {
        CodingConfiguration configuration = endpoint.getConfiguration();
        String path = configuration.getWebhookPath();
        if (webhookConfiguration != null && webhookConfiguration.getWebhookPath() != null) {
            path = webhookConfiguration.getWebhookPath();
        }
        return new WebhookListeners.Settings(
                configuration.getWebhookServer(),
                configuration.getWebhookHost(),
                configuration.getWebhookPort(),
                path,
                configuration.getWebhookSecret(),
                configuration.getWebhookMaxBodySize(),
                configuration.getWebhookAnswerTimeout());
    }

    /** The delivery-id repository: the configured bean, or a file under dataDirectory named after the path. */
    IdempotentRepository deliveryRepository() {
        CodingConfiguration configuration = endpoint.getConfiguration();
        if (configuration.getDeliveryRepository() != null) {
            return configuration.getDeliveryRepository();
        }
        // the delivery ledger in the endpoint's store (the change log's with a log, so a delivery's confirmation can
        // commit with its events), named after a digest of the webhook path (the secret path is never stored)
        CodingStore store;
        try {
            // a source's reader is an endpoint of its own without logCache: its ledger goes in its log's store (shared
            // by the processes on one PostgreSQL), not in the embedded store of this process's data directory
            store = endpoint.readerLog() != null
                    ? endpoint.readerLog().store()
                    : endpoint.getComponent().store(configuration);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeCamelException("cannot open the store of " + endpoint.getEndpointUri(), e);
        }
        return new DeliveryLog(store, DeliveryLog.ledgerOf(settings().path()), configuration.getDeliveryTtl());
    }

    /** A handler for camel-webhook's HTTP consumer, which hands events of the endpoint's table to {@code next}. */
    Processor createHandler(Processor next) {
        CodingConfiguration configuration = endpoint.getConfiguration();
        String table = endpoint.getTable().uriName();
        if (configuration.usesLogCache()) {
            throw new IllegalArgumentException("webhook:coding:" + table + " cannot use logCache: camel-webhook hands"
                    + " deliveries straight to its route. Use from(\"coding:" + table
                    + "?mode=webhook&logCache=...\")");
        }
        if (configuration.getDeliveryRepository() == null && handlerDeliveries == null) {
            handlerDeliveries = (DeliveryLog) deliveryRepository();
            ServiceHelper.startService(handlerDeliveries);
        }
        IdempotentRepository deliveries = configuration.getDeliveryRepository() != null
                ? configuration.getDeliveryRepository()
                : handlerDeliveries;
        WebhookListeners.Settings settings = settings();
        // camel-webhook's consumer owns the path here (it may add a context path): no exact-path check
        WebhookRequestHandler handler = new WebhookRequestHandler(
                settings.path(),
                settings.secret(),
                settings.maxBodySize(),
                deliveries,
                settings.answerTimeout(),
                false);
        // the same target as on the component's own listener: one behaviour whichever server receives deliveries
        CodingWebhookConsumer target = new CodingWebhookConsumer(endpoint, next, false);
        targets.add(target);
        if (endpoint.isStarted()) {
            ServiceHelper.startService(target);
        } // else start() starts it, once the clients it refetches with exist
        handler.register(target);
        handlers.add(handler);
        return handler;
    }

    /** CODING's Service Hooks are created in CODING (Project settings > Developer options > Service Hook). */
    void logRegistration() throws Exception {
        LOG.info(
                "Register the Service Hook in CODING: Project settings > Developer options > Service Hook, URL {},"
                        + " token = webhookSecret; coding-sync webhook-url prints the steps",
                webhookConfiguration == null
                        ? SecretPath.mask(settings().path())
                        : SecretPath.mask(webhookConfiguration.computeFullExternalUrl()));
    }

    void start() {
        ServiceHelper.startService(targets);
    }

    void stop() {
        handlers.forEach(WebhookRequestHandler::close);
        ServiceHelper.stopService(targets);
        targets.clear();
        handlers.clear();
        if (handlerDeliveries != null) {
            ServiceHelper.stopService(handlerDeliveries);
            handlerDeliveries = null;
        }
    }
}
