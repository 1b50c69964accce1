package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.client.oauth.Grants;
import dev.camelcoding.client.oauth.OAuthApp;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.OAuthGrants.BearerCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coding: endpoints in one JVM, each with its own OAuth credentials file (two apps, two grants): the simulated
 * CODING logs which grant every call authenticated with. A refresh of one grant never touches the other, and no
 * call of one connection carries the other's token (the peer kept one token JVM-wide).
 */
class OAuthConnectionsTest {

    @TempDir
    Path dir;

    @Test
    void twoConnectionsWithTheirOwnCredentialsNeverMix() throws Exception {
        try (CodingSimulator sim =
                CodingSimulator.builder().issues(20).iterations(3).start()) {
            sim.oauth().registerApp("second-app", "second-secret");
            Path fileA = dir.resolve("a.json");
            Path fileB = dir.resolve("b.json");
            Grants.authorize(sim, fileA, Clock.systemUTC(), new OAuthApp(sim.oauthClientId(), sim.oauthClientSecret()));
            Grants.authorize(sim, fileB, Clock.systemUTC(), new OAuthApp("second-app", "second-secret"));
            byte[] fileBBefore = Files.readAllBytes(fileB);

            CamelContext camel = new DefaultCamelContext();
            camel.getRegistry().bind("stateA", new MemoryStateRepository());
            camel.getRegistry().bind("stateB", new MemoryStateRepository());
            String common = "?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl=" + sim.baseUrl()
                    + "&initialDelay=0&delay=100&reconcileInterval=0&rateLimit=1000";
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("coding:issues" + common + "&cursorRepository=#stateA&oauthCredentials=" + fileA)
                            .to("log:a?level=OFF");
                    from("coding:iterations" + common + "&cursorRepository=#stateB&iterationStrategy=diff"
                                    + "&oauthCredentials=" + fileB)
                            .to("log:b?level=OFF");
                }
            });
            camel.start();
            try {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> byGrant(sim.oauth().calls()).size() == 2);
                sim.oauth().dropAccessToken(1); // only connection A's token
                int callsBefore = sim.oauth().calls().size();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> sim.oauth().refreshes() == 1
                                && sim.oauth().calls().size() > callsBefore + 4);
            } finally {
                camel.close();
            }

            Map<Integer, Set<String>> actions = byGrant(sim.oauth().calls());
            assertThat(actions.get(1)).allMatch(a -> a.contains("Issue")).noneMatch(a -> a.contains("Iteration"));
            assertThat(actions.get(2)).allMatch(a -> a.contains("Iteration"));
            assertThat(sim.oauth().refreshes()).as("only A refreshed").isEqualTo(1);
            assertThat(Files.readAllBytes(fileB))
                    .as("B's file untouched by A's refresh")
                    .isEqualTo(fileBBefore);
            assertThat(sim.oauth().refusals()).isZero();
        }
    }

    private static Map<Integer, Set<String>> byGrant(List<BearerCall> calls) {
        return calls.stream()
                .collect(Collectors.groupingBy(
                        BearerCall::grantId, Collectors.mapping(BearerCall::action, Collectors.toSet())));
    }
}
