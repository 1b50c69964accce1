package dev.camelcoding.component;

import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.status.TableStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.URISupport;
import org.apache.camel.util.json.JsonObject;

/**
 * The {@code coding} dev console (Camel's developer console: {@code camel get dev-console coding}, or
 * /observe/dev/coding on the management server when dev consoles are on): per {@code coding:} endpoint of the
 * context, its source (team, project, table, mode), its health (the last failure's reason and message), the sync's
 * position as the state store holds it (phase, cursor, lag behind now, last poll), and whether this context runs
 * the source's change log reader. Secrets never appear: URIs are sanitized, credentials are not read.
 */
@DevConsole(
        name = "coding",
        group = "camel-coding",
        displayName = "CODING DevOps",
        description = "Sources, cursors, change log reader and lag of the coding: endpoints")
public class CodingDevConsole extends AbstractDevConsole {

    public CodingDevConsole() {
        super(
                "camel-coding",
                "coding",
                "CODING DevOps",
                "Sources, cursors, change log reader and lag of the coding: endpoints");
    }

    /** What the console shows of one endpoint (the text and JSON forms are both built from it). */
    record Source(
            String uri,
            String team,
            String project,
            String table,
            String mode,
            String problem,
            String message,
            long lastSuccessAt,
            boolean stopped,
            String phase,
            Instant cursor,
            Long lagSeconds,
            Instant lastPoll,
            long totalEvents,
            boolean readerHere) {}

    List<Source> sources() {
        List<Source> sources = new ArrayList<>();
        Instant now = Instant.now();
        for (Endpoint e : getCamelContext().getEndpoints()) {
            if (!(e instanceof CodingEndpoint endpoint)) {
                continue;
            }
            CodingConfiguration config = endpoint.getConfiguration();
            CodingHealth health = endpoint.health();
            TableStatus status = readStatus(endpoint);
            boolean readerHere = config.getLogCache() != null
                    && !"none".equals(config.getLogCache().trim())
                    && endpoint.getComponent().reader(endpoint.logSource()).isPresent();
            sources.add(new Source(
                    URISupport.sanitizeUri(endpoint.getEndpointUri()),
                    config.getTeamName(),
                    config.getProjectName(),
                    endpoint.getTable().uriName(),
                    String.valueOf(config.getMode()),
                    health.problem(),
                    health.message(),
                    health.lastSuccessAt(),
                    health.permanentFailure() != null,
                    status == null ? null : status.phase().name(),
                    status == null ? null : status.cursor().orElse(null),
                    status == null
                            ? null
                            : status.lag(now).map(d -> d.toSeconds()).orElse(null),
                    status == null ? null : status.lastPoll().orElse(null),
                    status == null ? 0 : status.totalEvents(),
                    readerHere));
        }
        return sources;
    }

    /** The endpoint's sync position, or null before it has a state store (not started) or when it cannot be read. */
    private static TableStatus readStatus(CodingEndpoint endpoint) {
        try {
            return new CodingStatusReader(endpoint.stateRepository())
                    .read(endpoint.getTable(), endpoint.stateKeyPrefix());
        } catch (RuntimeException unavailable) {
            return null;
        }
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder text = new StringBuilder();
        for (Source s : sources()) {
            text.append(String.format("%s/%s/%s (%s)%n", s.team(), s.project(), s.table(), s.mode()));
            text.append(String.format("    uri: %s%n", s.uri()));
            text.append(String.format(
                    "    health: %s%n",
                    s.problem() == null
                            ? "UP"
                            : "DOWN " + s.problem() + (s.stopped() ? " (stopped)" : "") + ": " + s.message()));
            text.append(String.format(
                    "    phase: %s, cursor: %s, lag: %s, last poll: %s, events: %d%n",
                    s.phase(),
                    s.cursor(),
                    s.lagSeconds() == null ? "-" : s.lagSeconds() + "s",
                    s.lastPoll(),
                    s.totalEvents()));
            text.append(String.format("    change log reader in this context: %s%n", s.readerHere() ? "yes" : "no"));
        }
        return text.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        List<JsonObject> list = new ArrayList<>();
        for (Source s : sources()) {
            JsonObject jo = new JsonObject();
            jo.put("uri", s.uri());
            jo.put("team", s.team());
            jo.put("project", s.project());
            jo.put("table", s.table());
            jo.put("mode", s.mode());
            jo.put("state", s.problem() == null ? "UP" : "DOWN");
            if (s.problem() != null) {
                jo.put("reason", s.problem());
                jo.put("message", s.message());
                jo.put("stopped", s.stopped());
            }
            jo.put("lastSuccessAt", s.lastSuccessAt());
            jo.put("phase", s.phase());
            jo.put("cursor", s.cursor() == null ? null : s.cursor().toString());
            jo.put("lagSeconds", s.lagSeconds());
            jo.put("lastPoll", s.lastPoll() == null ? null : s.lastPoll().toString());
            jo.put("totalEvents", s.totalEvents());
            jo.put("readerHere", s.readerHere());
            list.add(jo);
        }
        root.put("sources", list);
        return root;
    }
}
