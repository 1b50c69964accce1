package dev.camelcoding.component.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters: change events a sink rejected, kept as JSON lines with the reason
 * ({@code {"failed_at":..., "reason":..., "error":..., "root_cause":..., "headers":{CamelCoding*}, "event":{...}}}) in
 * {@code <directory>/dead-letters.jsonl}, and replayed from there into the pipeline once the sink works again.
 */
public class DeadLetters implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    public static final String FILE_NAME = "dead-letters.jsonl";

    private final ObjectMapper mapper = new ObjectMapper();
    private CamelContext camelContext;
    private String directory = "data/dead-letters";
    private String replayUri = "direct:coding-normalize";

    /** Turns the failed exchange into its dead-letter line (the body); the route appends it to the file. */
    public String record(Exchange exchange) throws IOException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ObjectNode line = mapper.createObjectNode();
        line.put("failed_at", Instant.now().toString());
        line.put("reason", cause == null ? "unknown" : String.valueOf(cause.getMessage()));
        line.put("error", cause == null ? null : cause.getClass().getName());
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != null && root != cause) {
            // wrappers such as Spring's "bad SQL grammar []" hide the database's own words
            line.put("root_cause", root.getClass().getSimpleName() + ": " + root.getMessage());
        }
        ObjectNode headers = line.putObject("headers");
        for (Map.Entry<String, Object> header : exchange.getMessage().getHeaders().entrySet()) {
            if (header.getKey().startsWith("CamelCoding") && header.getValue() != null) {
                headers.put(header.getKey(), header.getValue().toString());
            }
        }
        String body = exchange.getMessage().getBody(String.class);
        try {
            line.set("event", mapper.readTree(body));
        } catch (IOException notJson) {
            line.put("event", body);
        }
        LOG.warn("Dead letter: {} {} rejected by the sink ({}); kept in {} for replay", headers.path("CamelCodingTable")
                .asText(), headers.path("CamelCodingKey").asText(), line.has("root_cause") ? line.path("root_cause")
                .asText() : line.path("reason").asText(), file());
        return mapper.writeValueAsString(line);
    }

    /**
     * Sends every dead letter through the pipeline again; those that fail again stay in the file.
     *
     * @return how many were replayed successfully
     */
    public synchronized int replay() throws IOException {
        Path file = file();
        if (!Files.exists(file)) {
            return 0;
        }
        Path taken = file.resolveSibling(FILE_NAME + ".replaying");
        Files.move(file, taken, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        List<String> failedAgain = new ArrayList<>();
        int replayed = 0;
        try (ProducerTemplate template = camelContext.createProducerTemplate()) {
            for (String text : Files.readAllLines(taken, StandardCharsets.UTF_8)) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode line = mapper.readTree(text);
                Exchange result = template.send(replayUri, exchange -> {
                    line.path("headers").fields().forEachRemaining(h -> exchange.getMessage().setHeader(h.getKey(),
                            h.getValue().asText()));
                    JsonNode event = line.path("event");
                    exchange.getMessage().setBody(event.isTextual() ? event.asText() : event.toString());
                    exchange.getMessage().setHeader("CodingReplay", true);
                });
                if (result.getException() != null || result.getProperty(Exchange.EXCEPTION_CAUGHT) != null) {
                    failedAgain.add(text);
                } else {
                    replayed++;
                }
            }
        }
        if (!failedAgain.isEmpty()) {
            Files.write(file, failedAgain, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        Files.delete(taken);
        LOG.info("Replayed {} dead letters; {} failed again and stay in {}", replayed, failedAgain.size(), file);
        return replayed;
    }

    /** How many dead letters wait for replay. */
    public long count() throws IOException {
        Path file = file();
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }

    public Path file() {
        return Path.of(directory, FILE_NAME);
    }

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public String getReplayUri() {
        return replayUri;
    }

    public void setReplayUri(String replayUri) {
        this.replayUri = replayUri;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
