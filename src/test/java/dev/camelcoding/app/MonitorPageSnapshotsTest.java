package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running sync takes the page's figures only while someone asks for them: a whole backfill with the observe
 * server on and nobody on the page takes none (the page used to take them every second from the start), and the first
 * request then gets figures taken for it, the backfill's end included.
 */
class MonitorPageSnapshotsTest {

    @TempDir
    Path data;

    @Test
    void noFiguresAreTakenUntilSomeoneAsksThenTheRequestGetsFreshOnes() throws Exception {
        try (CodingSimulator sim = CodingSimulator.builder()
                .issues(40)
                .iterations(2)
                .members(2)
                .maxCommentsPerIssue(0)
                .start()) {
            String sink = "jdbc:h2:mem:snapshots-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            Properties settings = SyncHarness.settings(sim, sink, data);
            settings.setProperty("coding.tables", "issues");
            int port;
            try (var socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            settings.setProperty("coding.observe.enabled", "true");
            settings.setProperty("coding.observe.host", "127.0.0.1");
            settings.setProperty("coding.observe.port", Integer.toString(port));
            try (SyncApplication app = new SyncApplication(settings)) {
                app.start();
                MonitorPage page = app.monitorPage().orElseThrow();
                await().atMost(Duration.ofSeconds(60))
                        .until(() ->
                                SyncHarness.count(sink, "issues") == sim.data().issueCount());
                Instant backfilled = Instant.now();
                // the sampler ran a second at a time through the backfill (its rates move): nobody asked for figures
                assertThat(page.snapshotsTaken()).isZero();

                HttpResponse<String> answer = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + MonitorPage.JSON))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(page.snapshotsTaken()).isPositive();
                JsonNode figures = new ObjectMapper().readTree(answer.body());
                assertThat(figures.path("status").path("sources")).isNotEmpty();
                // taken for this request, after the backfill: not figures kept from the start
                assertThat(Instant.parse(figures.path("status").path("at").asText()))
                        .isAfterOrEqualTo(backfilled);
            }
        }
    }
}
