package dev.camelcoding.component.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingSchemaEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The schedule coding:schema's URI options give: without {@code schemaRefreshCron} each project of a team at its own
 * second of the hour (not all at minute 0), with one the user's cron as written.
 */
class SchemaRefreshOptionsTest {

    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private RefreshSchedule schedule(String project, String options) {
        return camel.getEndpoint(
                        "coding:schema?teamName=acme&projectName=" + project + "&token=secret" + options,
                        CodingSchemaEndpoint.class)
                .schedule();
    }

    @Test
    void byDefaultTheTeamsProjectsAreRefreshedAtTheirOwnSecondsOfTheHour() {
        // SHA-256("acme/<project>")'s first 8 bytes modulo 3600 (computed apart, with Python's hashlib):
        // demo-project 28:59, mobile-app 25:04, ops 16:20; and another team's demo-project 38:41
        assertThat(schedule("demo-project", "").cron(5)).contains("59 28 * * * ?");
        assertThat(schedule("mobile-app", "").cron(5)).contains("4 25 * * * ?");
        assertThat(schedule("ops", "").cron(5)).contains("20 16 * * * ?");
        assertThat(camel.getEndpoint(
                                "coding:schema?teamName=my-team&projectName=demo-project&token=secret",
                                CodingSchemaEndpoint.class)
                        .schedule()
                        .cron(5))
                .contains("41 38 * * * ?");
        // the daily refresh (from modelThreshold models on) is the user's time
        assertThat(schedule("demo-project", "").cron(10_000)).contains("0 0 2 * * ?");
    }

    @Test
    void anExplicitCronIsRespectedAsWrittenForEveryProject() {
        String topOfTheHour = "&schemaRefreshCron=0+0+*+*+*+?";
        assertThat(schedule("demo-project", topOfTheHour).cron(5)).contains("0 0 * * * ?");
        assertThat(schedule("ops", topOfTheHour).cron(5)).contains("0 0 * * * ?");
        assertThat(schedule("ops", topOfTheHour).cron(10_000)).contains("0 0 2 * * ?");
    }
}
