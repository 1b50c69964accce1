package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated OAuth URLs answer as coding-api.md section 3 describes CODING's. */
class OAuthEndpointsTest {

    private final AtomicLong now = new AtomicLong(1_772_352_000_000L);
    private CodingSimulator sim;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(2).clock(now::get).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void theAuthorizePageRedirectsWithCodeStateTeamAndScope() throws Exception {
        Map<String, String> redirect =
                approve("http://127.0.0.1:9/cb", "s-1", "user:profile:ro,collaboration:issue:ro");
        assertThat(redirect)
                .containsEntry("state", "s-1")
                .containsEntry("team", sim.team())
                .containsEntry("scope", "user:profile:ro,collaboration:issue:ro")
                .containsKey("code");
        HttpResponse<String> unknown =
                get(sim.siteUrl() + "/oauth_authorize.html?client_id=nobody&redirect_uri=x" + "&response_type=code");
        assertThat(unknown.statusCode()).isEqualTo(400);
    }

    @Test
    void theCodeIsExchangedOnceForCodingsTokenAnswer() throws Exception {
        String code = approve("http://127.0.0.1:9/cb", "s", "user").get("code");
        HttpResponse<String> answer = token("grant_type=authorization_code&code=" + code + app());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode json = Api.JSON.readTree(answer.body());
        // CODING's quirks: expires_in is a string of seconds; token_type "Bearer" here, "bearer" next time.
        assertThat(json.get("expires_in").isTextual()).isTrue();
        assertThat(json.get("expires_in").asText()).isEqualTo("7200");
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.get("team").asText()).isEqualTo(sim.team());
        assertThat(json.fieldNames()).toIterable().contains("access_token", "refresh_token", "scope");

        HttpResponse<String> again = token("grant_type=authorization_code&code=" + code + app());
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("invalid_grant");
        assertThat(sim.oauth().exchanges()).isEqualTo(1);

        String next = approve("http://127.0.0.1:9/cb", "s", "user").get("code");
        JsonNode second = Api.JSON.readTree(
                token("grant_type=authorization_code&code=" + next + app()).body());
        assertThat(second.get("token_type").asText()).isEqualTo("bearer");
    }

    @Test
    void aCodeIsValidFiveMinutes() throws Exception {
        String code = approve("http://127.0.0.1:9/cb", "s", "user").get("code");
        now.addAndGet(Duration.ofMinutes(5).plusSeconds(1).toMillis());
        assertThat(token("grant_type=authorization_code&code=" + code + app()).statusCode())
                .isEqualTo(400);
    }

    @Test
    void aRefreshInvalidatesTheOldAccessTokenAndTheOldRefreshToken() throws Exception {
        String code = approve("http://127.0.0.1:9/cb", "s", "user").get("code");
        JsonNode first = Api.JSON.readTree(
                token("grant_type=authorization_code&code=" + code + app()).body());
        Api api = new Api(sim.baseUrl(), "Bearer " + first.get("access_token").asText());
        assertThat(api.call("DescribeCodingCurrentUser").errorCode()).isNull();

        // The refresh token in the query string, as one public client sends it, is accepted too.
        HttpResponse<String> refreshed = post(
                sim.siteUrl() + "/api/oauth/access_token?grant_type=refresh_token" + "&refresh_token="
                        + first.get("refresh_token").asText() + app(),
                "");
        assertThat(refreshed.statusCode()).isEqualTo(200);
        JsonNode second = Api.JSON.readTree(refreshed.body());
        assertThat(second.get("refresh_token").asText())
                .isNotEqualTo(first.get("refresh_token").asText());

        assertThat(api.call("DescribeCodingCurrentUser").errorCode()).isEqualTo("AuthFailure");
        assertThat(api.withAuthorization("Bearer " + second.get("access_token").asText())
                        .call("DescribeCodingCurrentUser")
                        .errorCode())
                .isNull();
        HttpResponse<String> spent = token("grant_type=refresh_token&refresh_token="
                + first.get("refresh_token").asText() + app());
        assertThat(spent.statusCode()).isEqualTo(400);
        assertThat(spent.body()).contains("invalid_grant");
    }

    @Test
    void anAccessTokenExpiresByTheSimulatorsClock() throws Exception {
        String code = approve("http://127.0.0.1:9/cb", "s", "user").get("code");
        JsonNode grant = Api.JSON.readTree(
                token("grant_type=authorization_code&code=" + code + app()).body());
        Api api = new Api(sim.baseUrl(), "Bearer " + grant.get("access_token").asText());
        now.addAndGet(Duration.ofSeconds(7199).toMillis());
        assertThat(api.call("DescribeCodingCurrentUser").errorCode()).isNull();
        now.addAndGet(Duration.ofSeconds(1).toMillis());
        assertThat(api.call("DescribeCodingCurrentUser").errorCode()).isEqualTo("AuthFailure");
        assertThat(sim.oauth().calls()).hasSize(1);
    }

    @Test
    void aWrongClientSecretIsRefused() throws Exception {
        String code = approve("http://127.0.0.1:9/cb", "s", "user").get("code");
        HttpResponse<String> answer = token("grant_type=authorization_code&code=" + code + "&client_id="
                + sim.oauthClientId() + "&client_secret=wrong");
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("invalid_client");
    }

    private String app() {
        return "&client_id=" + enc(sim.oauthClientId()) + "&client_secret=" + enc(sim.oauthClientSecret());
    }

    private Map<String, String> approve(String redirectUri, String state, String scope) throws Exception {
        HttpResponse<String> page = get(sim.siteUrl() + "/oauth_authorize.html?client_id=" + enc(sim.oauthClientId())
                + "&redirect_uri=" + enc(redirectUri) + "&response_type=code&state=" + enc(state) + "&scope="
                + enc(scope));
        assertThat(page.statusCode()).isEqualTo(302);
        URI location = URI.create(page.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(redirectUri + "?");
        return Arrays.stream(location.getRawQuery().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> token(String form) throws Exception {
        return post(sim.siteUrl() + "/api/oauth/access_token", form);
    }

    private static HttpResponse<String> post(String url, String form) throws Exception {
        return Api.HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return Api.HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
