package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.protocol.HookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code webhook:coding:...}: Camel's webhook meta-component serving a coding: endpoint (WebhookCapableEndpoint). */
class WebhookComponentTest extends CamelTestSupport {

    private static final String SECRET = "meta-secret";
    private final int port = AvailablePortFinder.getNextAvailable();

    @TempDir
    Path data;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                restConfiguration().component("jetty").host("127.0.0.1").port(port);
                from("webhook:coding:issues?projectName=web&teamName=acme&token=t&refetch=false&webhookSecret=" + SECRET
                                + "&apiUrl=http://127.0.0.1:9/open-api&webhookAutoRegister=false&webhookPath=/meta-hook"
                                + "&dataDirectory=" + data.toString().replace('\\', '/'))
                        .to("mock:issues");
            }
        };
    }

    @Test
    void aSignedDeliveryThroughTheWebhookComponentBecomesAnEvent() throws Exception {
        byte[] body = ("{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"code\":5,\"title\":\"from webhook:\","
                        + "\"updated_at\":1700000000000,\"created_at\":1600000000000}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/meta-hook"))
                                .header("Content-Type", "application/json")
                                .header("X-Coding-Delivery", UUID.randomUUID().toString())
                                .header("X-Coding-Signature", HookSignature.sign(SECRET, body))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        MockEndpoint issues = getMockEndpoint("mock:issues");
        assertThat(issues.getExchanges()).hasSize(1);
        var event = new ObjectMapper()
                .readTree(issues.getExchanges().get(0).getMessage().getBody(String.class));
        assertThat(event.path("op").asText()).isEqualTo("u");
        assertThat(event.path("after").path("name").asText()).isEqualTo("from webhook:");
    }
}
