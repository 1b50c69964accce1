package dev.camelcoding.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.camelcoding.component.state.DurableFileStateRepository;
import dev.camelcoding.component.state.JdbcStateRepository;
import java.nio.file.Path;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The state store the settings name: the cursors, poll status and delivery ids of every table. Without
 * {@code coding.state.jdbc.url} it is the component's default, the file {@code coding-state.dat} under
 * {@code coding.data-dir}; with it, {@link JdbcStateRepository} in that database (table {@code CODING_STATE}), so that
 * {@code run} writes and {@code status} reads the same store, whichever it is.
 */
final class StateStoreSettings {

    static final String URL_KEY = "coding.state.jdbc.url";
    /** The bean name the routes' component option {@code cursorRepository} refers to. */
    static final String BEAN = "codingStateStore";

    private final SyncSettings settings;

    StateStoreSettings(SyncSettings settings) {
        this.settings = settings;
    }

    /** Whether a database is named; else the file store is used. */
    boolean isJdbc() {
        return !settings.get(URL_KEY).isBlank();
    }

    /** The file of the default store. */
    Path file() {
        return Path.of(settings.find("coding.data-dir").orElse("data"), "coding-state.dat");
    }

    /** Where the state is, for messages. */
    String describe() {
        return isJdbc() ? "table CODING_STATE of " + masked(settings.get(URL_KEY)) : file().toString();
    }

    /** A JDBC URL fit to print: a password given in it (PostgreSQL's ?password=, H2's ;PASSWORD=) is masked. */
    static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    /** The JDBC store, started (its table created when missing); the caller closes it. */
    Opened openJdbc() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.get(URL_KEY));
        config.setUsername(settings.get("coding.state.jdbc.user"));
        config.setPassword(settings.get("coding.state.jdbc.password"));
        config.setMaximumPoolSize(4);
        config.setPoolName("coding-state");
        config.setConnectionTimeout(5_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ConfigurationException(URL_KEY + "=" + masked(settings.get(URL_KEY))
                    + ": cannot connect to the state" + " database: " + SyncApplication.rootMessage(e));
        }
        JdbcStateRepository repository = new JdbcStateRepository(dataSource);
        try {
            ServiceHelper.startService(repository);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new ConfigurationException(URL_KEY + "=" + masked(settings.get(URL_KEY)) + ": cannot create the state"
                    + " table CODING_STATE: " + SyncApplication.rootMessage(e));
        }
        return new Opened(repository, dataSource);
    }

    /** The store to read for status: the JDBC one, or the file read as it is now (a running sync keeps writing it). */
    Opened openForReading() {
        if (isJdbc()) {
            return openJdbc();
        }
        DurableFileStateRepository repository = DurableFileStateRepository.readOnly(file());
        ServiceHelper.startService(repository);
        return new Opened(repository, null);
    }

    /**
     * The store opened to write a request into it ({@code resync}): the JDBC one, or the file, appended to. A running
     * sync holds the file's entries in memory, so it sees what is appended only when it starts next.
     */
    Opened openForWriting() {
        if (isJdbc()) {
            return openJdbc();
        }
        DurableFileStateRepository repository = new DurableFileStateRepository(file());
        ServiceHelper.startService(repository);
        return new Opened(repository, null);
    }

    /** An open store and the pool it owns (null for the file). */
    record Opened(StateRepository<String, String> repository, HikariDataSource dataSource) implements AutoCloseable {

        @Override
        public void close() {
            ServiceHelper.stopService(repository);
            if (dataSource != null) {
                dataSource.close();
            }
        }
    }
}
