package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.protocol.HookSignature;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same limits on platform-http (Vert.x) as on Jetty: size, time, method, answer headers. */
class PlatformHttpLimitsTest extends CamelTestSupport {

    private static final String SECRET = "platform-limits";
    private static final String PATH = "/hooks/PlatformLimits7";
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private final int port = AvailablePortFinder.getNextAvailable();

    @TempDir
    Path data;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindHost("127.0.0.1");
        server.setBindPort(port);
        camel.addService(new VertxPlatformHttpServer(server));
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?mode=webhook&webhookServer=platform-http&webhookPath=" + PATH + "&webhookSecret="
                                + SECRET
                                + "&webhookAnswerTimeout=1s&refetch=false&teamName=acme&projectName=demo&token=t"
                                + "&apiUrl=http://127.0.0.1:9/open-api&dataDirectory=" + data)
                        .to("mock:issues");
            }
        };
    }

    @Test
    void aDeclaredHugeBodyIs413FromTheHeadersAlone() throws Exception {
        try (Socket socket = RawHttp.connect(port)) {
            RawHttp.head(
                    socket,
                    "POST",
                    PATH,
                    Map.of("Content-Type", "application/json", "Content-Length", Long.toString(300L << 20)));
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(413);
        }
    }

    @Test
    void aChunkedBodyPastTheLimitIs413AndIsNotReadToTheEnd() throws Exception {
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        RawHttp.Answer answer = null;
        try (Socket socket = RawHttp.connect(port)) {
            RawHttp.head(
                    socket, "POST", PATH, Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"));
            OutputStream out = socket.getOutputStream();
            // The body is written by another thread: once the listener has refused it and stops reading, a write can
            // block for as long as the connection stays open, while this thread reads the answer (within the socket's
            // read timeout) and then closes the socket, which ends the writer.
            Thread writer = new Thread(
                    () -> {
                        byte[] zeros = new byte[64 * 1024];
                        byte[] head = (Integer.toHexString(zeros.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                        try {
                            // 32 MB: far past the 1 MiB limit
                            for (int i = 0; i < 512; i++) {
                                out.write(head);
                                out.write(zeros);
                                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                                sent.addAndGet(zeros.length);
                            }
                        } catch (IOException closed) {
                            // the listener closed the connection, or this test did after reading the answer
                        }
                    },
                    "chunked-body-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                answer = RawHttp.read(socket.getInputStream());
            } catch (IOException closed) {
                // the listener closed the connection on us after refusing the body
            }
            socket.close();
            writer.join(10_000);
        }
        if (answer != null) {
            assertThat(answer.status()).isEqualTo(413);
        }
        assertThat(getMockEndpoint("mock:issues").getExchanges()).isEmpty();
        assertThat(sent.get()).isLessThan(32L << 20);
    }

    @Test
    void aBodyThatStallsIs408AtTheDeadline() throws Exception {
        try (Socket socket = RawHttp.connect(port)) {
            RawHttp.head(socket, "POST", PATH, Map.of("Content-Type", "application/json", "Content-Length", "900"));
            socket.getOutputStream().write("{\"event\":".getBytes(StandardCharsets.UTF_8));
            long started = System.nanoTime();

            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

            assertThat(answer.status()).isEqualTo(408);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plusMillis(1500));
        }
    }

    @Test
    void optionsIs405AndTheAnswersDoNotNameTheServer() throws Exception {
        RawHttp.Answer options = RawHttp.send(port, "OPTIONS", PATH, Map.of(), new byte[0]);
        assertThat(options.status()).isEqualTo(405);
        assertThat(options.headers()).containsEntry("allow", "POST").doesNotContainKey("server");

        byte[] body = ("{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"code\":3,\"title\":\"via platform-http\","
                        + "\"updated_at\":1700000000000}}")
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer accepted = RawHttp.send(
                port,
                "POST",
                PATH,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Coding-Signature",
                        HookSignature.sign(SECRET, body),
                        "X-Coding-Delivery",
                        "p-1"),
                body);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.headers()).doesNotContainKey("server").doesNotContainKey("x-coding-signature");
        assertThat(getMockEndpoint("mock:issues").getExchanges()).hasSize(1);
        assertThat(RawHttp.send(port, "POST", PATH.toLowerCase(), Map.of("Content-Type", "application/json"), body)
                        .status())
                .isEqualTo(404);
    }
}
