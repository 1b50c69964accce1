package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.IterationStrategy;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.simulator.CodingSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * Pollers against a running simulator, with a clock both share, an in-memory state repository and an emitter that
 * records events and can be told to fail (a sink outage).
 */
final class PollerHarness implements AutoCloseable {

    final AtomicLong clock = new AtomicLong(1_780_000_000_000L);
    final CodingSimulator simulator;
    final CodingApiClient client;
    StateRepository<String, String> repository = new MemoryStateRepository();
    final RecordingEmitter emitter = new RecordingEmitter();

    // endpoint options, changeable per test
    int pageSize = 100;
    String issueType = "ALL";
    List<Long> iterationCodes = List.of();
    String startFrom = "beginning";
    Duration lookback = Duration.ofMinutes(5);
    Duration reconcileInterval = Duration.ZERO;
    boolean fetchIssueDetail;
    IterationStrategy iterationStrategy = IterationStrategy.diff;
    CommentSettings comments = new CommentSettings(100_000, 0.2, Duration.ofDays(7), Duration.ofMinutes(1));
    /** The issues listing the issues and comments pollers share (set it to have them share one). */
    IssueFeed feed;

    CrossPathLedger crossPath;
    /** The store that keeps what the readers remember per issue; null: their state keeps it. */
    dev.camelcoding.component.store.CodingStore store;

    PollerHarness(Consumer<CodingSimulator.Builder> simulatorOptions) {
        CodingSimulator.Builder builder = CodingSimulator.builder().clock(clock::get);
        simulatorOptions.accept(builder);
        simulator = builder.start();
        client = new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(simulator.baseUrl())
                .credentials(CodingCredentials.personalToken(simulator.personalToken()))
                .requestsPerSecond(10_000)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(20))
                .maxAttempts(8)
                .build());
    }

    TablePoller poller(CodingTable table) {
        return TablePollers.create(table, context(table), iterationStrategy, feed, comments);
    }

    /** A comments poller whose budget derives from {@code callsPerSecond} rather than the client's rate. */
    CommentsPoller commentsPoller(java.util.function.DoubleSupplier callsPerSecond) {
        return new CommentsPoller(context(CodingTable.COMMENTS), comments, feed, callsPerSecond);
    }

    private PollContext context(CodingTable table) {
        return new PollContext(
                client,
                simulator.team(),
                simulator.projectName(),
                table.uriName(),
                pageSize,
                issueType,
                iterationCodes,
                startFrom,
                lookback,
                reconcileInterval,
                fetchIssueDetail,
                stateStore(table),
                emitter,
                clock::get,
                crossPath);
    }

    /** The state of {@code table}'s pollers, under the prefix {@code test/<table>}. */
    StateStore stateStore(CodingTable table) {
        return new StateStore(repository, "test/" + table.uriName(), new ObjectMapper(), store);
    }

    long calls(String action) {
        return simulator.counters().count(action);
    }

    void tick(Duration duration) {
        clock.addAndGet(duration.toMillis());
    }

    @Override
    public void close() {
        simulator.close();
    }

    /**
     * Records events; fails the event after {@code failAfter} accepted ones, like a sink that goes down. With
     * {@code batchSize} > 1 it buffers like the consumer does and records each hand-over in {@link #batches};
     * {@code failBatch} fails that hand-over (1-based), {@code onHandOver} runs after each successful one.
     */
    static final class RecordingEmitter implements ChangeEmitter {
        final List<ChangeEvent> events = new ArrayList<>();
        final List<String> passIds = new ArrayList<>();
        final List<List<ChangeEvent>> batches = new ArrayList<>();
        private final List<ChangeEvent> buffer = new ArrayList<>();
        int failAfter = Integer.MAX_VALUE;
        int batchSize = 1;
        int failBatch = -1;
        int handOvers;
        java.util.function.IntConsumer onHandOver = n -> {};
        /** A kill -9 of the process at the event after this many recorded ones: nothing after it runs, not saved. */
        int killAfter = Integer.MAX_VALUE;
        /** A kill -9 at a hand-over (a page's end, a checkpoint) when this says so. */
        java.util.function.BooleanSupplier killOnFlush = () -> false;

        @Override
        public void emit(ChangeEvent event) {
            if (events.size() + buffer.size() >= killAfter) {
                killAfter = Integer.MAX_VALUE; // the restarted process runs on
                buffer.clear(); // what was not handed over dies with the process
                throw new Killed();
            }
            if (batchSize > 1) {
                buffer.add(event);
                return;
            }
            if (events.size() >= failAfter) {
                throw new IllegalStateException("sink down");
            }
            events.add(event);
        }

        @Override
        public void flush() {
            if (killOnFlush.getAsBoolean()) {
                killOnFlush = () -> false;
                buffer.clear();
                throw new Killed();
            }
            try {
                while (!buffer.isEmpty()) {
                    List<ChangeEvent> batch = List.copyOf(buffer.subList(0, Math.min(batchSize, buffer.size())));
                    if (handOvers + 1 == failBatch) {
                        failBatch = -1;
                        throw new IllegalStateException("sink down on batch " + (handOvers + 1));
                    }
                    handOvers++;
                    batches.add(batch);
                    events.addAll(batch);
                    buffer.subList(0, batch.size()).clear();
                    onHandOver.accept(handOvers);
                }
            } finally {
                buffer.clear();
            }
        }

        @Override
        public int pending() {
            return buffer.size();
        }

        @Override
        public boolean batchFull() {
            return buffer.size() >= batchSize;
        }

        @Override
        public void emitBatch(List<ChangeEvent> batch, String passId) {
            flush();
            for (ChangeEvent event : batch) {
                emit(event);
                passIds.add(passId);
            }
            flush();
        }

        @Override
        public boolean isRunAllowed() {
            return true;
        }

        /**
         * What a kill -9 leaves: the thread stops where it is. An Error, so no {@code catch (Exception)} of a poller
         * saves anything on its way out (a delivery failure would, and is a different case).
         */
        static final class Killed extends Error {
            Killed() {
                super("killed");
            }
        }

        List<ChangeEvent> take() {
            List<ChangeEvent> taken = new ArrayList<>(events);
            events.clear();
            passIds.clear();
            batches.clear();
            return taken;
        }

        static List<Long> codes(List<ChangeEvent> events, String keyField, Predicate<ChangeEvent> filter) {
            return events.stream()
                    .filter(filter)
                    .map(e -> e.key().path(keyField).asLong())
                    .collect(Collectors.toList());
        }

        static Predicate<ChangeEvent> op(Op op) {
            return e -> e.op() == op;
        }
    }
}
