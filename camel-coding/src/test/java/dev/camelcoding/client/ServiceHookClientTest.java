package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The five Service Hook actions of the client against the simulator (contract §4.1 shapes): what the client reads
 * back is checked against what the simulator sent and recorded, not against the client's own requests.
 */
class ServiceHookClientTest {

    private static final List<String> EVENTS = List.of("ISSUE_CREATED", "ISSUE_UPDATED");

    private CodingSimulator sim;
    private HttpServer receiver;
    private CodingApiClient client;
    private String url;

    @BeforeEach
    void start() throws Exception {
        sim = CodingSimulator.builder().issues(5).start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        receiver.start();
        url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        client = new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(sim.baseUrl())
                .credentials(CodingCredentials.personalToken(sim.personalToken()))
                .requestsPerSecond(10_000)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(10))
                .build());
    }

    @AfterEach
    void stop() {
        client.close();
        receiver.stop(0);
        sim.close();
    }

    @Test
    void createListPingLogAndDelete() {
        ServiceHook created =
                client.createServiceHook(sim.projectId(), new NewServiceHook("coding-sync", url, "s3cret", EVENTS));
        assertThat(created.id()).isNotBlank();
        assertThat(created.serviceUrl()).isEqualTo(url);

        List<ServiceHook> listed = client.serviceHooks(sim.projectId());
        assertThat(listed).singleElement().satisfies(hook -> {
            assertThat(hook.id()).isEqualTo(created.id());
            assertThat(hook.name()).isEqualTo("coding-sync");
            assertThat(hook.serviceUrl()).isEqualTo(url);
            assertThat(hook.events()).containsExactlyInAnyOrderElementsOf(EVENTS);
            assertThat(hook.enabled()).isTrue();
        });

        client.pingServiceHook(sim.projectId(), created.id());
        HookDelivery sent = sim.deliveries().get(sim.deliveries().size() - 1);
        assertThat(sent.hookId()).isEqualTo(created.id());
        List<ServiceHookLogEntry> log = client.serviceHookLogs(sim.projectId(), created.id(), 5);
        assertThat(log).singleElement().satisfies(entry -> {
            assertThat(entry.event()).isEqualTo("PING");
            assertThat(entry.responseStatus()).isEqualTo(202).isEqualTo(sent.responseStatus());
            assertThat(entry.succeeded()).isTrue();
            assertThat(entry.sentAt()).isEqualTo(sent.sentAtMillis());
        });

        client.deleteServiceHook(sim.projectId(), created.id());
        assertThat(client.serviceHooks(sim.projectId())).isEmpty();
        assertThatThrownBy(() -> client.deleteServiceHook(sim.projectId(), created.id()))
                .isInstanceOf(CodingNotFoundException.class);
    }

    @Test
    void aCredentialWithoutThePermissionIsAPermissionErrorNamingTheScope() {
        sim.denyServiceHooks(true);
        assertThatThrownBy(() -> client.serviceHooks(sim.projectId()))
                .isInstanceOf(CodingPermissionException.class)
                .hasMessageContaining("grant it the scope service-hook:profile:ro");
        assertThatThrownBy(() -> client.createServiceHook(
                        sim.projectId(), new NewServiceHook("coding-sync", url, "s3cret", EVENTS)))
                .isInstanceOf(CodingPermissionException.class)
                .hasMessageContaining("grant it the scope service-hook:profile:rw")
                .hasMessageNotContaining("s3cret");
    }
}
