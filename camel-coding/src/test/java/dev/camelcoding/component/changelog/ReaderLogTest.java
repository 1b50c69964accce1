package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.polling.ChangeEmitter;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StoreStateRepository;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.spi.StateRepository;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reader's page and its cursor commit in one transaction of the store: a state write that fails takes the page's
 * entries with it (nothing appended, so nothing is appended twice when the page is read again), and one that commits
 * has appended them exactly once.
 */
class ReaderLogTest {

    private final SourceId source = new SourceId("acme", "web", "issues");
    private JdbcConnectionPool pool;
    private CodingStore store;
    private JdbcChangeLog log;
    private StoreStateRepository state;
    private Fence fence;

    @BeforeEach
    void open() throws Exception {
        pool = JdbcConnectionPool.create(
                "jdbc:h2:mem:reader-log-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        store = CodingStore.open("test", pool);
        store.define(StoreStateRepository.PART);
        log = new JdbcChangeLog(store);
        state = new StoreStateRepository(store);
        LeaseStore leases = new LeaseStore(pool, store.dialect(), Duration.ofMinutes(5));
        fence = leases.tryAcquire(source.readerNamespace(), "reader")
                .orElseThrow()
                .fence();
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    private ReaderLog readerLog(StateRepository<String, String> cursorStore) {
        return new ReaderLog(log, store, cursorStore, source, () -> Optional.of(fence));
    }

    private static ChangeEvent issue(long code) {
        ObjectNode key =
                new ObjectMapper().createObjectNode().put("project", "web").put("code", code);
        ObjectNode row = new ObjectMapper().createObjectNode().put("code", code).put("updated_at", 1_000 + code);
        return new ChangeEvent(
                Op.READ,
                "issues",
                key,
                null,
                row,
                new ChangeEvent.Source("acme", "web", "snapshot", null, null, false),
                1);
    }

    /**
     * A page waits in the emitter until its cursor is written; what waits is the row's text, not its parsed tree (a
     * page of 500 trees held across young collections was promoted to the old generation for nothing: the log stores
     * the text).
     */
    @Test
    void aPageWaitsForItsAppendWithoutTheRowsParsedTrees() throws Exception {
        java.util.List<dev.camelcoding.component.event.CodingChange> appended = new java.util.ArrayList<>();
        ChangeLog capturing = (ChangeLog) java.lang.reflect.Proxy.newProxyInstance(
                ChangeLog.class.getClassLoader(), new Class<?>[] {ChangeLog.class}, (proxy, method, args) -> {
                    if (method.getName().equals("append")) {
                        @SuppressWarnings("unchecked")
                        java.util.List<dev.camelcoding.component.event.CodingChange> changes =
                                (java.util.List<dev.camelcoding.component.event.CodingChange>) args[1];
                        appended.addAll(changes);
                    }
                    try {
                        return method.invoke(log, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ReaderLog reader = new ReaderLog(capturing, store, state, source, () -> Optional.of(fence));
        ChangeEmitter emitter = reader.emitter(50, () -> true);
        ChangeEvent event = issue(1);
        emitter.emit(event);
        emitter.flush();
        reader.state().setState("cursor", "page 1 done");

        assertThat(appended).hasSize(1);
        assertThat(appended.get(0).rowNode()).as("the parsed row, not kept").isNull();
        assertThat(appended.get(0).rowJson()).isEqualTo(event.after().toString());
        assertThat(log.read(source, 0, 10).get(0).change().rowJson())
                .isEqualTo(event.after().toString());
    }

    @Test
    void aPageIsAppendedOnlyWithItsCursorInOneTransaction() throws Exception {
        ReaderLog reader = readerLog(state);
        ChangeEmitter emitter = reader.emitter(50, () -> true);
        for (long code = 1; code <= 3; code++) {
            emitter.emit(issue(code));
        }
        emitter.flush();
        assertThat(log.extent(source).head())
                .as("a flush alone appends nothing")
                .isZero();

        reader.state().setState("cursor", "page 1 done");

        assertThat(log.extent(source).head()).isEqualTo(3);
        assertThat(state.getState("cursor")).isEqualTo("page 1 done");
        assertThat(log.read(source, 0, 10))
                .extracting(entry -> entry.change().keyJson())
                .containsExactly(
                        "{\"project\":\"web\",\"code\":1}",
                        "{\"project\":\"web\",\"code\":2}",
                        "{\"project\":\"web\",\"code\":3}");
    }

    @Test
    void aCursorWriteThatFailsTakesThePageWithIt() throws Exception {
        StateRepository<String, String> failing = new StateRepository<>() {
            @Override
            public void setState(String key, String value) {
                state.setState(key, value); // written inside the transaction, then the "crash"
                throw new IllegalStateException("killed between the append and the commit");
            }

            @Override
            public String getState(String key) {
                return state.getState(key);
            }

            @Override
            public void start() {}

            @Override
            public void stop() {}
        };
        ReaderLog reader = readerLog(failing);
        ChangeEmitter emitter = reader.emitter(50, () -> true);
        emitter.emit(issue(1));
        emitter.emit(issue(2));
        emitter.flush();

        assertThatThrownBy(() -> reader.state().setState("cursor", "page 1 done"))
                .hasMessageContaining("killed");

        assertThat(log.extent(source).head()).as("no entry without its cursor").isZero();
        assertThat(state.getState("cursor")).as("no cursor without its entries").isNull();
    }

    @Test
    void withoutTheLeaseNothingIsAppendedAndTheCursorStays() throws Exception {
        ReaderLog reader = new ReaderLog(log, store, state, source, Optional::empty);
        ChangeEmitter emitter = reader.emitter(50, () -> true);
        emitter.emit(issue(1));
        emitter.flush();
        assertThatThrownBy(() -> reader.state().setState("cursor", "x")).isInstanceOf(NotReaderException.class);
        assertThat(log.extent(source).head()).isZero();
        assertThat(state.getState("cursor")).isNull();
    }

    /**
     * The storage's log appends on the very store the readers' state uses: a page appended inside the store's
     * transaction rolls back with it (a log of its own store would have committed the page on its own).
     */
    @Test
    void theStoragesLogJoinsTheTransactionOfTheReadersState() throws Exception {
        try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            camel.getRegistry().bind("logDb", pool);
            camel.start();
            LogStorage storage = LogStorage.resolve(camel, "#logDb", "unused", Duration.ofDays(1));
            storage.start();
            try {
                ReaderLog reader = new ReaderLog(storage, source, () -> Optional.of(fence));
                ChangeEmitter emitter = reader.emitter(50, () -> true);
                emitter.emit(issue(1));
                emitter.flush();
                assertThatThrownBy(() -> storage.store().inTransaction(connection -> {
                            reader.state().setState("cursor", "page 1 done");
                            throw new IllegalStateException("killed before the commit");
                        }))
                        .hasMessageContaining("killed");
                assertThat(storage.log().extent(source).head()).isZero();
                assertThat(storage.readerState().getState("cursor")).isNull();
            } finally {
                storage.stop();
            }
        }
    }
}
