package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.protocol.HookSignature;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jetty listener in a Camel context that keeps each exchange's original message, as the application's does (its
 * pipeline's error handler uses {@code useOriginalMessage}, which turns {@code allowUseOriginalMessage} on) with
 * stream caching on (Camel's default). Camel then copies the body of every exchange its consumers create into a
 * stream cache as the unit of work starts, before any processor runs: without care, the whole body of a delivery was
 * read into memory before the handler could check its size (a 300 MB body ran the application out of memory), and a
 * declared length with no body behind it held the request until the idle timeout and was answered 500.
 */
class OriginalMessageListenerTest extends CamelTestSupport {

    private static final String SECRET = "original-message";
    private static final String PATH = "/hooks/OriginalMessage3";
    private final int port = AvailablePortFinder.getNextAvailable();

    @TempDir
    Path data;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.setAllowUseOriginalMessage(true);
        camel.setStreamCaching(true);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?mode=webhook&webhookHost=127.0.0.1&webhookPort=" + port + "&webhookPath=" + PATH
                                + "&webhookSecret=" + SECRET
                                + "&webhookAnswerTimeout=4s&refetch=false&teamName=acme&projectName=demo&token=t"
                                + "&apiUrl=http://127.0.0.1:9/open-api&dataDirectory=" + data)
                        .to("mock:issues");
            }
        };
    }

    @Test
    void aDeclaredLengthOverTheLimitWithNoBodyIs413AtOnce() throws Exception {
        try (Socket socket = RawHttp.connect(port)) {
            long start = System.nanoTime();
            RawHttp.head(
                    socket, "POST", PATH, Map.of("Content-Type", "application/json", "Content-Length", "99999999999"));
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.body()).contains("too-large");
            assertThat(millis)
                    .as("answered from the headers, not after the idle timeout")
                    .isLessThan(1500);
        }
    }

    @Test
    void aSignedDeliveryIsStillAccepted() throws Exception {
        MockEndpoint issues = getMockEndpoint("mock:issues");
        issues.expectedMessageCount(1);
        byte[] body = ("{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"code\":7,\"title\":\"kept original\","
                        + "\"created_at\":1700000000000,\"updated_at\":1700000005000}}")
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = RawHttp.send(
                port,
                "POST",
                PATH,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Coding-Signature",
                        HookSignature.sign(SECRET, body),
                        "X-Coding-Delivery",
                        "original-1"),
                body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        issues.assertIsSatisfied();
    }
}
