package dev.camelcoding.client.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** CODING's two documented token answers (coding-api.md section 3), byte for byte. */
class TokenAnswerTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void the2025SampleWithItsStringExpiresInAndBearer() throws Exception {
        TokenAnswer answer = TokenAnswer.parse(mapper.readTree("""
                {"access_token":"RtdlB8UgzKZ7…","refresh_token":"9pqtQ6QUQlX9…","scope":"user:profile:ro project:profile:rw",
                 "team":"jackwhu-test","token_type":"Bearer","expires_in":"7200"}"""));
        assertThat(answer.expiresIn()).isEqualTo(Duration.ofSeconds(7200));
        assertThat(answer.team()).isEqualTo("jackwhu-test");
        assertThat(answer.refreshToken()).isEqualTo("9pqtQ6QUQlX9…");
        assertThat(answer.scope()).isEqualTo("user:profile:ro project:profile:rw");
    }

    @Test
    void the2022SampleWithLowerCaseBearer() throws Exception {
        TokenAnswer answer = TokenAnswer.parse(mapper.readTree("""
                {"access_token":"8883405e6c14856a1e2b3c4e2d2f2666","refresh_token":"6663211fda1a41f5a1c1fa320d819aaa",
                 "team":"anywhere","expires_in":"780260","token_type":"bearer"}"""));
        assertThat(answer.expiresIn()).isEqualTo(Duration.ofSeconds(780260));
        assertThat(answer.accessToken()).isEqualTo("8883405e6c14856a1e2b3c4e2d2f2666");
        assertThat(answer.team()).isEqualTo("anywhere");
    }

    @Test
    void aNumericExpiresInAsRfc6749SaysIsAcceptedToo() throws Exception {
        assertThat(TokenAnswer.parse(mapper.readTree("{\"access_token\":\"a\",\"expires_in\":3600}"))
                        .expiresIn())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anotherTokenTypeOrNoTokenIsABadAnswerThatShowsNoValue() throws Exception {
        assertThatThrownBy(() ->
                        TokenAnswer.parse(mapper.readTree("{\"access_token\":\"secret-a\",\"token_type\":\"mac\"}")))
                .isInstanceOfSatisfying(
                        OAuthException.class, e -> assertThat(e.kind()).isEqualTo(OAuthException.Kind.BAD_ANSWER))
                .hasMessageNotContaining("secret-a");
        assertThatThrownBy(() -> TokenAnswer.parse(mapper.readTree("{\"refresh_token\":\"secret-r\"}")))
                .hasMessageContaining("no access_token")
                .hasMessageContaining("refresh_token")
                .hasMessageNotContaining("secret-r");
        assertThatThrownBy(() -> TokenAnswer.parse(mapper.readTree("{\"access_token\":\"a\",\"expires_in\":\"soon\"}")))
                .hasMessageContaining("not a number of seconds");
    }
}
