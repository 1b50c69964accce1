package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void eachKindRendersItsOwnHeader() {
        assertThat(CodingCredentials.personalToken("abc").authorizationHeader()).isEqualTo("token abc");
        assertThat(CodingCredentials.personalToken("token abc").authorizationHeader())
                .isEqualTo("token abc");
        assertThat(CodingCredentials.oauthToken("xyz").authorizationHeader()).isEqualTo("Bearer xyz");
        assertThat(CodingCredentials.oauthToken("Bearer xyz").authorizationHeader())
                .isEqualTo("Bearer xyz");
        String basic = CodingCredentials.projectToken("pt", "secret").authorizationHeader();
        assertThat(basic).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("pt:secret");
    }

    @Test
    void secretsNeverAppearInToString() {
        assertThat(CodingCredentials.personalToken("s3cr3t-value").toString()).doesNotContain("s3cr3t");
        assertThat(CodingCredentials.oauthToken("s3cr3t-value").toString()).doesNotContain("s3cr3t");
        assertThat(CodingCredentials.projectToken("user", "s3cr3t-value").toString())
                .doesNotContain("s3cr3t");
    }

    @Test
    void fingerprintsAreStableAndDistinctAndHideTheSecret() {
        String a = CodingCredentials.personalToken("token-a").fingerprint();
        assertThat(a)
                .hasSize(16)
                .isEqualTo(CodingCredentials.personalToken("token-a").fingerprint());
        assertThat(a).isNotEqualTo(CodingCredentials.personalToken("token-b").fingerprint());
        assertThat(a).isNotEqualTo(CodingCredentials.oauthToken("token-a").fingerprint());
    }

    @Test
    void emptyValuesAreRejectedClearly() {
        assertThatThrownBy(() -> CodingCredentials.personalToken("  "))
                .hasMessageContaining("personal access token is empty");
        assertThatThrownBy(() -> CodingCredentials.personalToken(null)).hasMessageContaining("is required");
    }
}
