package dev.camelcoding.component.webhook;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A webhook receiver in a JVM of its own, for {@link ForkedReceiverMemoryTest}: one {@code coding:issues} webhook
 * endpoint on Jetty, payload only (no Open API), printing one line per emitted event. Prints {@code READY} once
 * listening and stops when its standard input closes.
 *
 * <p>Arguments: port, path, secret, data directory.
 */
public final class ReceiverMain {

    private ReceiverMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String uri = "coding:issues?mode=webhook&teamName=acme&projectName=demo&token=t&refetch=false"
                + "&apiUrl=http://127.0.0.1:9/open-api&webhookHost=127.0.0.1&webhookPort=" + args[0]
                + "&webhookPath=" + args[1] + "&webhookSecret=" + args[2] + "&dataDirectory=" + args[3];
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri)
                            .process(e -> out.println(
                                    "EVENT " + e.getMessage().getHeader(dev.camelcoding.component.CodingConstants.OP)));
                }
            });
            camel.start();
            out.println("READY");
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
