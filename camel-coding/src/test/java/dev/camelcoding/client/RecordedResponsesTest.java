package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.StubCodingServer.Answer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client reads the real answers CODING gave, recorded in the repository's recorded/ (one copy, the test resources of every module). */
class RecordedResponsesTest {

    private StubCodingServer server;
    private CodingApiClient client;

    @BeforeEach
    void start() throws Exception {
        server = new StubCodingServer();
        client = new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(server.url())
                .credentials(CodingCredentials.personalToken("recorded-test-token"))
                .requestsPerSecond(1000)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5))
                .build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void describeIssueKeepsEveryFieldAndRecognisesZeroFilledObjects() throws Exception {
        server.enqueue(Answer.json(Fixtures.recorded("DescribeIssueResponse.json")));

        ObjectNode issue = client.issue("demo", 1);

        assertThat(issue.get("Code").asLong()).isEqualTo(1);
        assertThat(issue.get("Type").asText()).isEqualTo("MISSION");
        assertThat(issue.get("Priority").isTextual())
                .as("Priority arrives as a string")
                .isTrue();
        assertThat(Json.longValue(issue, "Priority", -1)).isEqualTo(1);
        assertThat(Json.isUnset(issue.get("Epic"))).isTrue();
        assertThat(Json.isUnset(issue.get("Parent"))).isTrue();
        assertThat(Json.isUnset(issue.get("Iteration"))).isTrue();
        assertThat(Json.objectOrNull(issue, "Assignee")).isNotNull();
        assertThat(Json.objectOrNull(issue, "ProjectModule")).isNull();
        assertThat(issue.get("UpdatedAt").asLong()).isEqualTo(1640598932000L);
        // Nothing is dropped: the row is CODING's object, every field of the recording is there.
        JsonNode recorded = new ObjectMapper()
                .readTree(Fixtures.recorded("DescribeIssueResponse.json"))
                .get("Response")
                .get("Issue");
        assertThat(issue).isEqualTo(recorded);
    }

    @Test
    void describeIterationKeepsUnsetDatesAsCodingSendsThem() {
        server.enqueue(Answer.json(Fixtures.recorded("DescribeIterationResponse.json")));

        ObjectNode iteration = client.iteration("demo", 10);

        assertThat(iteration.get("Code").asLong()).isEqualTo(10);
        assertThat(iteration.get("StartAt").asLong()).isEqualTo(-28800000L);
        assertThat(iteration.get("Creator").asLong()).isEqualTo(183478L);
    }

    @Test
    void anErrorEnvelopeBecomesATypedExceptionWithTheRequestId() {
        server.enqueue(Answer.json(Fixtures.recorded("CreateIterationResponseError.json")));

        assertThatThrownBy(() -> client.call("CreateIteration", client.params().put("ProjectName", "demo")))
                .isInstanceOf(CodingInvalidRequestException.class)
                .hasMessageContaining("CreateIteration")
                .hasMessageContaining("InvalidParameterValue")
                .hasMessageContaining("Title Duplicated")
                .hasMessageContaining("a323676d-51d7-40da-74fb-dea60c063b0e")
                .satisfies(e -> {
                    CodingApiException api = (CodingApiException) e;
                    assertThat(api.requestId()).isEqualTo("a323676d-51d7-40da-74fb-dea60c063b0e");
                    assertThat(api.errorCode()).isEqualTo("InvalidParameterValue");
                    assertThat(api.isRetryable()).isFalse();
                });
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aSuccessWithoutPayloadIsJustTheRequestId() {
        server.enqueue(Answer.json(Fixtures.recorded("DeleteIssueResponse.json")));

        JsonNode response = client.call(
                "DeleteIssue", client.params().put("ProjectName", "demo").put("IssueCode", 1));

        assertThat(response.get("RequestId").asText()).isEqualTo("135f80f0-0577-6421-293e-ec231ff3b337");
    }

    @Test
    void requestsCarryTheActionTwiceJsonHeadersAndTheAuthorization() {
        server.enqueue(Answer.json(Fixtures.recorded("DescribeIssueResponse.json")));

        client.issue("demo", 1);

        StubCodingServer.Received request = server.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.query()).isEqualTo("Action=DescribeIssue");
        assertThat(request.body())
                .contains("\"Action\":\"DescribeIssue\"", "\"ProjectName\":\"demo\"", "\"IssueCode\":1");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isEqualTo("token recorded-test-token");
    }

    @Test
    void hookDeliveriesParseAsJson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode member = mapper.readTree(Fixtures.recorded("hook-MEMBER_CREATED.json"));
        JsonNode comment = mapper.readTree(Fixtures.recorded("hook-ISSUE_COMMENT_CREATED.json"));

        assertThat(member.get("event").asText()).isEqualTo("MEMBER_CREATED");
        assertThat(Json.longValue(member.get("member"), "id", 0)).isEqualTo(8647278L);
        JsonNode issue = comment.get("issueComment").get("issue");
        assertThat(issue.get("priority").isNumber())
                .as("hook payloads carry priority as a number")
                .isTrue();
        assertThat(Json.longValue(issue, "code", 0)).isEqualTo(71);
    }
}
