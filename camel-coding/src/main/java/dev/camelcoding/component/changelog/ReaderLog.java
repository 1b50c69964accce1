package dev.camelcoding.component.changelog;

import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.polling.ChangeEmitter;
import dev.camelcoding.component.store.CodingStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Where the one reader of a source puts its changes: straight into the change log, as typed entries, with no Camel
 * exchange in between. A poller's changes and its cursor commit in ONE transaction of the store: the poller's
 * {@link ChangeEmitter#flush()} stages what it buffered, and the next write of the reader's state ({@link #state()},
 * the repository the reader's endpoint keeps its cursor in) appends the staged changes and writes the state together.
 * A crash before that commit loses both (the page is read again from CODING); after it, neither is repeated. A
 * webhook delivery appends its change at once ({@link #appendNow}): the delivery is answered 200 only after the commit.
 *
 * <p>Every append carries the reader's lease {@link Fence}; without the lease nothing is appended and the append fails
 * with {@link NotReaderException}. Staged changes belong to the thread that staged them (the poller's; hybrid mode's
 * webhook deliveries run on other threads and append on their own).
 */
public final class ReaderLog {

    private final ChangeLog log;
    private final CodingStore store;
    private final SourceId source;
    private final Supplier<Optional<Fence>> lease;
    private final StateRepository<String, String> state;
    private final ThreadLocal<List<CodingChange>> staged = ThreadLocal.withInitial(ArrayList::new);

    /**
     * The log of {@code source} in {@code storage}, appended under the fence {@code lease} gives while this process
     * reads the source.
     */
    public ReaderLog(LogStorage storage, SourceId source, Supplier<Optional<Fence>> lease) {
        this(storage.log(), storage.store(), storage.readerState(), source, lease);
    }

    ReaderLog(
            ChangeLog log,
            CodingStore store,
            StateRepository<String, String> readerState,
            SourceId source,
            Supplier<Optional<Fence>> lease) {
        this.log = log;
        this.store = store;
        this.source = source;
        this.lease = lease;
        this.state = new PageAndCursor(readerState);
    }

    /** The store the log is in: the webhook delivery ledger of the reader's listener belongs there too. */
    public CodingStore store() {
        return store;
    }

    public SourceId source() {
        return source;
    }

    /**
     * The reader's state repository: a write first appends what this thread staged, in the same transaction, so a
     * cursor never commits without the changes it covers, nor the changes without it.
     */
    public StateRepository<String, String> state() {
        return state;
    }

    /** A poller's emitter: buffers changes, stages them on flush, hands them to the log with the next state write. */
    public Emitter emitter(int batchSize, BooleanSupplier runAllowed) {
        return new Emitter(batchSize, runAllowed);
    }

    /** Appends one change now, in a transaction of its own (or the caller's): a webhook delivery's. */
    public void appendNow(CodingChange change) {
        append(List.of(change));
    }

    /** Appends what this thread staged and was not followed by a state write (the end of a poll). */
    public void appendStaged() {
        List<CodingChange> changes = staged.get();
        if (!changes.isEmpty()) {
            try {
                append(changes);
            } finally {
                changes.clear();
            }
        }
    }

    /** Forgets what this thread staged: the poll failed, and its changes are read again from CODING. */
    public void dropStaged() {
        staged.get().clear();
    }

    /** How many changes this thread staged for the next state write. */
    int stagedCount() {
        return staged.get().size();
    }

    /** Where the row hashes of the source's last logged overwrite pass are kept, next to the reader's cursor. */
    private String passStateKey() {
        return "changelog:" + source + ":overwrite-pass";
    }

    private java.util.Map<String, String> previousPass() throws java.io.IOException {
        return OverwritePassLog.parseHashes(state.getState(passStateKey()));
    }

    private void append(List<CodingChange> changes) {
        Fence fence = lease.get().orElseThrow(() -> new NotReaderException(source));
        log.append(source, changes, fence);
    }

    /** The state repository whose writes carry the staged page (see {@link ReaderLog}). */
    private final class PageAndCursor extends ServiceSupport implements StateRepository<String, String> {

        private final StateRepository<String, String> delegate;

        PageAndCursor(StateRepository<String, String> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void setState(String key, String value) {
            List<CodingChange> changes = staged.get();
            if (changes.isEmpty()) {
                delegate.setState(key, value);
                return;
            }
            store.inTransaction(connection -> {
                append(changes);
                delegate.setState(key, value);
                return null;
            });
            changes.clear();
        }

        @Override
        public String getState(String key) {
            return delegate.getState(key);
        }
    }

    /**
     * A poller's {@link ChangeEmitter}: up to {@code batchSize} changes buffered (rendered once, as typed changes),
     * staged on {@link #flush()}; an overwrite pass is staged whole, so it is appended in one transaction.
     */
    public final class Emitter implements ChangeEmitter {

        private final int batchSize;
        private final BooleanSupplier runAllowed;
        private final List<CodingChange> buffer = new ArrayList<>();

        Emitter(int batchSize, BooleanSupplier runAllowed) {
            this.batchSize = Math.max(1, batchSize);
            this.runAllowed = runAllowed;
        }

        @Override
        public void emit(ChangeEvent event) {
            // the row's text is what the log stores: its parsed tree need not wait for the page's append
            buffer.add(CodingChange.of(event).withoutRowNode());
        }

        @Override
        public void flush() {
            staged.get().addAll(buffer);
            buffer.clear();
        }

        @Override
        public int pending() {
            return buffer.size();
        }

        @Override
        public boolean batchFull() {
            return buffer.size() >= batchSize;
        }

        /**
         * An overwrite pass, logged as what changed: the rows whose content differs from the last logged pass, then
         * one pass-end entry with every key the pass listed (a sink tombstones the project's rows not among them).
         * The pass's row hashes are kept in the reader's state and written with the entries, in one transaction. A
         * pass with no changed row and the same keys logs nothing.
         */
        @Override
        public void emitBatch(List<ChangeEvent> events, String passId) throws Exception {
            flush();
            OverwritePassLog pass = OverwritePassLog.of(events, passId, previousPass());
            if (pass.unchanged()) {
                return;
            }
            for (ChangeEvent event : pass.entries()) {
                staged.get().add(CodingChange.of(event).withoutRowNode());
            }
            state.setState(passStateKey(), pass.hashesJson()); // appends the staged pass with it
        }

        @Override
        public boolean isRunAllowed() {
            return runAllowed.getAsBoolean();
        }

        /** Appends what is buffered or staged and was not followed by a state write: the end of a poll. */
        public void handOver() {
            flush();
            appendStaged();
        }

        /** Forgets what is buffered or staged: the poll failed, and its changes are read again from CODING. */
        public void discard() {
            buffer.clear();
            dropStaged();
        }
    }
}
