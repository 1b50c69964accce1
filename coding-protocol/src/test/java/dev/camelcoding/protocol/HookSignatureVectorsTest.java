package dev.camelcoding.protocol;

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
 * {@link HookSignature}, the one implementation the component verifies with and the simulator signs with, against
 * known answers computed with OpenSSL, not with our code (the repository's recorded/signature-vectors.json; the bodies
 * are the recorded deliveries' exact bytes or UTF-8 text), and RFC 2202's HMAC-SHA1 test case.
 */
class HookSignatureVectorsTest {

    record Vector(String secret, byte[] body, String signature) {}

    static List<Vector> vectors() throws IOException {
        JsonNode file = new ObjectMapper().readTree(resource("signature-vectors.json"));
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode v : file.path("vectors")) {
            byte[] body = v.has("body_file")
                    ? resource(v.path("body_file").asText())
                    : v.path("body_utf8").asText().getBytes(StandardCharsets.UTF_8);
            if (v.has("body_bytes")) {
                assertThat(body)
                        .as(v.path("body_file").asText())
                        .hasSize(v.path("body_bytes").asInt());
            }
            vectors.add(new Vector(
                    v.path("secret").asText(),
                    body,
                    v.path("x_coding_signature").asText()));
        }
        assertThat(vectors).hasSize(5);
        return vectors;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HookSignatureVectorsTest.class.getResourceAsStream("/recorded/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void theReceiverAcceptsEveryOpenSslSignature() throws IOException {
        for (Vector v : vectors()) {
            assertThat(HookSignature.verify(v.signature(), v.secret(), v.body()))
                    .as(v.signature())
                    .isTrue();
            assertThat(HookSignature.verify(
                            v.signature().toUpperCase().replace("SHA1=", "sha1="), v.secret(), v.body()))
                    .as("hex case does not matter")
                    .isTrue();
        }
    }

    @Test
    void ourSignaturesEqualOpenSsls() throws IOException {
        for (Vector v : vectors()) {
            assertThat(HookSignature.sign(v.secret(), v.body())).isEqualTo(v.signature());
        }
    }

    @Test
    void rfc2202TestCaseTwo() {
        assertThat(HookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    }

    @Test
    void anyChangeToBodySecretOrSignatureIsRefused() throws IOException {
        for (Vector v : vectors()) {
            byte[] longer = java.util.Arrays.copyOf(v.body(), v.body().length + 1);
            assertThat(HookSignature.verify(v.signature(), v.secret(), longer)).isFalse();
            assertThat(HookSignature.verify(v.signature(), v.secret() + "x", v.body()))
                    .isFalse();
            char last = v.signature().charAt(v.signature().length() - 1);
            String flipped = v.signature().substring(0, v.signature().length() - 1) + (last == '0' ? '1' : '0');
            assertThat(HookSignature.verify(flipped, v.secret(), v.body())).isFalse();
            assertThat(HookSignature.verify(v.signature().substring("sha1=".length()), v.secret(), v.body()))
                    .as("the sha1= prefix is part of the header")
                    .isFalse();
        }
    }
}
