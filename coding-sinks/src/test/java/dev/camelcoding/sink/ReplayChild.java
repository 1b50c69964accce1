package dev.camelcoding.sink;

import dev.camelcoding.component.store.EmbeddedStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A replay in a process of its own, on the embedded store of a data directory (reached through the parent's H2
 * AUTO_SERVER): it writes each delivered dead letter's id to a file and blocks for good on the N-th, holding that
 * letter's row in its open transaction, so the test can kill it -9 midway.
 */
public final class ReplayChild {

    private ReplayChild() {}

    public static void main(String[] args) throws Exception {
        Path dataDirectory = Path.of(args[0]);
        Path delivered = Path.of(args[1]);
        int blockAt = Integer.parseInt(args[2]);
        CountDownLatch never = new CountDownLatch(1);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                int received;

                @Override
                public void configure() {
                    from("direct:coding-normalize").process(exchange -> {
                        if (++received == blockAt) {
                            Files.writeString(
                                    delivered.resolveSibling("blocked"),
                                    "in flight: " + exchange.getMessage().getHeader(DeadLetters.ID_HEADER));
                            never.await();
                        }
                        Files.writeString(
                                delivered,
                                exchange.getMessage().getHeader(DeadLetters.ID_HEADER) + "\n",
                                StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    });
                }
            });
            camel.start();
            JdbcDataSource store = new JdbcDataSource();
            store.setURL(EmbeddedStore.url(dataDirectory));
            store.setUser(EmbeddedStore.USER);
            DeadLetters deadLetters = new DeadLetters();
            deadLetters.setCamelContext(camel);
            deadLetters.setDataSource(store);
            deadLetters.replay();
        }
    }
}
