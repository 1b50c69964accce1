package dev.camelcoding.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.sink.DeadLetters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import java.util.TreeMap;

/**
 * {@code status}: per table, the sync's phase and cursor, the last poll and what it found, the lag behind CODING,
 * throttling, and the dead letters waiting for replay. Reads the state the routes keep (the default file repository
 * under {@code coding.data-dir}), so it works whether the sync runs or not.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Per table: phase, cursor, last poll, lag,"
        + " throttling; and the dead letters waiting. Works whether a sync runs or not.")
final class StatusCommand implements Callable<Integer> {

    private final ObjectMapper mapper = new ObjectMapper();

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() throws IOException {
        SyncSettings settings = config.settings();
        Path file = Path.of(settings.find("coding.data-dir").orElse("data"), "coding-state.dat");
        Map<String, Map<String, JsonNode>> tables = read(file);
        if (tables.isEmpty()) {
            System.out.println("No sync state in " + file + " yet: start one with ./coding-sync run (or demo).");
        }
        long now = System.currentTimeMillis();
        for (Map.Entry<String, Map<String, JsonNode>> table : tables.entrySet()) {
            Map<String, JsonNode> docs = table.getValue();
            System.out.println(table.getKey());
            JsonNode status = docs.get("status");
            if (status != null) {
                System.out.printf("  last poll     %s (%d events; %d in all)%s%n", ago(status.path("lastPollAt").asLong(), now),
                        status.path("lastPollEvents").asLong(), status.path("totalEvents").asLong(),
                        status.has("problem") ? "  FAILING: " + status.path("problem").asText() + ": "
                                + status.path("message").asText() : "");
                if (status.path("throttledPolls").asLong() > 0) {
                    System.out.printf("  throttled     %d polls failed on CODING's rate limit%n",
                            status.path("throttledPolls").asLong());
                }
            }
            JsonNode cursor = docs.containsKey("issues") ? docs.get("issues") : docs.get("comments.issues");
            if (cursor != null) {
                System.out.printf("  phase         %s%s%n", cursor.path("phase").asText(), cursor.has("pass")
                        ? " (page " + cursor.path("pass").path("nextPage").asInt() + ")" : "");
                if (cursor.has("cursor")) {
                    long at = cursor.path("cursor").asLong();
                    System.out.printf("  cursor        %s (lag %s)%n", Instant.ofEpochMilli(at),
                            Duration.ofMillis(Math.max(0, now - at)).toSeconds() + " s");
                }
                if (cursor.has("lastCensusAt") && docs.containsKey("issues")) {
                    System.out.printf("  last census   %s%n", ago(cursor.path("lastCensusAt").asLong(), now));
                }
            }
            if (docs.containsKey("hashes")) {
                System.out.printf("  rows known    %d%n", docs.get("hashes").path("rows").size());
            }
        }
        DeadLetters deadLetters = new DeadLetters();
        deadLetters.setDirectory(settings.find("coding.dead-letter.dir").orElse("data/dead-letters"));
        System.out.printf("dead letters    %d waiting in %s%s%n", deadLetters.count(), deadLetters.file(),
                deadLetters.count() > 0 ? " (./coding-sync replay sends them again)" : "");
        return ExitCode.OK.code();
    }

    /** The latest value of each key in a Camel FileStateRepository file, grouped by table prefix. */
    private Map<String, Map<String, JsonNode>> read(Path file) throws IOException {
        Map<String, String> latest = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    latest.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        Map<String, Map<String, JsonNode>> tables = new TreeMap<>();
        for (Map.Entry<String, String> entry : latest.entrySet()) {
            String key = entry.getKey();
            int colon = key.lastIndexOf(':');
            if (colon <= "coding:".length() || key.contains("/comments/") || key.matches(".*:comments/\\d+$")) {
                continue;
            }
            try {
                tables.computeIfAbsent(key.substring(0, colon), k -> new TreeMap<>())
                        .put(key.substring(colon + 1), mapper.readTree(entry.getValue()));
            } catch (IOException notJson) {
                // another application's entry in a shared file
            }
        }
        return tables;
    }

    private static String ago(long at, long now) {
        if (at <= 0) {
            return "never";
        }
        return Instant.ofEpochMilli(at) + " (" + Duration.ofMillis(Math.max(0, now - at)).toSeconds() + " s ago)";
    }
}
