package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SharedRateLimitersTest {

    private static CodingClientOptions options(String token, double rate) {
        return CodingClientOptions.builder().apiUrl("http://127.0.0.1:9/open-api")
                .credentials(CodingCredentials.personalToken(token)).requestsPerSecond(rate).build();
    }

    @Test
    void oneCredentialSharesOneLimiterAndTheLowestRateWins() {
        CodingCredentials shared = CodingCredentials.personalToken("limiter-shared");
        var first = SharedRateLimiters.forCredential(shared, "h", 20);
        var second = SharedRateLimiters.forCredential(CodingCredentials.personalToken("limiter-shared"), "h", 4);

        assertThat(SharedRateLimiters.rateFor(shared, "h")).isEqualTo(4);
        assertThat(second.getRateLimiterConfig().getLimitRefreshPeriod()).isEqualTo(Duration.ofMillis(250));
        assertThat(SharedRateLimiters.forCredential(shared, "h", 50)).isSameAs(second);
        assertThat(first.getName()).isEqualTo(second.getName()).doesNotContain("limiter-shared");
    }

    @Test
    void differentCredentialsHaveTheirOwnBudgets() {
        new CodingApiClient(options("limiter-a", 2));
        new CodingApiClient(options("limiter-b", 9));

        assertThat(SharedRateLimiters.rateFor(CodingCredentials.personalToken("limiter-a"), "127.0.0.1")).isEqualTo(2);
        assertThat(SharedRateLimiters.rateFor(CodingCredentials.personalToken("limiter-b"), "127.0.0.1")).isEqualTo(9);
    }

    @Test
    void distinctSourcesOfACredentialAreCounted() {
        CodingCredentials credentials = CodingCredentials.personalToken("limiter-users");
        assertThat(SharedRateLimiters.registerUser(credentials, "h", "acme/web")).isEqualTo(1);
        assertThat(SharedRateLimiters.registerUser(credentials, "h", "acme/web")).as("same source, other table").isEqualTo(1);
        assertThat(SharedRateLimiters.registerUser(credentials, "h", "acme/api")).isEqualTo(2);
        SharedRateLimiters.unregisterUser(credentials, "h", "acme/api");
        assertThat(SharedRateLimiters.registerUser(credentials, "h", "acme/web")).isEqualTo(1);
    }
}
