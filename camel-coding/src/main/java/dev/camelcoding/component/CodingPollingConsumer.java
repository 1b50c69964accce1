package dev.camelcoding.component;

import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.polling.ChangeEmitter;
import dev.camelcoding.component.polling.PollContext;
import dev.camelcoding.component.polling.StateStore;
import dev.camelcoding.component.polling.TablePoller;
import dev.camelcoding.component.polling.TablePollers;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling consumer: on each scheduled poll, the table's poller reads what changed and each change is handed to
 * the route synchronously. A change whose processing fails stops the poll before the cursor moves past it, so it is
 * read and delivered again on the next poll (at-least-once; the {@code CamelCodingDedupKey} header lets sinks drop
 * repeats).
 */
public class CodingPollingConsumer extends ScheduledPollConsumer implements ChangeEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(CodingPollingConsumer.class);

    private TablePoller poller;
    private CodingReadinessCheck readiness;

    public CodingPollingConsumer(CodingEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public CodingEndpoint getEndpoint() {
        return (CodingEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        CodingEndpoint endpoint = getEndpoint();
        CodingConfiguration config = endpoint.getConfiguration();
        StateStore state = endpoint.stateStore();
        PollContext ctx = new PollContext(endpoint.client(), config.getTeamName(), config.getProjectName(),
                endpoint.getTable().uriName(), config.getPageSize(), config.getIssueType(),
                PollContext.parseIterationCodes(config.getIterationCodes()), config.getStartFrom(), config.getLookback(),
                config.getReconcileInterval(), config.isFetchIssueDetail(), state, this, System::currentTimeMillis,
                endpoint.crossPathLedger());
        poller = TablePollers.create(endpoint.getTable(), ctx, config.getIterationStrategy(),
                config.getCommentRescanBatch());
        HealthCheckRegistry registry = HealthCheckRegistry.get(endpoint.getCamelContext());
        if (registry != null) {
            readiness = new CodingReadinessCheck("coding-" + endpoint.stateKeyPrefix(), endpoint.health(),
                    endpoint.getTable().uriName(), config.getProjectName());
            registry.register(readiness);
        }
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        HealthCheckRegistry registry = HealthCheckRegistry.get(getEndpoint().getCamelContext());
        if (registry != null && readiness != null) {
            registry.unregister(readiness);
        }
    }

    @Override
    protected int poll() throws Exception {
        long now = System.currentTimeMillis();
        try {
            int emitted = poller.poll();
            getEndpoint().health().success(now);
            recordStatus(now, emitted, null);
            return emitted;
        } catch (Exception e) {
            getEndpoint().health().failure(e, now);
            recordStatus(now, 0, e);
            throw e;
        }
    }

    /** What {@code coding-sync status} shows: when the table was last polled, how it went, how much it emitted. */
    private void recordStatus(long now, int emitted, Exception failure) {
        try {
            StateStore state = getEndpoint().stateStore();
            var status = state.load("status");
            status.put("lastPollAt", now);
            if (failure == null) {
                status.put("lastSuccessAt", now);
                status.remove("problem");
                status.remove("message");
            } else {
                status.put("problem", CodingHealth.classify(failure));
                status.put("message", String.valueOf(failure.getMessage()));
            }
            status.put("lastPollEvents", emitted);
            status.put("totalEvents", status.path("totalEvents").asLong() + emitted);
            if (failure instanceof dev.camelcoding.client.CodingThrottledException) {
                status.put("throttledPolls", status.path("throttledPolls").asLong() + 1);
            }
            state.save("status", status);
        } catch (RuntimeException stateUnavailable) {
            LOG.debug("could not record the poll status: {}", stateUnavailable.getMessage());
        }
    }

    @Override
    public void emit(ChangeEvent event) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            EventExchanges.fill(exchange, event);
            deliver(exchange, event);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    @Override
    public void emitBatch(List<ChangeEvent> events, String passId) throws Exception {
        for (int i = 0; i < events.size(); i++) {
            ChangeEvent event = events.get(i);
            Exchange exchange = createExchange(false);
            try {
                EventExchanges.fill(exchange, event);
                exchange.getMessage().setHeader(CodingConstants.PASS_ID, passId);
                exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, i);
                exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, events.size());
                exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, i == events.size() - 1);
                deliver(exchange, event);
            } finally {
                releaseExchange(exchange, false);
            }
        }
    }

    private void deliver(Exchange exchange, ChangeEvent event) throws Exception {
        getProcessor().process(exchange);
        Exception failure = exchange.getException();
        if (failure != null) {
            LOG.warn("The route failed on {} {} {}; the change stays unconsumed and is read again on the next poll: {}",
                    event.table(), event.op().code(), event.key(), failure.getMessage());
            throw new RuntimeCamelException("route failed on " + event.table() + " " + event.key(), failure);
        }
    }
}
