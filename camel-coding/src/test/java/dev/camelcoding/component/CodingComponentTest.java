package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.FailureKind;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.ConsumersHealthCheckRepository;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The component as Camel users meet it: URIs, headers, bodies, batches, health, metadata and configuration errors. */
class CodingComponentTest extends CamelTestSupport {

    private static CodingSimulator sim;
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void startSimulator() {
        sim = CodingSimulator.builder().issues(120).iterations(6).start();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    private String uri(String table, String extra) {
        return "coding:" + table + "?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000&initialDelay=0"
                + "&cursorRepository=#state-" + table + "&reconcileInterval=0" + extra;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        context.getRegistry().bind("state-issues", new MemoryStateRepository());
        context.getRegistry().bind("state-iterations", new MemoryStateRepository());
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("issues", "&pageSize=50&delay=200")).routeId("issues").to("mock:issues");
                from(uri("iterations", "&iterationStrategy=overwrite&delay=3600000"))
                        .routeId("iterations")
                        .to("mock:iterations");
            }
        };
    }

    @Test
    void issuesArriveAsJsonChangeEventsWithRoutingHeaders() throws Exception {
        MockEndpoint issues = getMockEndpoint("mock:issues");
        issues.expectedMinimumMessageCount(sim.data().issueCount());
        issues.assertIsSatisfied(10_000);

        Exchange first = issues.getExchanges().get(0);
        JsonNode event = mapper.readTree(first.getMessage().getBody(String.class));
        assertThat(event.path("op").asText()).isEqualTo("r");
        assertThat(event.path("table").asText()).isEqualTo("issues");
        assertThat(event.path("source").path("team").asText()).isEqualTo(sim.team());
        assertThat(event.path("after").path("code").asLong())
                .isEqualTo(event.path("key").path("code").asLong());
        assertThat(first.getMessage().getHeader(CodingConstants.TABLE)).isEqualTo("issues");
        assertThat(first.getMessage().getHeader(CodingConstants.OP)).isEqualTo("r");
        assertThat(mapper.readTree(first.getMessage().getHeader(CodingConstants.KEY, String.class)))
                .isEqualTo(event.path("key"));
        assertThat(first.getMessage().getHeader(CodingConstants.DEDUP_KEY, String.class))
                .startsWith("issues|");
        assertThat(first.getMessage().getHeader(CodingConstants.SOURCE_MODE)).isEqualTo("snapshot");
        // the version headers a sink compares, without parsing the body
        assertThat(first.getMessage().getHeader(CodingConstants.VERSION, Long.class))
                .isEqualTo(event.path("after").path("updated_at").asLong())
                .isPositive();
        assertThat(first.getMessage().getHeader(CodingConstants.TS_MS, Long.class))
                .isEqualTo(event.path("ts_ms").asLong())
                .isPositive();
    }

    @Test
    void anOverwritePassIsOneCamelBatchWithAPassId() throws Exception {
        MockEndpoint iterations = getMockEndpoint("mock:iterations");
        iterations.expectedMessageCount(sim.data().iterations().size());
        iterations.assertIsSatisfied(10_000);

        List<Exchange> pass = iterations.getExchanges();
        assertThat(pass)
                .extracting(e -> e.getMessage().getHeader(CodingConstants.PASS_ID))
                .containsOnly(pass.get(0).getMessage().getHeader(CodingConstants.PASS_ID));
        assertThat(pass.get(pass.size() - 1).getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.class))
                .isTrue();
        assertThat(pass.get(0).getProperty(ExchangePropertyKey.BATCH_SIZE, Integer.class))
                .isEqualTo(pass.size());
    }

    @Test
    void readinessIsUpAfterAGoodPoll() {
        // Camel's default exposure level sums up checks that are all UP into one result: ask for each.
        HealthCheckRegistry.get(context).setExposureLevel("full");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(context).stream()
                    .filter(r -> r.getCheck().getId().startsWith("coding-"))
                    .toList();
            assertThat(results).hasSize(2).allMatch(r -> r.getState() == HealthCheck.State.UP);
        });
    }

    @Test
    void aBadTokenMakesTheEndpointNotReadyForAuthentication() throws Exception {
        context.getRegistry().bind("state-bad", new MemoryStateRepository());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?projectName=" + sim.projectName() + "&apiUrl=" + sim.baseUrl()
                                + "&token=wrong-token&initialDelay=0&delay=100&cursorRepository=#state-bad&teamName=bad")
                        .routeId("bad")
                        .to("mock:bad");
            }
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HealthCheck.Result bad = HealthCheckHelper.invokeReadiness(context).stream()
                    .filter(r -> r.getCheck().getId().contains("coding:bad/"))
                    .findFirst()
                    .orElseThrow();
            assertThat(bad.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(bad.getDetails()).containsEntry("reason", "authentication");
            assertThat(bad.getMessage())
                    .get()
                    .asString()
                    .contains("personal access token")
                    .doesNotContain("wrong-token");
        });
    }

    /**
     * Camel's own consumer check for the route (its consumers repository, {@code consumer:<routeId>}, what a probe
     * of a Camel application reads) gives CODING's reason in words, not only a count of failed polls, and is up
     * again once CODING answers.
     */
    @Test
    void theRoutesCamelConsumerCheckSaysWhyCodingFails() throws Exception {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        registry.setExposureLevel("full");
        registry.register(new ConsumersHealthCheckRepository());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> consumerCheck("issues").getState() == HealthCheck.State.UP);

        sim.faults().failureRate(1.0, FailureKind.HTTP_503); // CODING unreachable: the route keeps polling
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HealthCheck.Result consumer = consumerCheck("issues");
                assertThat(consumer.getState()).isEqualTo(HealthCheck.State.DOWN);
                assertThat(consumer.getDetails()).containsEntry("reason", "unreachable");
                assertThat(consumer.getMessage()).get().asString().startsWith("unreachable: ");
            });
        } finally {
            sim.faults().reset();
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> consumerCheck("issues").getState() == HealthCheck.State.UP);
    }

    private HealthCheck.Result consumerCheck(String routeId) {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:" + routeId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aFailingRouteGetsTheSameChangeAgainOnTheNextPoll() throws Exception {
        context.getRegistry().bind("state-flaky", new MemoryStateRepository());
        AtomicBoolean failOnce = new AtomicBoolean(true);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("issues", "&pageSize=50&delay=50").replace("#state-issues", "#state-flaky"))
                        .routeId("flaky")
                        .process(e -> {
                            if (e.getMessage()
                                            .getHeader(CodingConstants.KEY, String.class)
                                            .contains("\"code\":30}")
                                    && failOnce.getAndSet(false)) {
                                throw new IllegalStateException("sink outage");
                            }
                        })
                        .to("mock:flaky");
            }
        });
        MockEndpoint flaky = getMockEndpoint("mock:flaky");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(flaky.getExchanges().stream()
                                .map(e -> e.getMessage().getHeader(CodingConstants.KEY, String.class))
                                .distinct()
                                .count())
                        .isEqualTo(sim.data().issueCount()));
        assertThat(failOnce).isFalse();
    }

    @Test
    void aQuartzCronScheduleDrivesThePolls() throws Exception {
        context.getRegistry().bind("state-cron", new MemoryStateRepository());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("iterations", "&iterationStrategy=diff&scheduler=quartz&scheduler.cron=0/1+*+*+*+*+?")
                                .replace("#state-iterations", "#state-cron"))
                        .routeId("cron")
                        .to("mock:cron");
            }
        });
        MockEndpoint cron = getMockEndpoint("mock:cron");
        cron.expectedMessageCount(sim.data().iterations().size());
        cron.assertIsSatisfied(10_000);
        assertThat(context.getRoute("cron").getConsumer()).isInstanceOf(CodingPollingConsumer.class);
    }

    @Test
    void configurationMistakesAreExplained() {
        assertThatThrownBy(() -> context.getEndpoint("coding:tickets?token=t&projectName=p"))
                .hasStackTraceContaining("coding:tickets is not a CODING table");
        assertThatThrownBy(() -> startRoute("coding:issues?token=t&apiUrl=http://127.0.0.1:9/open-api"))
                .hasStackTraceContaining("needs 'projectName'");
        assertThatThrownBy(() -> startRoute("coding:issues?projectName=p&apiUrl=http://127.0.0.1:9/open-api"))
                .hasStackTraceContaining("No CODING credential");
        assertThatThrownBy(() -> startRoute("coding:issues?projectName=p&token=a&oauthToken=b"))
                .hasStackTraceContaining("Several CODING credentials");
        assertThatThrownBy(() -> startRoute("coding:issues?projectName=p&token=a&pageSize=501"))
                .hasStackTraceContaining("pageSize must be 1 to 500");
        assertThatThrownBy(() -> startRoute("coding:issues?projectName=p&token=a&apiUrl=ftp://x"))
                .hasStackTraceContaining("must be an http(s) URL");
        assertThatThrownBy(() -> startRoute("coding:issues?projectName=p&token=a&startFrom=yesterday"))
                .hasStackTraceContaining("startFrom 'yesterday'");
    }

    private void startRoute(String from) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from + "&dataDirectory=target/test-state").to("mock:never");
            }
        });
    }

    @Test
    void theGeneratedMetadataDescribesEveryOptionAndMasksSecrets() throws Exception {
        try (InputStream json = getClass().getResourceAsStream("/META-INF/dev/camelcoding/component/coding.json")) {
            JsonNode metadata = mapper.readTree(json);
            JsonNode properties = metadata.path("properties");
            assertThat(metadata.path("component").path("scheme").asText()).isEqualTo("coding");
            assertThat(properties.path("token").path("secret").asBoolean()).isTrue();
            assertThat(properties.path("oauthToken").path("secret").asBoolean()).isTrue();
            assertThat(properties.path("projectToken").path("secret").asBoolean())
                    .isTrue();
            for (String option : List.of(
                    "teamName",
                    "projectName",
                    "apiUrl",
                    "mode",
                    "issueType",
                    "iterationCodes",
                    "pageSize",
                    "startFrom",
                    "lookback",
                    "rateLimit",
                    "cursorRepository",
                    "reconcileInterval",
                    "iterationStrategy",
                    "delay",
                    "scheduler",
                    "backoffMultiplier",
                    "greedy")) {
                assertThat(properties.has(option)).as(option).isTrue();
                assertThat(properties.path(option).path("description").asText())
                        .as(option)
                        .isNotBlank();
            }
            assertThat(metadata.path("headers").has(CodingConstants.OP)).isTrue();
        }
        EndpointUriFactory factory = context.getCamelContextExtension().getEndpointUriFactory("coding");
        assertThat(factory.secretPropertyNames()).contains("token", "oauthToken", "projectToken");
    }
}
