package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, unauthenticated control API for driving a running simulator with curl (not part of CODING):
 * <ul>
 *   <li>{@code GET  /_simulator/counters} – calls per action</li>
 *   <li>{@code POST /_simulator/issues {"Type":"MISSION","Name":"..."}} – create an issue</li>
 *   <li>{@code POST /_simulator/issues/{code}/status {"Status":"已完成"}} – change an issue's status</li>
 *   <li>{@code POST /_simulator/issues/{code}/comments {"Content":"..."}} – comment</li>
 *   <li>{@code POST /_simulator/fields {"Name":"..","ComponentType":"SELECT_SINGLE","Options":[..],"IssueTypes":[..]}}
 *   – add a custom issue field</li>
 *   <li>{@code POST /_simulator/hooks {"Url":"...","Secret":"...","Events":[]}} – register a Service Hook</li>
 *   <li>{@code GET  /_simulator/deliveries} – the delivery log</li>
 *   <li>{@code GET  /_simulator/projects} – the team's projects</li>
 *   <li>{@code POST /_simulator/projects {"Name":"mobile-app","Issues":500,"Iterations":3,"Members":4}} – add a
 *   project</li>
 *   <li>{@code DELETE /_simulator/projects/{name}} – remove a project</li>
 *   <li>{@code POST /_simulator/projects/{name}/access {"Access":"HIDDEN"}} – FULL, DENIED or HIDDEN</li>
 *   <li>{@code POST /_simulator/service-hooks {"Deny":true}} – deny (or allow again) the Service Hook actions</li>
 * </ul>
 * {@code POST /_simulator/issues} takes an optional {@code "Project"} (default: the default project).
 */
final class AdminHandler implements HttpHandler {

    private final CodingSimulator sim;

    AdminHandler(CodingSimulator sim) {
        this.sim = sim;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
            String method = ex.getRequestMethod();
            byte[] raw = ex.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(raw);
            ObjectNode out = Json.MAPPER.createObjectNode();
            String[] parts = path.split("/");
            if ("GET".equals(method) && path.equals("/_simulator/counters")) {
                out.set("Received", Json.MAPPER.valueToTree(sim.counters().snapshot()));
                out.set("Errors", Json.MAPPER.valueToTree(sim.counters().errorSnapshot()));
            } else if ("POST".equals(method) && path.equals("/_simulator/issues")) {
                SimulatedProject project = body.hasNonNull("Project")
                        ? sim.project(body.get("Project").asText())
                        : sim.defaultProject();
                out.put(
                        "Code",
                        project.createIssue(
                                body.path("Type").asText("MISSION"),
                                body.path("Name").asText("Created with curl")));
            } else if ("GET".equals(method) && path.equals("/_simulator/projects")) {
                ArrayNode list = out.putArray("Projects");
                for (SimulatedProject p : sim.projects()) {
                    ObjectNode n = list.addObject();
                    n.put("Name", p.name());
                    n.put("Id", p.id());
                    n.put("Issues", p.data().issueCount());
                }
            } else if ("POST".equals(method) && path.equals("/_simulator/projects")) {
                SimulatedProject added = sim.addProject(body.path("Name").asText(""), s -> {
                    s.issues(body.path("Issues").asInt(20));
                    s.iterations(body.path("Iterations").asInt(3));
                    s.members(body.path("Members").asInt(4));
                });
                out.put("Name", added.name());
                out.put("Id", added.id());
            } else if ("DELETE".equals(method) && parts.length == 4 && parts[2].equals("projects")) {
                sim.removeProject(parts[3]);
                out.put("Removed", parts[3]);
            } else if ("POST".equals(method)
                    && parts.length == 5
                    && parts[2].equals("projects")
                    && parts[4].equals("access")) {
                ProjectAccess access;
                try {
                    access = ProjectAccess.valueOf(body.path("Access").asText(""));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Access is one of FULL, DENIED, HIDDEN");
                }
                sim.projectAccess(parts[3], access);
                out.put("Access", access.name());
            } else if ("POST".equals(method) && path.equals("/_simulator/service-hooks")) {
                boolean deny = body.path("Deny").asBoolean(false);
                String project = body.path("Project").asText("");
                if (project.isBlank()) {
                    sim.denyServiceHooks(deny);
                } else {
                    sim.denyServiceHooks(project, deny);
                    out.put("Project", project);
                }
                out.put("Deny", deny);
            } else if ("POST".equals(method)
                    && parts.length == 5
                    && parts[2].equals("issues")
                    && parts[4].equals("status")) {
                sim.updateIssue(
                        Integer.parseInt(parts[3]),
                        e -> e.status(body.path("Status").asText()));
                out.put("Code", Integer.parseInt(parts[3]));
            } else if ("POST".equals(method)
                    && parts.length == 5
                    && parts[2].equals("issues")
                    && parts[4].equals("comments")) {
                out.put(
                        "CommentId",
                        sim.addComment(
                                Integer.parseInt(parts[3]), body.path("Content").asText("")));
            } else if ("POST".equals(method) && path.equals("/_simulator/fields")) {
                List<String> options = new ArrayList<>();
                body.path("Options").forEach(o -> options.add(o.asText()));
                List<String> types = new ArrayList<>();
                body.path("IssueTypes").forEach(t -> types.add(t.asText()));
                out.put(
                        "Id",
                        sim.addCustomField(
                                body.path("Name").asText("新字段"),
                                body.path("ComponentType").asText("TEXT_SINGLE_LINE"),
                                options,
                                types));
            } else if ("POST".equals(method) && path.equals("/_simulator/hooks")) {
                List<String> events = new ArrayList<>();
                body.path("Events").forEach(e -> events.add(e.asText()));
                String secret = body.hasNonNull("Secret") ? body.get("Secret").asText() : null;
                out.put("Id", sim.registerHook(body.path("Url").asText(), secret, events));
            } else if ("GET".equals(method) && path.equals("/_simulator/deliveries")) {
                ArrayNode list = out.putArray("Deliveries");
                for (HookDelivery d : sim.deliveries()) {
                    ObjectNode n = list.addObject();
                    n.put("DeliveryId", d.deliveryId());
                    n.put("Event", d.event());
                    n.put("Url", d.url());
                    n.put("ResponseStatus", d.responseStatus());
                    n.put("Error", d.error());
                }
            } else {
                send(ex, 404, error("not found: " + method + " " + path));
                return;
            }
            send(ex, 200, out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            send(ex, 400, error(e.getMessage()));
        } finally {
            ex.close();
        }
    }

    private static ObjectNode error(String message) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("Error", message);
        return n;
    }

    private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
