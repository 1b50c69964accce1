package dev.camelcoding.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/** The simulator's count of Open API calls, since the last {@link #reset()}. */
interface ApiCallCounter {

    String LIST_ACTION = "DescribeIssueListWithPage";

    void reset();

    /** DescribeIssueListWithPage calls since the reset, or -1 when the simulator cannot tell. */
    long listCalls();

    /** All calls since the reset, or -1 when the simulator cannot tell. */
    long totalCalls();

    /** The counters of a simulator in this JVM: reset for real. */
    static ApiCallCounter of(CodingSimulator sim) {
        return new ApiCallCounter() {
            @Override
            public void reset() {
                sim.counters().reset();
            }

            @Override
            public long listCalls() {
                return sim.counters().count(LIST_ACTION);
            }

            @Override
            public long totalCalls() {
                return sim.counters().total();
            }
        };
    }

    /**
     * The counters of a simulator elsewhere, read from {@code GET <base>/_simulator/counters} (its unauthenticated
     * admin API); a reset remembers the current values and later readings are differences. When the simulator has no
     * such page, every reading is -1 ("n/a").
     */
    static ApiCallCounter remote(String openApiUrl) {
        String base = openApiUrl.replaceAll("/+$", "");
        if (base.endsWith("/open-api")) {
            base = base.substring(0, base.length() - "/open-api".length());
        }
        URI uri = URI.create(base + "/_simulator/counters");
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        ObjectMapper mapper = new ObjectMapper();
        return new ApiCallCounter() {
            private long[] baseline = read();

            private long[] read() {
                try {
                    HttpResponse<byte[]> response = http.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        return null;
                    }
                    JsonNode received = mapper.readTree(response.body()).path("Received");
                    if (!received.isObject()) {
                        return null;
                    }
                    long total = 0;
                    for (Iterator<Map.Entry<String, JsonNode>> it = received.fields(); it.hasNext(); ) {
                        total += it.next().getValue().asLong();
                    }
                    return new long[] {received.path(LIST_ACTION).asLong(0), total};
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }
            }

            @Override
            public void reset() {
                baseline = read();
            }

            @Override
            public long listCalls() {
                long[] now = read();
                return now == null || baseline == null ? -1 : now[0] - baseline[0];
            }

            @Override
            public long totalCalls() {
                long[] now = read();
                return now == null || baseline == null ? -1 : now[1] - baseline[1];
            }
        };
    }
}
