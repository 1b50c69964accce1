package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link HookSignature} against known answers computed with OpenSSL, not with our code
 * (src/test/resources/recorded/signature-vectors.json, a copy of the shared reference file; the bodies are the
 * recorded deliveries' exact bytes or UTF-8 text).
 */
class SignatureVectorsTest {

    record Vector(String secret, byte[] body, String signature) {
    }

    static List<Vector> vectors() throws IOException {
        JsonNode file = new ObjectMapper().readTree(resource("signature-vectors.json"));
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode v : file.path("vectors")) {
            byte[] body = v.has("body_file") ? resource(v.path("body_file").asText())
                    : v.path("body_utf8").asText().getBytes(StandardCharsets.UTF_8);
            if (v.has("body_bytes")) {
                assertThat(body).as(v.path("body_file").asText()).hasSize(v.path("body_bytes").asInt());
            }
            vectors.add(new Vector(v.path("secret").asText(), body, v.path("x_coding_signature").asText()));
        }
        assertThat(vectors).hasSize(5);
        return vectors;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SignatureVectorsTest.class.getResourceAsStream("/recorded/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void theReceiverAcceptsEveryOpenSslSignature() throws IOException {
        for (Vector v : vectors()) {
            assertThat(HookSignature.verify(v.signature(), v.secret(), v.body())).as(v.signature()).isTrue();
            assertThat(HookSignature.verify(v.signature().toUpperCase().replace("SHA1=", "sha1="), v.secret(), v.body()))
                    .as("hex case does not matter").isTrue();
        }
    }

    @Test
    void ourSignaturesEqualOpenSsls() throws IOException {
        for (Vector v : vectors()) {
            assertThat(HookSignature.sign(v.secret(), v.body())).isEqualTo(v.signature());
        }
    }

    @Test
    void anyChangeToBodySecretOrSignatureIsRefused() throws IOException {
        for (Vector v : vectors()) {
            byte[] longer = java.util.Arrays.copyOf(v.body(), v.body().length + 1);
            assertThat(HookSignature.verify(v.signature(), v.secret(), longer)).isFalse();
            assertThat(HookSignature.verify(v.signature(), v.secret() + "x", v.body())).isFalse();
            char last = v.signature().charAt(v.signature().length() - 1);
            String flipped = v.signature().substring(0, v.signature().length() - 1) + (last == '0' ? '1' : '0');
            assertThat(HookSignature.verify(flipped, v.secret(), v.body())).isFalse();
            assertThat(HookSignature.verify(v.signature().substring("sha1=".length()), v.secret(), v.body()))
                    .as("the sha1= prefix is part of the header").isFalse();
        }
    }
}
