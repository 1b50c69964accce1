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
    void oneCredentialSharesOneLimiterAndTheLowestOpenRateWins() {
        CodingCredentials shared = CodingCredentials.personalToken("limiter-shared");
        SharedRateLimiters.Lease fast = SharedRateLimiters.lease(shared, "h", 20);
        SharedRateLimiters.Lease slow = SharedRateLimiters.lease(CodingCredentials.personalToken("limiter-shared"), "h", 4);

        assertThat(SharedRateLimiters.rateFor(shared, "h")).isEqualTo(4);
        assertThat(fast.limiter()).as("both clients use the same limiter").isSameAs(slow.limiter());
        assertThat(fast.limiter().getRateLimiterConfig().getLimitRefreshPeriod()).isEqualTo(Duration.ofMillis(250));
        assertThat(fast.limiter().getName()).doesNotContain("limiter-shared");

        slow.close();
        assertThat(SharedRateLimiters.rateFor(shared, "h")).as("the rate rises when the slow client goes").isEqualTo(20);
        assertThat(fast.limiter().getRateLimiterConfig().getLimitRefreshPeriod()).isEqualTo(Duration.ofMillis(50));
        fast.close();
        assertThat(SharedRateLimiters.rateFor(shared, "h")).isZero();
    }

    @Test
    void differentCredentialsHaveTheirOwnBudgets() {
        try (CodingApiClient a = new CodingApiClient(options("limiter-a", 2));
             CodingApiClient b = new CodingApiClient(options("limiter-b", 9))) {
            assertThat(SharedRateLimiters.rateFor(CodingCredentials.personalToken("limiter-a"), "127.0.0.1")).isEqualTo(2);
            assertThat(SharedRateLimiters.rateFor(CodingCredentials.personalToken("limiter-b"), "127.0.0.1")).isEqualTo(9);
        }
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
