package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's X-Coding-Signature on the wire against known answers computed with OpenSSL (the repository's
 * recorded/signature-vectors.json). It signs with {@code dev.camelcoding.protocol.HookSignature}, the component's
 * implementation, whose own vectors test is in coding-protocol: this test shows the simulator signs the bytes it sends.
 */
class SignatureVectorsTest {

    CodingSimulator sim;
    HookReceiver receiver;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(1).start();
        receiver = new HookReceiver();
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SignatureVectorsTest.class.getResourceAsStream("/recorded/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static byte[] body(JsonNode vector) throws IOException {
        byte[] body = vector.has("body_file")
                ? resource(vector.path("body_file").asText())
                : vector.path("body_utf8").asText().getBytes(StandardCharsets.UTF_8);
        if (vector.has("body_bytes")) {
            assertThat(body).hasSize(vector.path("body_bytes").asInt());
        }
        return body;
    }

    private static JsonNode vectors() throws IOException {
        JsonNode vectors = Api.JSON.readTree(resource("signature-vectors.json")).path("vectors");
        assertThat(vectors.size()).isEqualTo(5);
        return vectors;
    }

    @Test
    void deliveriesCarryOpenSslsSignatureOnTheWire() throws IOException {
        for (JsonNode v : vectors()) {
            sim.unregisterHooks();
            sim.registerHook(receiver.url(), v.path("secret").asText(), List.of());
            byte[] body = body(v);

            sim.sendRaw("ISSUE_COMMENT_CREATED", body, Map.of());

            HookReceiver.Received received = receiver.last();
            assertThat(received.body()).isEqualTo(body);
            assertThat(received.headers().getFirst("X-Coding-Signature"))
                    .isEqualTo(v.path("x_coding_signature").asText());
        }
    }
}
