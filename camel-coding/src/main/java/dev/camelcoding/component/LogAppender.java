package dev.camelcoding.component;

import dev.camelcoding.component.changelog.ChangeLog;
import dev.camelcoding.component.changelog.Fence;
import dev.camelcoding.component.changelog.NewEntry;
import dev.camelcoding.component.changelog.NotReaderException;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.event.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The "route" of a source's reader: appends each event the reader's poller or webhook consumer produces to the
 * change log, under the reader's lease. It returns only once the append has committed, so the poller's cursor moves,
 * and a webhook delivery is answered 200, only after the event is durable in the log. Without the lease (another
 * process reads the source, or this one was deposed) it appends nothing and fails with {@link NotReaderException}.
 */
final class LogAppender implements Processor {

    private final ChangeLog log;
    private final SourceId source;
    private final Supplier<Optional<Fence>> lease;

    /** Appends to {@code source} in {@code log} with the fence {@code lease} gives while this process reads it. */
    LogAppender(ChangeLog log, SourceId source, Supplier<Optional<Fence>> lease) {
        this.log = log;
        this.source = source;
        this.lease = lease;
    }

    /**
     * One event, or a batch (the reader's poller hands a page as one {@code List<Exchange>}): either way one append,
     * one transaction.
     */
    @Override
    public void process(Exchange exchange) {
        Fence fence = lease.get().orElseThrow(() -> new NotReaderException(source));
        Object body = exchange.getMessage().getBody();
        List<NewEntry> entries;
        if (body instanceof List<?> events) {
            entries = new ArrayList<>(events.size());
            for (Object event : events) {
                entries.add(entryOf(((Exchange) event).getMessage()));
            }
        } else {
            entries = List.of(entryOf(exchange.getMessage()));
        }
        if (!entries.isEmpty()) {
            log.append(source, entries, fence);
        }
    }

    /** The event as the component put it on the exchange: the JSON body and the headers a sink reads. */
    static NewEntry entryOf(Message message) {
        long version = message.getHeader(CodingConstants.VERSION, 0L, Long.class);
        return new NewEntry(
                Op.fromCode(message.getHeader(CodingConstants.OP, String.class)),
                message.getHeader(CodingConstants.KEY, String.class),
                Math.max(0, version),
                message.getBody(String.class));
    }
}
