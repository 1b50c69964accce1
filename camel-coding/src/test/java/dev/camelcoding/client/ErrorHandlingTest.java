package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.camelcoding.client.StubCodingServer.Answer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each kind of failure CODING (or the path to it) produces becomes its own exception, with a useful message. */
class ErrorHandlingTest {

    private static final String TOKEN = "error-test-token-0123456789abcdef";
    private static final String OK = "{\"Response\":{\"RequestId\":\"ok-1\",\"User\":{\"Id\":7,\"Name\":\"u\"}}}";

    private StubCodingServer server;

    @BeforeEach
    void start() throws Exception {
        server = new StubCodingServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CodingApiClient client(CodingCredentials credentials) {
        return new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(server.url())
                .credentials(credentials)
                .requestsPerSecond(1000)
                .maxAttempts(4)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5))
                .maxTotalWait(Duration.ofSeconds(10))
                .build());
    }

    private CodingApiClient client() {
        return client(CodingCredentials.personalToken(TOKEN));
    }

    private static Answer error(String code, String message) {
        return Answer.json("{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"" + message
                + "\"},\"RequestId\":\"req-" + code + "\"}}");
    }

    @Test
    void authFailureNamesTheCredentialKindAndNeverTheToken() {
        server.enqueue(error("AuthFailure", "token invalid"));

        assertThatThrownBy(() -> client().currentUser())
                .isInstanceOf(CodingAuthenticationException.class)
                .hasMessageContaining("personal access token")
                .hasMessageContaining("Access tokens")
                .hasMessageContaining("req-AuthFailure")
                .hasMessageNotContaining(TOKEN);
        assertThat(server.received())
                .as("an authentication failure is not retried")
                .hasSize(1);
    }

    @Test
    void aDottedSubCodeIsClassifiedByItsBase() {
        server.enqueue(error("AuthFailure.TokenFailure", ""));

        assertThatThrownBy(() ->
                        client(CodingCredentials.oauthToken("oauth-" + TOKEN)).currentUser())
                .isInstanceOf(CodingAuthenticationException.class)
                .hasMessageContaining("OAuth access token")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void http401And403AreAuthenticationAndPermission() {
        server.enqueue(Answer.status(401, Map.of(), ""), Answer.status(403, Map.of(), "forbidden"));

        assertThatThrownBy(() -> client().currentUser())
                .isInstanceOf(CodingAuthenticationException.class)
                .hasMessageContaining("HTTP 401");
        assertThatThrownBy(() -> client().currentUser())
                .isInstanceOf(CodingPermissionException.class)
                .hasMessageContaining("HTTP 403");
    }

    @Test
    void aMissingPermissionSaysWhichScopeToGrant() {
        server.enqueue(error("UnauthorizedOperation", "no permission"), error("InvalidParameterValue", ""));

        assertThatThrownBy(() -> client().projectMembers(1, 10).next())
                .isInstanceOf(CodingPermissionException.class)
                .hasMessageContaining("project:member:ro");
        // A read answered InvalidParameterValue with no message: how CODING reports a missing permission.
        assertThatThrownBy(() -> client(CodingCredentials.projectToken("pt-user", TOKEN))
                        .issuePage(IssueQuery.byUpdateTime("demo", 10), 1))
                .isInstanceOf(CodingPermissionException.class)
                .hasMessageContaining("project_issue_rw")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void anUnknownProjectIsNotFoundWithAdviceAboutTheName() {
        server.enqueue(error("ResourceNotFound", "project not exists"));

        assertThatThrownBy(() -> client().projectByName("Display Name"))
                .isInstanceOf(CodingNotFoundException.class)
                .hasMessageContaining("URL name")
                .hasMessageContaining("DescribeProjectByName");
    }

    @Test
    void anExpiredAuthorizationReportedAsNotFoundIsAnAuthenticationFailure() {
        server.enqueue(error("ResourceNotFound", "User not found, authorization invalid"));

        assertThatThrownBy(() -> client().currentUser()).isInstanceOf(CodingAuthenticationException.class);
    }

    @Test
    void aTopLevelErrorWithoutResponseWrapperIsRecognised() {
        server.enqueue(Answer.json("{\"Error\":{\"Code\":\"AuthFailure\",\"Message\":\"gateway says no\"}}"));

        assertThatThrownBy(() -> client().currentUser())
                .isInstanceOf(CodingAuthenticationException.class)
                .hasMessageContaining("gateway says no");
    }

    @Test
    void invalidRequestsAreNotRetried() {
        server.enqueue(error("MissingParameter", "ProjectName is required"));

        assertThatThrownBy(() -> client().currentUser())
                .isInstanceOf(CodingInvalidRequestException.class)
                .hasMessageContaining("ProjectName is required");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void transientFailuresAreRetriedToSuccess() {
        server.enqueue(
                error("InternalError", "boom"),
                Answer.status(503, Map.of(), "busy"),
                Answer.json("{\"Response\":{\"RequestId\":\"x\",\"User\":{\"Id\":7"), // truncated
                Answer.json(OK));

        assertThat(client().currentUser().get("Id").asLong()).isEqualTo(7);
        assertThat(server.received()).hasSize(4);
    }

    @Test
    void aNonJsonAnswerIsTransient() {
        server.always(Answer.json("<html>gateway error</html>"));

        assertThatThrownBy(() -> client().currentUser())
                .isInstanceOf(CodingTransientException.class)
                .hasMessageContaining("not complete JSON")
                .hasMessageContaining("Gave up after 4 attempts");
        assertThat(server.received()).hasSize(4);
    }

    @Test
    void throttlingIsRetriedAndRetryAfterIsHonoured() {
        server.enqueue(
                Answer.status(429, Map.of("Retry-After", "1"), ""),
                error("RequestLimitExceeded", "slow down"),
                Answer.json(OK));

        long started = System.nanoTime();
        assertThat(client().currentUser().get("Id").asLong()).isEqualTo(7);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(server.received()).hasSize(3);
        // A lower bound only: we must not come back before CODING said we may.
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void throttlingThatOutlastsTheBudgetEndsInAClearThrottledError() {
        server.always(Answer.status(429, Map.of("Retry-After", "3600"), ""));

        assertThatThrownBy(() -> client().currentUser())
                .isInstanceOf(CodingThrottledException.class)
                .hasMessageContaining("rateLimit")
                .hasMessageContaining("maxTotalWait")
                .satisfies(e ->
                        assertThat(((CodingThrottledException) e).retryAfter()).contains(Duration.ofHours(1)));
        assertThat(server.received())
                .as("no wait beyond the budget is attempted")
                .hasSize(1);
    }

    @Test
    void aConnectionRefusedIsTransient() throws Exception {
        String deadUrl = server.url();
        server.close();

        CodingApiClient client = new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(deadUrl)
                .credentials(CodingCredentials.personalToken(TOKEN))
                .requestsPerSecond(1000)
                .maxAttempts(2)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(2))
                .build());
        assertThatThrownBy(client::currentUser)
                .isInstanceOf(CodingTransientException.class)
                .hasMessageContaining("connection to 127.0.0.1 failed")
                .hasMessageNotContaining(TOKEN);
        server = new StubCodingServer();
    }

    @Test
    void aWrongApiUrlIsReportedAsSuch() {
        server.enqueue(Answer.status(404, Map.of(), "not found"));

        assertThatThrownBy(() -> client().currentUser())
                .isInstanceOf(CodingNotFoundException.class)
                .hasMessageContaining("apiUrl");
    }
}
