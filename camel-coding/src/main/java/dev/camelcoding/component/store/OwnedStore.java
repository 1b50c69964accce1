package dev.camelcoding.component.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * A store the component opened itself, with the pool it owns: the embedded file of a data directory, for endpoints
 * without a change log ({@code logCache=none}). Their readers' state lives there ({@link #state()}), as it lives in
 * the log's store for endpoints with one.
 */
public final class OwnedStore implements AutoCloseable {

    private final JdbcConnectionPool pool;
    private final CodingStore store;
    private final StoreStateRepository state;

    private OwnedStore(JdbcConnectionPool pool, CodingStore store) {
        this.pool = pool;
        this.store = store;
        this.state = new StoreStateRepository(store);
    }

    /** The embedded store of {@code dataDirectory}, created when missing, with the readers' state part defined. */
    public static OwnedStore embedded(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory + " for the store", e);
        }
        EmbeddedStore.announceEarlierBuild(directory);
        JdbcConnectionPool pool;
        try {
            pool = JdbcConnectionPool.create(EmbeddedStore.url(directory), EmbeddedStore.USER, "");
        } catch (NoClassDefFoundError missing) {
            throw new IllegalArgumentException(
                    "the embedded store needs the H2 driver (com.h2database:h2) on the classpath; or give the"
                            + " component a store: logCache=#myDataSource",
                    missing);
        }
        pool.setMaxConnections(16);
        try {
            CodingStore store = CodingStore.open("embedded:" + directory, pool);
            store.define(StoreStateRepository.PART);
            return new OwnedStore(pool, store);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    public CodingStore store() {
        return store;
    }

    /** The readers' state in this store. */
    public StoreStateRepository state() {
        return state;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
