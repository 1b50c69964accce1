package dev.camelcoding.component.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store's connection pool from the settings {@code coding.store.url}, {@code .user}, {@code .password}: the
 * routes' {@code codingStore} bean (a factory method, so the routes work the same under Camel Main and
 * {@code camel run}) and the commands that read the store ({@code status}, {@code replay}, {@code schema}). An empty
 * URL is the embedded H2 file in the data directory ({@link EmbeddedStore}). Independent of the sink: several
 * processes share one PostgreSQL store while each writes its own sink.
 */
public final class StoreDataSources {

    private StoreDataSources() {}

    /**
     * A pool on the store.
     *
     * @param url           a JDBC URL of H2 or PostgreSQL; empty for the embedded file in {@code dataDirectory}
     * @param user          the store's user (the embedded file's is {@value EmbeddedStore#USER} when empty)
     * @param password      the store's password
     * @param dataDirectory where the embedded file lives
     */
    public static HikariDataSource open(String url, String user, String password, String dataDirectory) {
        HikariConfig config = new HikariConfig();
        String jdbcUrl = url == null ? "" : url.trim();
        if (jdbcUrl.isEmpty()) {
            Path directory = Path.of(dataDirectory).toAbsolutePath();
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data directory " + directory + " for the store", e);
            }
            EmbeddedStore.announceEarlierBuild(directory);
            jdbcUrl = EmbeddedStore.url(directory);
            user = user == null || user.isBlank() ? EmbeddedStore.USER : user;
        } else if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("coding.store.url=" + masked(jdbcUrl) + ": the store runs on H2"
                    + " (jdbc:h2:...) or PostgreSQL (jdbc:postgresql://host:5432/db); leave it empty for the embedded"
                    + " file in the data directory");
        }
        config.setJdbcUrl(jdbcUrl);
        // by name, so the pool loads the driver from its own class loader: under camel run the driver comes with
        // --dep into Camel's download class loader, where java.sql.DriverManager does not look ("No suitable driver")
        config.setDriverClassName(jdbcUrl.startsWith("jdbc:h2:") ? "org.h2.Driver" : "org.postgresql.Driver");
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("coding-store");
        // the readers (one transaction per page), the log consumers, the webhook ledger and the dead letters
        config.setMaximumPoolSize(16);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    /** A JDBC URL fit to print: a password given in it (PostgreSQL's ?password=, H2's ;PASSWORD=) is masked. */
    public static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }
}
