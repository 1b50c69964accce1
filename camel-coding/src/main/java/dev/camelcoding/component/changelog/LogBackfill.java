package dev.camelcoding.component.changelog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingConfiguration;
import dev.camelcoding.component.CodingEndpoint;
import dev.camelcoding.component.CustomFieldsEmitter;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.polling.ChangeEmitter;
import dev.camelcoding.component.polling.PollContext;
import dev.camelcoding.component.polling.StateStore;
import dev.camelcoding.component.polling.TablePollers;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * A one-off snapshot of a table from CODING for one log consumer whose unread entries retention purged: the table's
 * poller with a state of its own (in memory, so the source's reader and its cursor are untouched) starting from the
 * beginning, its events handed straight to the consumer's route. It polls until the snapshot is whole (pollers only stop
 * mid-pass when the route stops).
 */
public final class LogBackfill implements ChangeEmitter {

    private final CodingEndpoint endpoint;
    private final Consumer<Exchange> route;

    LogBackfill(CodingEndpoint endpoint, Consumer<Exchange> route) {
        this.endpoint = endpoint;
        this.route = route;
    }

    int run() throws Exception {
        CodingConfiguration config = endpoint.getConfiguration();
        StateStore state = new StateStore(
                new MemoryStateRepository(), endpoint.stateKeyPrefix() + "/backfill", new ObjectMapper());
        PollContext ctx = new PollContext(
                endpoint.client(),
                config.getTeamName(),
                config.getProjectName(),
                endpoint.getTable().uriName(),
                config.getPageSize(),
                config.getIssueType(),
                PollContext.parseIterationCodes(config.getIterationCodes()),
                "beginning",
                config.getLookback(),
                Duration.ZERO,
                config.isFetchIssueDetail(),
                state,
                CustomFieldsEmitter.wrap(this, endpoint),
                System::currentTimeMillis,
                null);
        var poller = TablePollers.create(endpoint.getTable(), ctx, config.getIterationStrategy());
        try {
            int emitted = poller.poll();
            while (poller.moreWork() && isRunAllowed()) {
                emitted += poller.poll(); // the comments backfill spends one budget per poll
            }
            return emitted;
        } finally {
            poller.close();
        }
    }

    @Override
    public void emit(ChangeEvent event) {
        Exchange exchange = endpoint.createExchange();
        ChangeExchanges.fill(exchange, CodingChange.of(event));
        route.accept(exchange);
    }

    @Override
    public void emitBatch(List<ChangeEvent> events, String passId) {
        for (int i = 0; i < events.size(); i++) {
            Exchange exchange = endpoint.createExchange();
            CodingChange change = CodingChange.of(events.get(i));
            ChangeExchanges.fill(
                    exchange,
                    change.pass() != null ? change : change.inPass(new ChangeEvent.Pass(passId, i, events.size())));
            route.accept(exchange);
        }
    }

    /** Each event is handed over at once: nothing is ever buffered. */
    @Override
    public void flush() {}

    @Override
    public int pending() {
        return 0;
    }

    @Override
    public boolean batchFull() {
        return false;
    }

    @Override
    public boolean isRunAllowed() {
        return endpoint.isRunAllowed();
    }
}
