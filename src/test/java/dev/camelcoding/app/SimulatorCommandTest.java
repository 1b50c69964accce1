package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.SimulatedProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code coding-sync simulator}'s team options: added projects with their own data, and denied Service Hooks. */
class SimulatorCommandTest {

    @Test
    void addedProjectsAndDeniedHooksReachTheSimulator() throws Exception {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command)
                .parseArgs(
                        "--issues",
                        "3",
                        "--add-project",
                        "mobile-app:7",
                        "--add-project",
                        "ops",
                        "--deny-service-hooks");
        try (CodingSimulator sim = command.builder().start()) {
            assertThat(sim.projects().stream().map(SimulatedProject::name))
                    .containsExactly("demo-project", "sandbox", "legacy-portal", "mobile-app", "ops");
            assertThat(sim.project("mobile-app").data().issueCount()).isEqualTo(7);
            assertThat(sim.project("ops").data().issueCount()).isEqualTo(20);
            assertThat(sim.data().issueCount()).isEqualTo(3);
            String answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(sim.baseUrl()))
                                    .header("Authorization", "token " + sim.personalToken())
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"Action\":\"DescribeServiceHooks\",\"ProjectId\":"
                                                    + sim.project("ops").id() + "}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(answer).contains("\"Code\":\"UnauthorizedOperation\"");
        }
    }

    @Test
    void aBadAddedProjectIsOneLineAndExitCode2() {
        assertThat(Cli.run("simulator", "--help").out()).contains("--add-project", "--deny-service-hooks");
        Cli wrong = Cli.run("simulator", "--add-project", "mobile-app:lots");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err().strip().lines()).hasSize(1);
        assertThat(wrong.err()).contains("--add-project", "mobile-app:lots");
        Cli taken = Cli.run("simulator", "--add-project", "sandbox");
        assertThat(taken.exit()).isEqualTo(2);
        assertThat(taken.err().strip().lines()).hasSize(1);
        assertThat(taken.err()).contains("sandbox");
    }
}
