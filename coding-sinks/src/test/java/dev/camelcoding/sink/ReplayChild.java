package dev.camelcoding.sink;

import dev.camelcoding.component.state.DurableFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A replay in a process of its own, for {@link DeadLettersTest} to kill: its sink appends each event's dead-letter id
 * to {@code delivered} (durably), and on the event number {@code blockAt} it writes {@code blocked} and hangs, so the
 * test can {@code kill -9} it in the middle of a replay.
 * <p>Arguments: dead-letter directory, delivered file, blockAt.
 */
public final class ReplayChild {

    private ReplayChild() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
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
                        DurableFiles.SYSTEM.append(
                                delivered,
                                (exchange.getMessage().getHeader(DeadLetters.ID_HEADER) + "\n")
                                        .getBytes(StandardCharsets.UTF_8));
                    });
                }
            });
            camel.start();
            DeadLetters deadLetters = new DeadLetters();
            deadLetters.setCamelContext(camel);
            deadLetters.setDirectory(directory.toString());
            deadLetters.replay();
        }
    }
}
