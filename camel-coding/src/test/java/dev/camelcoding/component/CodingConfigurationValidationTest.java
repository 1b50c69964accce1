package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The options of an endpoint are checked by the configuration itself, before anything starts, with a message that
 * names the option and what to set: the same words whichever endpoint or consumer the options end up in.
 */
class CodingConfigurationValidationTest {

    private static CodingConfiguration valid() {
        CodingConfiguration configuration = new CodingConfiguration();
        configuration.setTeamName("acme");
        configuration.setProjectName("web");
        configuration.setToken("a-token");
        return configuration;
    }

    @Test
    void theDefaultsWithACredentialAndAProjectAreValid() {
        assertThatCode(() -> valid().validate(CodingTable.ISSUES)).doesNotThrowAnyException();
    }

    @Test
    void aProjectTableNeedsTheProjectButTheProjectsTableDoesNot() {
        CodingConfiguration configuration = valid();
        configuration.setProjectName(" ");
        assertThatThrownBy(() -> configuration.validate(CodingTable.ITERATIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("coding:iterations needs 'projectName'");
        assertThatCode(() -> configuration.validate(CodingTable.PROJECTS)).doesNotThrowAnyException();
    }

    @Test
    void aMissingCredentialIsExplained() {
        CodingConfiguration configuration = valid();
        configuration.setToken(null);
        assertThatThrownBy(() -> configuration.validate(CodingTable.ISSUES))
                .hasMessageStartingWith("No CODING credential");
    }

    @Test
    void webhookModesNeedASecretAndPositiveDurations() {
        CodingConfiguration configuration = valid();
        configuration.setMode(CodingMode.webhook);
        assertThatThrownBy(() -> configuration.validate(CodingTable.ISSUES))
                .hasMessageStartingWith("mode=webhook needs 'webhookSecret'");

        configuration.setWebhookSecret("s3cret");
        configuration.setWebhookAnswerTimeout(Duration.ZERO);
        assertThatThrownBy(() -> configuration.validate(CodingTable.ISSUES))
                .hasMessage("webhookAnswerTimeout must be positive (CODING waits 5 s; default 4s), got PT0S");
    }

    @Test
    void anEmptySecretWithUnsignedDeliveriesAllowedMeansNoSecret() {
        CodingConfiguration configuration = valid();
        configuration.setMode(CodingMode.hybrid);
        configuration.setWebhookSecret("");
        configuration.setWebhookAllowUnsigned(true);
        configuration.validate(CodingTable.ISSUES);
        assertThat(configuration.getWebhookSecret()).isNull();
    }

    @Test
    void aLogCacheIsNoneEmbeddedOrABeanAndNeedsTheTeam() {
        CodingConfiguration configuration = valid();
        configuration.setLogCache("postgres");
        assertThatThrownBy(() -> configuration.validate(CodingTable.ISSUES))
                .hasMessage("logCache must be none, embedded or #bean (a DataSource in the registry), got 'postgres'");

        configuration.setLogCache("embedded");
        configuration.setLogStartFrom("yesterday");
        assertThatThrownBy(() -> configuration.validate(CodingTable.ISSUES))
                .hasMessageStartingWith("logStartFrom must be oldest, now or an ISO-8601 instant");

        configuration.setLogStartFrom("now");
        configuration.setTeamName(null);
        configuration.setApiUrl("http://127.0.0.1:1/open-api");
        assertThatThrownBy(() -> configuration.validate(CodingTable.ISSUES))
                .hasMessage("logCache needs 'teamName': the log is kept per team, project and table");
    }

    @Test
    void sizesOutsideCodingsLimitsAreRefused() {
        CodingConfiguration configuration = valid();
        configuration.setPageSize(501);
        assertThatThrownBy(() -> configuration.validate(CodingTable.ISSUES))
                .hasMessage("pageSize must be 1 to 500 (CODING's maximum), got 501");
        configuration.setPageSize(100);
        configuration.setBatchSize(0);
        assertThatThrownBy(() -> configuration.validate(CodingTable.ISSUES))
                .hasMessage("batchSize must be 1 or more (1 = one event per exchange), got 0");
    }
}
