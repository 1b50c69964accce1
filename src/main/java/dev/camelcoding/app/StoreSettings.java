package dev.camelcoding.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.EmbeddedStore;
import dev.camelcoding.component.store.StoreDataSources;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store the settings name ({@code coding.store.url}, {@code .user}, {@code .password}): the database that holds
 * every durable fact, which {@code run} writes (the routes' {@code codingStore} bean) and {@code status},
 * {@code replay} and {@code schema} read. An empty URL is the embedded H2 file in {@code coding.data-dir}.
 */
final class StoreSettings {

    static final String URL_KEY = "coding.store.url";

    private final SyncSettings settings;

    StoreSettings(SyncSettings settings) {
        this.settings = settings;
    }

    /** Whether the store is the embedded file (no URL named). */
    boolean embedded() {
        return settings.get(URL_KEY).isBlank();
    }

    Path dataDirectory() {
        return Path.of(settings.find(SyncSettings.DATA_DIR).orElse("data"));
    }

    /** The embedded store's file (when {@link #embedded()}). */
    Path embeddedFile() {
        return EmbeddedStore.file(dataDirectory());
    }

    /** Whether there is a store to read: a URL is named, or the embedded file was made by a run. */
    boolean exists() {
        return !embedded() || Files.exists(embeddedFile());
    }

    /** Where the store is, for messages (a password in the URL masked). */
    String describe() {
        return embedded() ? embeddedFile().toString() : masked(settings.get(URL_KEY));
    }

    /** A JDBC URL fit to print: a password given in it (PostgreSQL's ?password=, H2's ;PASSWORD=) is masked. */
    static String masked(String url) {
        return StoreDataSources.masked(url);
    }

    /** The store, opened (the caller closes it); a clear one-line error when its database cannot be reached. */
    Opened open() {
        HikariDataSource dataSource;
        try {
            dataSource = StoreDataSources.open(
                    settings.get(URL_KEY),
                    settings.get("coding.store.user"),
                    settings.get("coding.store.password"),
                    dataDirectory().toString());
        } catch (RuntimeException e) {
            throw new ConfigurationException(
                    URL_KEY + "=" + describe() + ": cannot open the store: " + SyncApplication.rootMessage(e));
        }
        try {
            return new Opened(CodingStore.open(describe(), dataSource), dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new ConfigurationException(
                    URL_KEY + "=" + describe() + ": cannot open the store: " + SyncApplication.rootMessage(e));
        }
    }

    /** An open store and the pool it owns. */
    record Opened(CodingStore store, HikariDataSource dataSource) implements AutoCloseable {

        @Override
        public void close() {
            dataSource.close();
        }
    }
}
