package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.changelog.ChangeLogPostgres;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coding dev console, found the way Camel's tools find it (its generated META-INF/services entry), reading each
 * source's position from the endpoint's state: a repository bean, the embedded store, a PostgreSQL store.
 */
class CodingDevConsoleTest {

    private CodingSimulator sim;
    private CamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @TempDir
    Path data;

    @Test
    void showsEachSourceWithItsHealthAndPosition() throws Exception {
        sim = CodingSimulator.builder().issues(40).start();
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("state", new MemoryStateRepository());
        showsTheSource("&cursorRepository=#state");
    }

    @Test
    void readsThePositionFromTheEmbeddedStore() throws Exception {
        sim = CodingSimulator.builder().issues(40).start();
        camel = new DefaultCamelContext();
        showsTheSource("&dataDirectory=" + data);
    }

    @Test
    void readsThePositionFromAPostgresStore() throws Exception {
        // a team of its own: the PostgreSQL store is shared by every test
        sim = CodingSimulator.builder()
                .team("console-" + UUID.randomUUID().toString().substring(0, 8))
                .issues(40)
                .start();
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("store", ChangeLogPostgres.node());
        showsTheSource("&logCache=#store&dataDirectory=" + data);
    }

    @SuppressWarnings("unchecked")
    private void showsTheSource(String storeOptions) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:issues?teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl="
                                + sim.baseUrl() + "&token=" + sim.personalToken() + "&initialDelay=0&delay=100"
                                + "&rateLimit=1000&reconcileInterval=0" + storeOptions)
                        .to("mock:issues");
            }
        });
        camel.start();
        DevConsole console = PluginHelper.getDevConsoleResolver(camel).resolveDevConsole("coding");
        assertThat(console)
                .as("the generated META-INF/services/org/apache/camel/dev-console/coding")
                .isNotNull();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
            List<Map<String, Object>> sources = (List<Map<String, Object>>) json.get("sources");
            assertThat(sources).hasSize(1);
            Map<String, Object> issues = sources.get(0);
            assertThat(issues)
                    .containsEntry("table", "issues")
                    .containsEntry("project", sim.projectName())
                    .containsEntry("state", "UP")
                    .containsEntry("phase", "INCREMENTAL")
                    .containsEntry("totalEvents", (long) sim.data().issueCount());
            assertThat((String) issues.get("uri")).doesNotContain(sim.personalToken());
        });
        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertThat(text)
                .contains(sim.team() + "/" + sim.projectName() + "/issues")
                .contains("health: UP")
                .doesNotContain(sim.personalToken());
    }
}
