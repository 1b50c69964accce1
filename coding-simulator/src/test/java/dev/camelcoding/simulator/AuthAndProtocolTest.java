package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Authorization schemes, restricted tokens and the RPC protocol (POST only, Action placement). */
class AuthAndProtocolTest {

    static CodingSimulator sim;

    @BeforeAll
    static void start() {
        sim = CodingSimulator.builder()
                .issues(20)
                .personalToken("pat-1")
                .oauthToken("oauth-1")
                .projectToken("ptu", "ptp")
                .start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static Api as(String authorization) {
        return new Api(sim.baseUrl(), authorization);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everySchemeIsAccepted() {
        for (String auth : new String[] {"token pat-1", "Bearer oauth-1", basic("ptu", "ptp")}) {
            Api.Answer a = as(auth).call("DescribeCodingCurrentUser");
            assertThat(a.errorCode()).as(auth).isNull();
            assertThat(a.response().at("/User/Id").asLong())
                    .isEqualTo(sim.data().currentUserId());
        }
    }

    @Test
    void badCredentialsAnswerAuthFailureWithHttp200() {
        for (String auth : new String[] {
            null,
            "",
            "token wrong",
            "Bearer pat-1",
            "token oauth-1",
            basic("ptu", "x"),
            "Basic not-base64!",
            "Digest abc",
            "pat-1"
        }) {
            Api.Answer a = as(auth).call("DescribeCodingCurrentUser");
            assertThat(a.status()).as(String.valueOf(auth)).isEqualTo(200);
            assertThat(a.errorCode()).as(String.valueOf(auth)).isEqualTo("AuthFailure");
            assertThat(a.http().body()).doesNotContain("pat-1").doesNotContain("oauth-1");
        }
    }

    @Test
    void authFailureStatusIsConfigurable() {
        try (CodingSimulator strict =
                CodingSimulator.builder().issues(1).authFailureHttpStatus(401).start()) {
            Api.Answer a = new Api(strict.baseUrl(), "token nope").call("DescribeCodingCurrentUser");
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.errorCode()).isEqualTo("AuthFailure");
        }
    }

    @Test
    void restrictedTokenMayOnlyCallItsActions() {
        try (CodingSimulator s = CodingSimulator.builder().issues(5).start()) {
            s.restrictToken(s.oauthToken(), Set.of("DescribeCodingCurrentUser"));
            Api oauth = new Api(s.baseUrl(), "Bearer " + s.oauthToken());
            assertThat(oauth.call("DescribeCodingCurrentUser").errorCode()).isNull();
            assertThat(oauth.call("DescribeIssue", "ProjectName", s.projectName(), "IssueCode", 1)
                            .errorCode())
                    .isEqualTo("UnauthorizedOperation");
            assertThat(new Api(s)
                            .call("DescribeIssue", "ProjectName", s.projectName(), "IssueCode", 1)
                            .errorCode())
                    .isNull();
            s.restrictToken(s.projectToken().getKey(), Set.of());
            assertThat(new Api(
                                    s.baseUrl(),
                                    basic(
                                            s.projectToken().getKey(),
                                            s.projectToken().getValue()))
                            .call("DescribeCodingCurrentUser")
                            .errorCode())
                    .isEqualTo("UnauthorizedOperation");
            s.restrictToken(s.oauthToken(), null);
            assertThat(oauth.call("DescribeIssue", "ProjectName", s.projectName(), "IssueCode", 1)
                            .errorCode())
                    .isNull();
        }
    }

    @Test
    void actionComesFromBodyOrQuery() {
        Api api = new Api(sim);
        Api.Answer fromQuery =
                api.post("{\"ProjectName\":\"" + sim.projectName() + "\"}", Map.of("Action", "DescribeProjectByName"));
        assertThat(fromQuery.errorCode()).isNull();
        Api.Answer lower =
                api.post("{\"ProjectName\":\"" + sim.projectName() + "\"}", Map.of("action", "DescribeProjectByName"));
        assertThat(lower.response().at("/Project/Name").asText()).isEqualTo(sim.projectName());
        assertThat(api.post("{}", Map.of()).errorCode()).isEqualTo("InvalidAction");
        assertThat(api.call("DescribeSomethingElse").errorCode()).isEqualTo("InvalidAction");
        assertThat(api.post("not json", Map.of("Action", "DescribeCodingCurrentUser"))
                        .errorCode())
                .isEqualTo("InvalidParameter");
        // parameter names are matched case-insensitively, as one public client sends "keywords"
        assertThat(api.call("DescribeIterationList", "projectName", sim.projectName(), "keywords", "Sprint")
                        .errorCode())
                .isNull();
    }

    @Test
    void getIsRefusedWith405AndAnEnvelope() {
        Api.Answer a = Api.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "?Action=DescribeCodingCurrentUser"))
                .header("Authorization", "token pat-1")
                .GET()
                .build());
        assertThat(a.status()).isEqualTo(405);
        assertThat(a.http().headers().firstValue("Allow")).contains("POST");
        assertThat(a.errorCode()).isNotNull();
        assertThat(a.response().get("RequestId").asText()).isNotEmpty();
    }
}
